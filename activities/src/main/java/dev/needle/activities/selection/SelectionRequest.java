package dev.needle.activities.selection;

/**
 * What to select. Validated by {@link Selector#select}, which names the offending field in a
 * {@link dev.needle.activities.BadInputException}.
 *
 * @param strategy how to choose
 * @param embeddings one row per pool sample; required for CORESET and CORAL, optional otherwise (then only used for
 *        the cover radius)
 * @param poolSize N, the number of pool samples; must equal {@code embeddings.n()} when embeddings are given
 * @param labeled pool indices already labeled: never picked, and the initial centres
 * @param k how many to pick, 1 ≤ k ≤ number of unlabeled samples
 * @param seed makes RANDOM, CORESET's first pick without centres and CORAL's sampling reproducible
 * @param scores one uncertainty score per pool sample (higher = more uncertain); required for UNCERTAINTY, optional
 *        for CORAL (then non-negative)
 * @param strength CORAL's exponent on the score, ≥ 0
 * @param minDistance CORESET and CORAL stop early when every unlabeled sample is closer than this to a centre; 0 is
 *        off
 * @param coralMode CORAL's rule
 * @param threads worker threads; 0 picks one per core for large inputs and one for small ones
 */
public record SelectionRequest(Strategy strategy, Embeddings embeddings, int poolSize, int[] labeled, int k,
        long seed, double[] scores, double strength, double minDistance, CoralMode coralMode, int threads) {

    public static final double DEFAULT_STRENGTH = 1.0;

    public static Builder builder(Strategy strategy) {
        return new Builder(strategy);
    }

    /** Defaults: no labeled samples, seed 0, no scores, strength 1, no minDistance stop, SAMPLED, automatic threads. */
    public static final class Builder {
        private final Strategy strategy;
        private Embeddings embeddings;
        private Integer poolSize;
        private int[] labeled = new int[0];
        private int k;
        private long seed;
        private double[] scores;
        private double strength = DEFAULT_STRENGTH;
        private double minDistance;
        private CoralMode coralMode = CoralMode.SAMPLED;
        private int threads;

        private Builder(Strategy strategy) {
            this.strategy = strategy;
        }

        public Builder embeddings(Embeddings embeddings) {
            this.embeddings = embeddings;
            return this;
        }

        /** Defaults to the number of embedding rows, else to the number of scores. */
        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        public Builder labeled(int... labeled) {
            this.labeled = labeled;
            return this;
        }

        public Builder k(int k) {
            this.k = k;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder scores(double[] scores) {
            this.scores = scores;
            return this;
        }

        public Builder strength(double strength) {
            this.strength = strength;
            return this;
        }

        public Builder minDistance(double minDistance) {
            this.minDistance = minDistance;
            return this;
        }

        public Builder coralMode(CoralMode coralMode) {
            this.coralMode = coralMode;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public SelectionRequest build() {
            int n = poolSize != null ? poolSize
                    : embeddings != null ? embeddings.n() : scores != null ? scores.length : 0;
            return new SelectionRequest(strategy, embeddings, n, labeled, k, seed, scores, strength, minDistance, coralMode,
                    threads);
        }
    }
}
