package dev.needle.workflows.messages.commands;

import dev.needle.workflows.messages.values.LabelEntry;
import java.util.List;

public record RecordLabels(long iterationId, long datasetId, List<LabelEntry> labels, String annotator) {}
