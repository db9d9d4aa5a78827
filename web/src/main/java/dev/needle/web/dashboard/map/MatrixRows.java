package dev.needle.web.dashboard.map;

import dev.needle.activities.artifact.SampleMatrix;

/**
 * The rows of a matrix, visited in order: a source that need not fit in memory (an embedding artifact read chunk by
 * chunk), so that a projection reads it in passes instead of holding it.
 */
public interface MatrixRows {

    /** Receives one row: its values are {@code values[offset .. offset + columns)}; the array may be reused. */
    @FunctionalInterface
    interface Sink {
        void accept(long sampleId, float[] values, int offset);
    }

    int columns();

    /** Visits every row in the same order each time it is called. */
    void forEach(Sink sink);

    static MatrixRows of(SampleMatrix matrix) {
        return new MatrixRows() {
            @Override
            public int columns() {
                return matrix.columns();
            }

            @Override
            public void forEach(Sink sink) {
                for (int i = 0; i < matrix.rows(); i++)
                    sink.accept(matrix.sampleIds()[i], matrix.values(), i * matrix.columns());
            }
        };
    }
}
