package dev.needle.workflows.messages.commands;

/**
 * Record the labels of a stored submission (see {@link SubmitLabels#stored}): the activity reads them from the
 * artifact, so they never travel through Temporal.
 *
 * @param source see {@link SubmitLabels#source()}
 */
public record RecordStoredLabels(long iterationId, long datasetId, String labelsArtifact, String annotator,
        String source) {
}
