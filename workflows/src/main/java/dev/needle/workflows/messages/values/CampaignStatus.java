package dev.needle.workflows.messages.values;

public enum CampaignStatus {
    RUNNING,
    /** No new round starts until resumed; a round already running goes on. */
    PAUSED,
    STOPPED
}
