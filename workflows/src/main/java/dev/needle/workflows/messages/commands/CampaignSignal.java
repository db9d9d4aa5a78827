package dev.needle.workflows.messages.commands;

/** Pause, resume or stop a campaign: who asked, and why (optional). */
public record CampaignSignal(String by, String reason) {
}
