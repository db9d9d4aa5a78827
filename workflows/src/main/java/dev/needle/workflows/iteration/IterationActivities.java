package dev.needle.workflows.iteration;

import io.temporal.activity.ActivityInterface;

import dev.needle.workflows.messages.commands.FinishIteration;
import dev.needle.workflows.messages.commands.RecordStep;
import dev.needle.workflows.messages.queries.IterationProgress;

/** The iteration's own bookkeeping in the database: the durable record a restarted Needle resumes from. */
@ActivityInterface
public interface IterationActivities {

    IterationProgress load(long iterationId);

    void recordStep(RecordStep command);

    void finish(FinishIteration command);
}
