package dev.needle.activities.iteration;

import java.util.Map;

import dev.needle.activities.assignment.AssignmentMode;

/**
 * A validated iteration to write: what the API checked, or what a campaign was started with.
 *
 * @param annotators who labels the batch, each with a capacity (1 in ROUND_ROBIN mode); empty: nobody is assigned
 * @param embeddingsImportId imported embeddings used instead of the embed step; null to embed
 * @param predictionsImportId imported predictions used instead of the predict step; null to predict
 * @param rules deadline rules and trainer; null: proceed at the deadline without reminders, built-in trainer
 */
public record NewIteration(
        long projectId,
        long datasetId,
        String strategy,
        int batchSize,
        long seed,
        String scorer,
        long labelingDeadlineSeconds,
        AssignmentMode assignment,
        Map<String, Integer> annotators,
        Long embeddingsImportId,
        Long predictionsImportId,
        RoundRules rules) {
}
