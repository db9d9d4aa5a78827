package dev.needle.workflows.messages.queries;

import dev.needle.workflows.messages.values.IterationStatus;
import dev.needle.workflows.messages.values.Step;

/** What the workflow knows right now; the database row is the durable view of the same iteration. */
public record IterationState(
        Step step,
        IterationStatus status,
        int batchSize,
        int labeled,
        boolean labelingDone,
        boolean deadlineExpired,
        boolean coldStart,
        String strategyUsed,
        String modelVersion,
        Double accuracy) {
}
