package dev.needle.activities.iteration;

import java.util.List;

import dev.needle.activities.labeling.Label;
import dev.needle.workflows.messages.values.BatchItem;

/**
 * Everything the database holds about one iteration for one reader, read in one transaction: the row, its batch as
 * the reader may see it (see {@link dev.needle.activities.assignment.Assignments#shareOf}) and the labels on it, its
 * events and skipped files, and while it embeds or predicts in shards, that step's run. What Temporal knows (heartbeats)
 * is no part of it: that is asked afterwards, outside the transaction.
 *
 * @param wholeBatch whether {@code batch} is the whole batch rather than the reader's share
 * @param shardedRun the embed step's run while the iteration runs at EMBED, the predict step's while it runs an ONNX
 *        network at PREDICT; null otherwise or before the step is planned
 */
public record IterationRecord(Iteration iteration, String dataset, boolean wholeBatch, List<BatchItem> batch,
        List<Label> labels, List<IterationEvent> events, IterationSkips.Skipped skipped,
        ShardedRun shardedRun) {
}
