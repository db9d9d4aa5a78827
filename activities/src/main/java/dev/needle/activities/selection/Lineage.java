package dev.needle.activities.selection;

/**
 * Everything a batch depends on, stored with the iteration. The pool, the labeled set, the embeddings and the
 * scores are content-addressed artifacts, so this record alone computes the same batch again
 * ({@link SelectionActivitiesImpl#replay}).
 *
 * @param pool artifact holding the pool's sample ids, in embedding-row order
 * @param labeled artifact holding the ids of the pool images that had a label when the batch was chosen
 * @param strategy the strategy applied; differs from {@code strategyRequested} on a cold start
 * @param maxMinDistance the largest distance from a pool image to its nearest centre after the picks
 * @param embeddingsSource {@code computed} when the embed step ran, {@code imported:<id>} when an import stood in
 * @param predictionsSource likewise for the predict step; null when there were no predictions (cold start)
 * @param modelKind how the model that predicted is used ({@code builtin}, {@code onnx}, {@code predictions}); null on a
 *        cold start or with imported predictions
 * @param trainerRun the trainer run that handed that model back; null for a built-in model
 */
public record Lineage(
        long dataset,
        String datasetSnapshot,
        String embedder,
        String embeddings,
        String pool,
        String labeled,
        String modelVersion,
        String scorer,
        String scores,
        String strategyRequested,
        String strategy,
        int batchSize,
        long seed,
        double strength,
        String coralMode,
        int poolSize,
        int labeledSetSize,
        String codeVersion,
        Double maxMinDistance,
        String embeddingsSource,
        String predictionsSource,
        String modelKind,
        String trainerRun) {

    /** How a lineage names the source of an iteration's embeddings or predictions. */
    public static String source(Long importId) {
        return importId == null ? "computed" : "imported:" + importId;
    }

    Lineage withMaxMinDistance(double distance) {
        return new Lineage(dataset, datasetSnapshot, embedder, embeddings, pool, labeled, modelVersion, scorer, scores,
                strategyRequested, strategy, batchSize, seed, strength, coralMode, poolSize, labeledSetSize, codeVersion,
                Double.isFinite(distance) ? distance : null, embeddingsSource, predictionsSource, modelKind, trainerRun);
    }
}
