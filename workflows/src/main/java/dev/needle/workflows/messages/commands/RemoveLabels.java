package dev.needle.workflows.messages.commands;

/** Delete the labels of this iteration's batch that came from {@code source}. */
public record RemoveLabels(long iterationId, String source) {
}
