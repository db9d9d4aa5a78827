package dev.needle.web.iteration;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.needle.activities.iteration.RoundRules;
import dev.needle.activities.project.Project;
import dev.needle.activities.trainer.TrainerConfig;
import dev.needle.web.NeedleConfig;
import dev.needle.web.problem.ProblemException;
import dev.needle.workflows.messages.values.DeadlinePolicy;
import dev.needle.workflows.messages.values.TrainerKind;

/**
 * Chooses an iteration's labeling deadline rules and trainer on start: the request's, else the project's, else config;
 * each checked and refused by field.
 */
final class RoundChoices {

    private RoundChoices() {
    }

    static RoundRules choose(StartIteration request, Project project, NeedleConfig config, TrainerConfig trainers) {
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

        String policy = request.deadlinePolicy() == null ? config.labeling().deadlinePolicy() : request.deadlinePolicy();
        Duration extension = request.deadlineExtension() == null
                ? config.labeling().deadlineExtension()
                : request.deadlineExtension();
        if (!positive(extension))
            throw ProblemException.badRequest("deadlineExtension", "must be a positive ISO-8601 duration such as P2D");
        List<Double> reminders = request.reminders() == null ? config.labeling().reminders() : request.reminders();
        for (int i = 0; i < reminders.size(); i++) {
            Double f = reminders.get(i);
            if (f == null || !(f > 0 && f < 1))
                throw ProblemException.badRequest("reminders[" + i + "]", "must be a fraction between 0 and 1, got " + f);
        }

        String trainer = request.trainer() != null ? request.trainer()
                : project.trainer != null ? project.trainer : trainers.kind();
        Duration timeout = request.trainerTimeout() == null ? trainers.timeout() : request.trainerTimeout();
        if (!positive(timeout))
            throw ProblemException.badRequest("trainerTimeout", "must be a positive ISO-8601 duration such as PT6H");
        int attempts = request.trainerAttempts() == null ? trainers.attempts() : request.trainerAttempts();
        if (attempts < 1)
            throw ProblemException.badRequest("trainerAttempts", "must be at least 1");
        return new RoundRules(
                Math.max(1, deadline.toSeconds()),
                parse(DeadlinePolicy.class, policy, "deadlinePolicy"),
                extension.toSeconds(),
                reminders.stream().sorted().distinct().map(String::valueOf).collect(Collectors.joining(",")),
                parse(TrainerKind.class, trainer, "trainer"),
                timeout.toSeconds(),
                attempts);
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
