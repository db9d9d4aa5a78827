package dev.needle.web.iteration;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.project.Project;
import dev.needle.activities.trainer.TrainerConfig;
import dev.needle.web.NeedleConfig;
import dev.needle.web.problem.ProblemException;
import dev.needle.workflows.messages.values.DeadlinePolicy;
import dev.needle.workflows.messages.values.DeadlineRules;
import dev.needle.workflows.messages.values.RetrainTrigger;
import dev.needle.workflows.messages.values.TrainerKind;

/**
 * An iteration's labeling deadline rules and trainer: chosen on start (request, else project, else config), checked,
 * kept on the iteration row, and handed to the workflow from there, so a resumed iteration keeps what it started with.
 */
final class RoundRules {

    private RoundRules() {
    }

    /** Checks the request's choices and writes them, with the defaults filled in, onto the new row. */
    static void choose(StartIteration request, Project project, NeedleConfig config, TrainerConfig trainers,
            Iteration row) {
        Duration deadline;
        if (request.deadlineAt() != null) {
            if (request.deadline() != null)
                throw ProblemException.badRequest("deadlineAt", "give either deadline or deadlineAt, not both");
            deadline = Duration.between(Instant.now(), request.deadlineAt());
            if (!positive(deadline))
                throw ProblemException.badRequest("deadlineAt", "is in the past: " + request.deadlineAt());
        } else {
            deadline = request.deadline() == null ? config.labeling().defaultDeadline() : request.deadline();
            if (!positive(deadline))
                throw ProblemException.badRequest("deadline", "must be a positive ISO-8601 duration such as P3D");
        }
        row.labelingDeadlineSeconds = Math.max(1, deadline.toSeconds());

        String policy = request.deadlinePolicy() == null ? config.labeling().deadlinePolicy() : request.deadlinePolicy();
        row.deadlinePolicy = parse(DeadlinePolicy.class, policy, "deadlinePolicy").name();
        Duration extension = request.deadlineExtension() == null
                ? config.labeling().deadlineExtension()
                : request.deadlineExtension();
        if (!positive(extension))
            throw ProblemException.badRequest("deadlineExtension", "must be a positive ISO-8601 duration such as P2D");
        row.deadlineExtensionSeconds = extension.toSeconds();
        List<Double> reminders = request.reminders() == null ? config.labeling().reminders() : request.reminders();
        for (int i = 0; i < reminders.size(); i++) {
            Double f = reminders.get(i);
            if (f == null || !(f > 0 && f < 1))
                throw ProblemException.badRequest("reminders[" + i + "]", "must be a fraction between 0 and 1, got " + f);
        }
        row.reminderFractions = reminders.stream().sorted().distinct().map(String::valueOf)
                .collect(Collectors.joining(","));

        String trainer = request.trainer() != null ? request.trainer()
                : project.trainer != null ? project.trainer : trainers.kind();
        row.trainer = parse(TrainerKind.class, trainer, "trainer").name();
        Duration timeout = request.trainerTimeout() == null ? trainers.timeout() : request.trainerTimeout();
        if (!positive(timeout))
            throw ProblemException.badRequest("trainerTimeout", "must be a positive ISO-8601 duration such as PT6H");
        row.trainerTimeoutSeconds = timeout.toSeconds();
        int attempts = request.trainerAttempts() == null ? trainers.attempts() : request.trainerAttempts();
        if (attempts < 1)
            throw ProblemException.badRequest("trainerAttempts", "must be at least 1");
        row.trainerAttempts = attempts;
    }

    /** The row's deadline rules; rows from before deadline rules proceed on expiry without reminders. */
    static DeadlineRules deadlineRules(Iteration row) {
        if (row.deadlinePolicy == null)
            return DeadlineRules.PROCEED_SILENTLY;
        List<Double> reminders = row.reminderFractions == null || row.reminderFractions.isBlank()
                ? List.of()
                : Arrays.stream(row.reminderFractions.split(",")).map(Double::valueOf).toList();
        return new DeadlineRules(DeadlinePolicy.valueOf(row.deadlinePolicy),
                Duration.ofSeconds(row.deadlineExtensionSeconds == null ? 0 : row.deadlineExtensionSeconds), reminders);
    }

    static RetrainTrigger trainer(Iteration row) {
        if (row.trainer == null)
            return RetrainTrigger.BUILTIN;
        return new RetrainTrigger(TrainerKind.valueOf(row.trainer), Duration.ofSeconds(row.trainerTimeoutSeconds),
                row.trainerAttempts);
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field, "unknown value " + value + "; one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }
}
