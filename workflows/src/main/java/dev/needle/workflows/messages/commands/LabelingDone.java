package dev.needle.workflows.messages.commands;

/** The annotation team says the round is finished, whether or not every image got a label. */
public record LabelingDone(String by) {
}
