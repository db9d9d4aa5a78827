package dev.needle.workflows.messages.values;

/**
 * How the embed step will run.
 *
 * @param cachedArtifact the embeddings artifact when this dataset snapshot was embedded with this embedder before;
 *        then there is nothing to do
 * @param embedder the project's embedder id
 * @param samples the dataset's sample count (pool and eval)
 * @param shards how many shards the samples are cut into
 */
public record EmbeddingPlan(String cachedArtifact, String embedder, int samples, int shards) {
}
