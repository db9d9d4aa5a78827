package dev.needle.workflows.messages.commands;

/** Embed every sample of a dataset (pool and eval) with the project's embedder. */
public record EmbedDataset(long iterationId, long datasetId) {
}
