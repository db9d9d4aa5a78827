package dev.needle.workflows.messages.commands;

/** Decide how to embed a dataset: reuse the cached matrix, or cut its samples into shards of {@code shardSize}. */
public record PlanEmbedding(long iterationId, long datasetId, int shardSize) {
}
