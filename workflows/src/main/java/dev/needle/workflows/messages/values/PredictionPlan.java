package dev.needle.workflows.messages.values;

/**
 * How the predict step runs: with model {@code modelId} ({@code modelVersion}) over {@code shards} shards. A cold start
 * (no model yet) has both null and no shards.
 */
public record PredictionPlan(Long modelId, String modelVersion, int shards) {

    public static PredictionPlan coldStart() {
        return new PredictionPlan(null, null, 0);
    }
}
