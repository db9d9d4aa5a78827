package dev.needle.workflows.messages.commands;

import java.time.Duration;

import dev.needle.workflows.messages.values.DeadlineRules;
import dev.needle.workflows.messages.values.RetrainTrigger;

/**
 * Starts (or resumes) one iteration. Everything the workflow needs comes in here: workflows never read config.
 *
 * @param iterationId the iteration's database id; every step records against it
 * @param strategy RANDOM, UNCERTAINTY, CORESET or CORAL
 * @param scorer the uncertainty score UNCERTAINTY and CORAL rank by (e.g. {@code uncertainty_margin})
 * @param labelingDeadline how long the labeling round may take before the deadline policy applies
 * @param importedEmbeddings artifact of imported embeddings to use instead of running the embed step; null to embed
 * @param importedPredictions artifact of imported predictions to use instead of running the predict step; null to
 *        predict with the project's model
 * @param shardSize images per embedding shard, and matrix rows per prediction shard (one activity each)
 * @param shardParallelism how many shards run at once, across all workers
 * @param deadlineRules reminders and expiry policy of the labeling round; null means {@link DeadlineRules#PROCEED_SILENTLY}
 * @param trainer who retrains and how long to wait for it; null means {@link RetrainTrigger#BUILTIN}
 */
public record IterationRequest(
        long iterationId,
        long projectId,
        long datasetId,
        int round,
        String strategy,
        int batchSize,
        long seed,
        String scorer,
        Duration labelingDeadline,
        String importedEmbeddings,
        String importedPredictions,
        int shardSize,
        int shardParallelism,
        DeadlineRules deadlineRules,
        RetrainTrigger trainer) {
}
