package dev.needle.activities.iteration;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.needle.workflows.messages.values.DeadlinePolicy;
import dev.needle.workflows.messages.values.DeadlineRules;
import dev.needle.workflows.messages.values.RetrainTrigger;
import dev.needle.workflows.messages.values.TrainerKind;

/**
 * An iteration's labeling deadline rules and trainer as chosen on start (checked by the API), kept on the iteration
 * row and handed to the workflow from there, so a resumed iteration keeps what it started with.
 *
 * @param reminderFractions comma-separated fractions of the labeling time, ascending; empty for none
 */
public record RoundRules(
        long labelingDeadlineSeconds,
        DeadlinePolicy deadlinePolicy,
        long deadlineExtensionSeconds,
        String reminderFractions,
        TrainerKind trainer,
        long trainerTimeoutSeconds,
        int trainerAttempts) {

    void applyTo(Iteration row) {
        row.labelingDeadlineSeconds = labelingDeadlineSeconds;
        row.deadlinePolicy = deadlinePolicy.name();
        row.deadlineExtensionSeconds = deadlineExtensionSeconds;
        row.reminderFractions = reminderFractions;
        row.trainer = trainer.name();
        row.trainerTimeoutSeconds = trainerTimeoutSeconds;
        row.trainerAttempts = trainerAttempts;
    }

    /** The row's deadline rules; rows from before deadline rules proceed on expiry without reminders. */
    public static DeadlineRules deadlineRules(Iteration row) {
        if (row.deadlinePolicy == null)
            return DeadlineRules.PROCEED_SILENTLY;
        List<Double> reminders = row.reminderFractions == null || row.reminderFractions.isBlank()
                ? List.of()
                : Arrays.stream(row.reminderFractions.split(",")).map(Double::valueOf).toList();
        return new DeadlineRules(DeadlinePolicy.valueOf(row.deadlinePolicy),
                Duration.ofSeconds(row.deadlineExtensionSeconds == null ? 0 : row.deadlineExtensionSeconds), reminders);
    }

    /** The row's trainer; rows from before external trainers use the built-in one. */
    public static RetrainTrigger trainer(Iteration row) {
        if (row.trainer == null)
            return RetrainTrigger.BUILTIN;
        return new RetrainTrigger(TrainerKind.valueOf(row.trainer), Duration.ofSeconds(row.trainerTimeoutSeconds),
                row.trainerAttempts);
    }
}
