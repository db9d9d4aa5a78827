package dev.needle.workflows.messages.commands;

/**
 * Choose the batch. {@code scoresArtifact} is null on a cold start (no model yet): CORAL and UNCERTAINTY then fall
 * back to RANDOM.
 */
public record QueryBatch(
        long iterationId,
        long datasetId,
        String strategy,
        int batchSize,
        long seed,
        String scorer,
        String embeddingsArtifact,
        String scoresArtifact,
        String modelVersion) {
}
