package dev.needle.workflows.messages.commands;

/**
 * A labeling tool takes back the labels it sent under {@code source} (see {@link SubmitLabels#source()}), e.g. when an
 * annotation is deleted.
 */
public record WithdrawLabels(String source, String by) {
}
