package dev.needle.activities.selection;

/**
 * What a selection cost: full distance evaluations (one row read each), rows skipped by pruning, passes over the pool
 * (and how many of them pruned), whether the Vector API ran, and on how many threads.
 */
public record SelectionStats(long distanceEvaluations, long prunedRows, int passes, int prunedPasses,
        boolean vectorized, int threads) {
}
