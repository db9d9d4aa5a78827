package dev.needle.workflows.messages.commands;

import java.util.List;

import dev.needle.workflows.messages.values.LabelEntry;

/**
 * @param source where the labels come from when a labeling tool sent them (e.g. {@code label-studio:annotation:17}),
 *        so the tool can withdraw them later; null for uploads
 */
public record SubmitLabels(List<LabelEntry> labels, String annotator, String source) {

    public SubmitLabels(List<LabelEntry> labels, String annotator) {
        this(labels, annotator, null);
    }
}
