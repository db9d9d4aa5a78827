package dev.needle.workflows.messages.queries;

import java.util.List;

import dev.needle.workflows.messages.values.CampaignStatus;
import dev.needle.workflows.messages.values.StopReason;

/** What the campaign workflow knows now; {@code currentRound} is the iteration round running, if any. */
public record CampaignState(
        CampaignStatus status,
        int roundsDone,
        Integer currentRound,
        List<Double> accuracies,
        StopReason stopReason,
        String stopDetail) {
}
