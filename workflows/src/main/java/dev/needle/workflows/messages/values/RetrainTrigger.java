package dev.needle.workflows.messages.values;

import java.time.Duration;

/**
 * The trainer of one iteration and how long the workflow waits for it.
 *
 * @param timeout how long one attempt of an external trainer may take before it counts as lost
 * @param attempts how many attempts an external trainer gets before the iteration fails (and can be retried)
 */
public record RetrainTrigger(TrainerKind kind, Duration timeout, int attempts) {

    public static final RetrainTrigger BUILTIN = new RetrainTrigger(TrainerKind.BUILTIN, Duration.ofHours(2), 10);
}
