package dev.needle.web.campaign;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

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
     * @param continueAsNewEvery rounds per workflow run before it continues as new, 1 to 1000; default 10
     */
    public record StartCampaign(
            @NotNull(message = "the iteration every round starts with is required") @Valid StartIteration round,
            @NotNull(message = "is required: every campaign ends after a number of rounds (maxRounds)") @Valid Stop stop,
            @Min(value = 1, message = "must be at least 1") @Max(1000) Integer continueAsNewEvery) {
    }

    /**
     * @param targetAccuracy stop once a round's accuracy reaches this (0 to 1)
     * @param plateauEpsilon with {@code plateauRounds} m: stop when the last m rounds beat the best before them by
     *        less than this (0 to 1)
     * @param plateauRounds m, 1 to 1000
     * @param maxRounds stop after this many rounds (1 to 1000)
     */
    public record Stop(
            @DecimalMin(value = "0", inclusive = false, message = "must be above 0 and at most 1") @DecimalMax(value = "1", message = "must be above 0 and at most 1") Double targetAccuracy,
            @DecimalMin(value = "0", message = "must be between 0 and 1") @DecimalMax(value = "1", message = "must be between 0 and 1") Double plateauEpsilon,
            @Min(value = 1, message = "must be at least 1") @Max(1000) Integer plateauRounds,
            @NotNull(message = "is required: every campaign ends after a number of rounds") @Min(value = 1, message = ROUNDS) @Max(value = 1000, message = ROUNDS) Integer maxRounds) {

        static final String ROUNDS = "must be between 1 and 1000";
    }

    /** @param reason why, at most 1000 characters: it is recorded with who gave it in the campaign's events */
    public record Signal(@Size(max = 1000) String reason) {
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
