package dev.needle.web.iteration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.needle.web.assignment.AssignmentRequest;

/**
 * @param strategy RANDOM, UNCERTAINTY, CORESET or CORAL
 * @param batchSize how many images to select, at most the number of unlabeled pool images
 * @param seed makes the selection reproducible; default 0
 * @param scorer the uncertainty score UNCERTAINTY and CORAL use; default {@code uncertainty_margin}
 * @param deadline ISO-8601 duration of the labeling round, e.g. {@code P3D}; default {@code needle.labeling.default-deadline}
 * @param dataset name of the dataset to select from; default the project's newest
 * @param deadlineAt the labeling deadline as an instant, instead of {@code deadline}; must be in the future
 * @param deadlinePolicy on expiry EXTEND (once), PROCEED or CANCEL; default {@code needle.labeling.deadline-policy}
 * @param deadlineExtension how far EXTEND moves the deadline; default {@code needle.labeling.deadline-extension}
 * @param reminders fractions of the labeling time at which to remind, each in (0, 1); {@code []} for none; default
 *        {@code needle.labeling.reminders}
 * @param trainer BUILTIN, WEBHOOK or KUBERNETES; default the project's trainer
 * @param trainerTimeout how long one attempt of an external trainer may take; default {@code needle.trainer.timeout}
 * @param trainerAttempts attempts an external trainer gets; default {@code needle.trainer.attempts}
 * @param embeddingsImport id of imported embeddings of that dataset to use instead of running the embed step
 * @param predictionsImport id of imported predictions of that dataset to use instead of running the predict step
 * @param assignment how the batch is split among annotators; default round-robin among every known annotator
 */
public record StartIteration(
        String strategy,
        Integer batchSize,
        Long seed,
        String scorer,
        Duration deadline,
        String dataset,
        Instant deadlineAt,
        String deadlinePolicy,
        Duration deadlineExtension,
        List<Double> reminders,
        String trainer,
        Duration trainerTimeout,
        Integer trainerAttempts,
        Long embeddingsImport,
        Long predictionsImport,
        AssignmentRequest assignment) {
}
