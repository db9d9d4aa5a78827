package dev.needle.workflows.messages.commands;

import dev.needle.workflows.messages.values.StopReason;

public record FinishCampaign(long campaignId, StopReason reason, String detail) {
}
