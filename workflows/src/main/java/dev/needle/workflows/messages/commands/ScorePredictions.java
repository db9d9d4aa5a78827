package dev.needle.workflows.messages.commands;

public record ScorePredictions(long iterationId, String predictionsArtifact, String scorer) {
}
