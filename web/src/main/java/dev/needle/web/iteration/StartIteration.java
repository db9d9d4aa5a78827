package dev.needle.web.iteration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import dev.needle.web.assignment.AssignmentRequest;

/**
 * Checked before anything else when a round or a campaign starts: names no longer than their columns, durations and
 * deadlines positive and under ten years, counts of at least one; what depends on the project (the scorer, the batch against
 * the
 * unlabeled pool, an import's dataset) is checked next, by the domain.
 *
 * @param strategy RANDOM, UNCERTAINTY, CORESET or CORAL
 * @param batchSize how many images to select, at least 1 and at most the number of unlabeled pool images
 * @param seed makes the selection reproducible; default 0
 * @param scorer the uncertainty score UNCERTAINTY and CORAL use; default {@code uncertainty_margin}
 * @param deadline ISO-8601 duration of the labeling round, e.g. {@code P3D}; default {@code needle.labeling.default-deadline}
 * @param dataset name of the dataset to select from; default the project's newest
 * @param deadlineAt the labeling deadline as an instant, instead of {@code deadline}; ahead, by at most 3650 days
 * @param deadlinePolicy on expiry EXTEND (once), PROCEED or CANCEL; default {@code needle.labeling.deadline-policy}
 * @param deadlineExtension how far EXTEND moves the deadline; default {@code needle.labeling.deadline-extension}
 * @param reminders at most 8 fractions of the labeling time at which to remind, each in (0, 1); {@code []} for none;
 *        default {@code needle.labeling.reminders}
 * @param trainer BUILTIN, WEBHOOK or KUBERNETES; default the project's trainer
 * @param trainerTimeout how long one attempt of an external trainer may take; default {@code needle.trainer.timeout}
 * @param trainerAttempts attempts an external trainer gets, 1 to 100; default {@code needle.trainer.attempts}
 * @param embeddingsImport id of imported embeddings of that dataset to use instead of running the embed step
 * @param predictionsImport id of imported predictions of that dataset to use instead of running the predict step
 * @param assignment how the batch is split among annotators; default round-robin among every known annotator
 */
public record StartIteration(
        @Size(max = 20) String strategy,
        @NotNull(message = "is required") @Positive(message = "must be a positive number") Integer batchSize,
        Long seed,
        @Size(max = 64) String scorer,
        @DurationMin(seconds = 1, message = DURATION) @DurationMax(days = DAYS, message = AT_MOST) Duration deadline,
        @Size(max = 200) String dataset,
        @Ahead(days = DAYS) Instant deadlineAt,
        @Size(max = 16) String deadlinePolicy,
        @DurationMin(seconds = 1, message = DURATION) @DurationMax(days = DAYS, message = AT_MOST) Duration deadlineExtension,
        // Kept comma-separated in iteration.reminder_fractions varchar(200), which 8 doubles fit.
        @Size(max = 8) List<@NotNull(message = FRACTION) @DecimalMin(value = "0", inclusive = false, message = FRACTION) @DecimalMax(value = "1", inclusive = false, message = FRACTION) Double> reminders,
        @Size(max = 16) String trainer,
        @DurationMin(seconds = 1, message = DURATION) @DurationMax(days = DAYS, message = AT_MOST) Duration trainerTimeout,
        @Min(value = 1, message = "must be at least 1") @Max(100) Integer trainerAttempts,
        @KnownImport Long embeddingsImport,
        @KnownImport Long predictionsImport,
        @Valid AssignmentRequest assignment) {

    static final long DAYS = 3650;
    static final String DURATION = "must be a positive ISO-8601 duration, e.g. P3D or PT6H";
    static final String AT_MOST = "must be at most 3650 days (P3650D)";
    static final String FRACTION = "must be a fraction between 0 and 1";
}
