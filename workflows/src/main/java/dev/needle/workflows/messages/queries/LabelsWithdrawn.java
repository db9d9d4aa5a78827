package dev.needle.workflows.messages.queries;

import java.util.List;

/** The images whose label was withdrawn (none when it was gone already), and how far the batch is now. */
public record LabelsWithdrawn(List<String> fileNames, int labeledInBatch, int batchSize) {
}
