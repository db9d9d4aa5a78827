package dev.needle.workflows.messages.commands;

import java.util.List;

import dev.needle.workflows.messages.values.LabelEntry;

/** @param source see {@link SubmitLabels#source()} */
public record RecordLabels(long iterationId, long datasetId, List<LabelEntry> labels, String annotator, String source) {

    public RecordLabels(long iterationId, long datasetId, List<LabelEntry> labels, String annotator) {
        this(iterationId, datasetId, labels, annotator, null);
    }
}
