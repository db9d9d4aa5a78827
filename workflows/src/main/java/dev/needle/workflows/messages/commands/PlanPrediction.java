package dev.needle.workflows.messages.commands;

/**
 * Decide how to predict a pool: which model (the project's current one, pinned for every shard) and how many shards of
 * {@code shardSize} rows of the embeddings matrix.
 */
public record PlanPrediction(long iterationId, long projectId, long datasetId, String embeddingsArtifact, int shardSize) {
}
