package dev.needle.workflows.messages.values;

/**
 * How the predict step runs: with model {@code modelId} ({@code modelVersion}) over {@code shards} shards; or, when the
 * model is a trainer's own predictions of the pool, with those ({@code delivered}, an artifact) and no shard at all.
 * A cold start (no model yet) has everything null and no shards.
 */
public record PredictionPlan(Long modelId, String modelVersion, int shards, String delivered) {

    public static PredictionPlan coldStart() {
        return new PredictionPlan(null, null, 0, null);
    }
}
