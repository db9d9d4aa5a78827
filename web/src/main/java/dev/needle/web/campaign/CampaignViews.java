package dev.needle.web.campaign;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonRawValue;

import dev.needle.web.iteration.StartIteration;
import dev.needle.workflows.messages.values.CampaignStatus;
import dev.needle.workflows.messages.values.StopReason;

public final class CampaignViews {

    private CampaignViews() {
    }

    /**
     * @param round every round is started like this iteration (same strategy, batch size, deadline, assignment)
     * @param stop the stopping rules; {@code maxRounds} is required
     * @param continueAsNewEvery rounds per workflow run before it continues as new; default 10
     */
    public record StartCampaign(StartIteration round, Stop stop, Integer continueAsNewEvery) {
    }

    /**
     * @param targetAccuracy stop once a round's accuracy reaches this (0 to 1)
     * @param plateauEpsilon with {@code plateauRounds} m: stop when the last m rounds beat the best before them by
     *        less than this
     * @param maxRounds stop after this many rounds (1 to 1000)
     */
    public record Stop(Double targetAccuracy, Double plateauEpsilon, Integer plateauRounds, Integer maxRounds) {
    }

    public record Signal(String reason) {
    }

    /**
     * A campaign: its status (live from the workflow while it runs), the rounds it ran and, once stopped, why.
     */
    public record Campaign(
            long id, String project, CampaignStatus status, int roundsDone, Integer currentRound, Double bestAccuracy,
            StopReason stopReason, String stopDetail, @JsonRawValue String settings, List<Event> events,
            Instant createdAt, Instant finishedAt) {
    }

    public record Event(Instant at, String kind, Integer round, String detail) {
    }
}
