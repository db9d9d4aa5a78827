package dev.needle.workflows.messages.commands;

import dev.needle.workflows.messages.values.CampaignStatus;

public record RecordCampaignState(long campaignId, CampaignStatus status, String by) {
}
