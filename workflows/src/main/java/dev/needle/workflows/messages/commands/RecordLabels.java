package dev.needle.workflows.messages.commands;

import java.util.List;

import dev.needle.workflows.messages.values.LabelEntry;

public record RecordLabels(long iterationId, long datasetId, List<LabelEntry> labels, String annotator) {
}
