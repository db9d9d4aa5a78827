package dev.needle.activities.prediction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.needle.activities.artifact.SampleMatrix;

class PoolViewTest {

    @Test
    void evalRowsAreDroppedAndPoolRowsSplitByLabel() {
        // samples 10 and 12 are pool images, 11 is an eval image; 12 has a label.
        SampleMatrix all = new SampleMatrix(new long[] { 10, 11, 12 }, 2, new float[] { 1, 2, 3, 4, 5, 6 });

        PoolView pool = PoolView.of(all, Set.of(10L, 12L), Set.of(12L));

        assertArrayEquals(new long[] { 10, 12 }, pool.embeddings().sampleIds());
        assertArrayEquals(new float[] { 1, 2, 5, 6 }, pool.embeddings().values());
        assertArrayEquals(new int[] { 1 }, pool.labeled());
        assertArrayEquals(new int[] { 0 }, pool.unlabeled());
    }
}
