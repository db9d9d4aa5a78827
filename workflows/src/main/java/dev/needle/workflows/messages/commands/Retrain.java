package dev.needle.workflows.messages.commands;

/** Train on every label of the project's dataset so far; measure on its eval split. */
public record Retrain(long iterationId, long projectId, long datasetId, int round, String embeddingsArtifact) {
}
