package dev.needle.workflows.messages.commands;

/**
 * Hand the labeled set to an external trainer (webhook or Kubernetes Job) and wait for its report.
 *
 * @param modelBase the model version the round predicted with (null on a cold start): what the trainer may start from
 */
public record ExternalRetrain(
        long iterationId, long projectId, long datasetId, int round, String modelBase) {
}
