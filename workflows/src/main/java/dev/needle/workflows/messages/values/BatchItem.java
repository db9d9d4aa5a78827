package dev.needle.workflows.messages.values;

/** One selected image: its rank in the batch (0 = picked first) and the score it was picked by (NaN if none). */
public record BatchItem(long sampleId, String fileName, int rank, double score) {
}
