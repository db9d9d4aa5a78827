package dev.needle.workflows.messages.values;

import java.time.Duration;
import java.util.List;

/**
 * How a labeling round treats its deadline.
 *
 * @param policy what expiry does
 * @param extension how far {@link DeadlinePolicy#EXTEND} moves the deadline (once); ignored by the other policies
 * @param reminders fractions of the round's time, each in (0, 1), at which a reminder is recorded and sent
 */
public record DeadlineRules(DeadlinePolicy policy, Duration extension, List<Double> reminders) {

    /** What a round started before deadline rules existed does: proceed on expiry, no reminders. */
    public static final DeadlineRules PROCEED_SILENTLY = new DeadlineRules(DeadlinePolicy.PROCEED, Duration.ZERO, List.of());

    public DeadlineRules {
        reminders = reminders == null ? List.of() : reminders.stream().sorted().distinct().toList();
        extension = extension == null ? Duration.ZERO : extension;
    }
}
