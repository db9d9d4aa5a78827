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
        Double maxMinDistance) {

    Lineage withMaxMinDistance(double distance) {
        return new Lineage(dataset, datasetSnapshot, embedder, embeddings, pool, labeled, modelVersion, scorer, scores,
                strategyRequested, strategy, batchSize, seed, strength, coralMode, poolSize, labeledSetSize, codeVersion,
                Double.isFinite(distance) ? distance : null);
    }
}
