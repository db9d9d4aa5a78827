package dev.needle.activities.prediction;

import java.util.Set;

import dev.needle.activities.artifact.SampleMatrix;

/**
 * The pool part of a dataset's embedding matrix, split into labeled and unlabeled rows. Eval images are left out:
 * they measure models and must never be selected or trained on.
 *
 * @param embeddings pool rows only, in sample-id order
 * @param labeled row indices (into {@code embeddings}) of pool images that have a label
 */
public record PoolView(SampleMatrix embeddings, int[] labeled, int[] unlabeled) {

    public static PoolView of(SampleMatrix all, Set<Long> poolIds, Set<Long> labeledIds) {
        int d = all.columns();
        long[] ids = new long[all.rows()];
        float[] values = new float[all.values().length];
        int n = 0;
        for (int i = 0; i < all.rows(); i++) {
            if (!poolIds.contains(all.sampleIds()[i]))
                continue;
            ids[n] = all.sampleIds()[i];
            System.arraycopy(all.values(), i * d, values, n * d, d);
            n++;
        }
        SampleMatrix pool = new SampleMatrix(java.util.Arrays.copyOf(ids, n), d, java.util.Arrays.copyOf(values, n * d));
        int[] labeled = new int[n];
        int[] unlabeled = new int[n];
        int l = 0;
        int u = 0;
        for (int i = 0; i < n; i++) {
            if (labeledIds.contains(pool.sampleIds()[i]))
                labeled[l++] = i;
            else
                unlabeled[u++] = i;
        }
        return new PoolView(pool, java.util.Arrays.copyOf(labeled, l), java.util.Arrays.copyOf(unlabeled, u));
    }
}
