package dev.needle.workflows.embedding;

import io.temporal.activity.ActivityInterface;

import dev.needle.workflows.messages.commands.EmbedDataset;

@ActivityInterface
public interface EmbeddingActivities {

    /**
     * Embeds every sample of the dataset; returns the embeddings artifact id. Cached per (dataset snapshot, embedder):
     * a second iteration gets the same artifact back without decoding an image.
     */
    String embed(EmbedDataset command);
}
