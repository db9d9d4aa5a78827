package dev.needle.workflows.embedding;

import io.temporal.activity.ActivityInterface;

import dev.needle.workflows.messages.commands.EmbedShard;
import dev.needle.workflows.messages.commands.MergeShards;
import dev.needle.workflows.messages.commands.PlanEmbedding;
import dev.needle.workflows.messages.values.EmbeddingPlan;

@ActivityInterface
public interface EmbeddingActivities {

    /** The cached artifact, or how many shards the dataset's samples make; records the embed step's start. */
    EmbeddingPlan plan(PlanEmbedding command);

    /**
     * Embeds one shard and returns its matrix's artifact id; files that cannot be embedded are recorded with their
     * reason, never fatal. Heartbeats a {@code ShardCheckpoint}; a retry resumes from the last one. A shard already
     * recorded for this dataset snapshot and embedder is returned at once.
     */
    String embedShard(EmbedShard command);

    /** Joins the shard matrices in order into the dataset's embeddings artifact (also written as .npy) and caches it. */
    String mergeShards(MergeShards command);
}
