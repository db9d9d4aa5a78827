package dev.needle.workflows.assignment;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface AssignmentActivities {

    /**
     * Splits the iteration's recorded batch among its annotators as planned when it started. Idempotent: a batch
     * already split is left as it is (reassignments included).
     */
    void assign(long iterationId);
}
