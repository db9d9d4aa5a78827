package dev.needle.activities.selection;

/**
 * Engine switches that never change the picks, only how fast they come: for tests that prove exactly that, and for
 * the benchmark.
 */
public record Tuning(Pruning pruning, Kernel kernel, int blockRows) {

    public static final Tuning DEFAULT = new Tuning(Pruning.AUTO, Kernel.AUTO, 0);

    /**
     * @param blockRows pool rows per unit of work handed to a thread; 0 sizes blocks to about 1 MiB of embeddings
     */
    public Tuning {
        if (pruning == null || kernel == null || blockRows < 0) {
            throw new IllegalArgumentException("pruning and kernel are required, blockRows must be ≥ 0");
        }
    }

    /** Triangle-inequality pruning of the per-pick pass. */
    public enum Pruning {
        /** On while it skips enough points to pay for itself, off otherwise, probed again now and then. */
        AUTO,
        ALWAYS,
        NEVER
    }

    /** Which distance code runs. */
    public enum Kernel {
        /** The Vector API when the incubator module is present, else scalar. */
        AUTO,
        SCALAR
    }
}
