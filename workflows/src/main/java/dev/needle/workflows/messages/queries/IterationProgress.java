package dev.needle.workflows.messages.queries;

import java.util.List;
import java.util.Set;

import dev.needle.workflows.messages.commands.CancelIteration;
import dev.needle.workflows.messages.commands.LabelingDone;
import dev.needle.workflows.messages.values.BatchItem;
import dev.needle.workflows.messages.values.Step;
import dev.needle.workflows.messages.values.StepOutputs;

/**
 * What the database says an iteration has done so far. A fresh iteration has an empty record; a resumed one skips
 * every step whose output is recorded here.
 *
 * @param step the step the iteration last entered; null for a fresh one
 * @param outputs what its steps have produced
 * @param batch the selected batch, empty until the query step is recorded
 * @param labeledInBatch file names of batch images that already have a label
 * @param classes the project's classes, which a label must be one of
 * @param labelingDone labeling declared done, as the API recorded it before answering; null if not (or recorded by
 *        code from before it was)
 * @param cancel the cancellation the API recorded before answering; null if none
 */
public record IterationProgress(
        Step step,
        StepOutputs outputs,
        List<BatchItem> batch,
        Set<String> labeledInBatch,
        List<String> classes,
        LabelingDone labelingDone,
        CancelIteration cancel) {
}
