package dev.needle.workflows.messages.commands;

/**
 * Predict shard {@code shard} of a pool: rows {@code shard × shardSize} to at most {@code shardSize} further of the
 * embeddings matrix, with model {@code modelId}; only unlabeled pool rows get a prediction.
 */
public record PredictShard(long iterationId, long datasetId, String embeddingsArtifact, long modelId, int shardSize,
        int shard) {
}
