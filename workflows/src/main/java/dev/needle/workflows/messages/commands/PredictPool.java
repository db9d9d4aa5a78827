package dev.needle.workflows.messages.commands;

/** Run the project's current model over the unlabeled pool. */
public record PredictPool(long iterationId, long projectId, long datasetId, String embeddingsArtifact) {
}
