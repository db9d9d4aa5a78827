package dev.needle.workflows.messages.commands;

import java.util.List;

/** Join the shards' matrices, in shard order, into the dataset's one embeddings artifact and cache it. */
public record MergeShards(long iterationId, long datasetId, String embedder, int shardSize, List<String> shardArtifacts) {
}
