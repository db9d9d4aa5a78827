package dev.needle.workflows.messages.commands;

/**
 * Embed shard {@code shard} of a dataset: its samples in id order from {@code shard × shardSize}, at most
 * {@code shardSize} of them.
 *
 * @param embedder the embedder id the plan chose; a shard refuses to run if the project's embedder changed since
 */
public record EmbedShard(long iterationId, long datasetId, String embedder, int shardSize, int shard) {
}
