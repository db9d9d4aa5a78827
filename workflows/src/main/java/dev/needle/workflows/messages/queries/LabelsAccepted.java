package dev.needle.workflows.messages.queries;

/**
 * The answer to a label submission: how many of the submitted labels were new or changed, and how far the batch is.
 */
public record LabelsAccepted(int recorded, int unchanged, int labeledInBatch, int batchSize) {
}
