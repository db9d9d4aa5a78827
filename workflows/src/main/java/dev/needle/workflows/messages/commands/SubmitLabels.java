package dev.needle.workflows.messages.commands;

import java.util.List;

import dev.needle.workflows.messages.values.LabelEntry;

public record SubmitLabels(List<LabelEntry> labels, String annotator) {
}
