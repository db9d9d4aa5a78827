package dev.needle.workflows.messages.commands;

import java.util.List;

import dev.needle.workflows.messages.values.LabelEntry;

/**
 * Labels for a round's batch. The web layer checks and stores a submission first and sends only its reference
 * ({@code labelsArtifact} and {@code labelCount}), so an update stays a few hundred bytes however many labels it
 * carries; {@code labels} inline is the shape histories recorded before, still read when they replay.
 *
 * @param labels the labels themselves (the older shape); null when they come by reference
 * @param source where the labels come from when a labeling tool sent them (e.g. {@code label-studio:annotation:17}),
 *        so the tool can withdraw them later; null for uploads
 * @param labelsArtifact the stored submission (see {@code LabelSubmissions}); null for labels inline
 * @param labelCount how many labels the stored submission holds
 */
public record SubmitLabels(List<LabelEntry> labels, String annotator, String source, String labelsArtifact,
        int labelCount) {

    public SubmitLabels(List<LabelEntry> labels, String annotator, String source) {
        this(labels, annotator, source, null, 0);
    }

    public SubmitLabels(List<LabelEntry> labels, String annotator) {
        this(labels, annotator, null);
    }

    /** Labels by reference: a submission the web layer checked and stored as an artifact. */
    public static SubmitLabels stored(String labelsArtifact, int labelCount, String annotator, String source) {
        return new SubmitLabels(null, annotator, source, labelsArtifact, labelCount);
    }

    public boolean byReference() {
        return labelsArtifact != null;
    }
}
