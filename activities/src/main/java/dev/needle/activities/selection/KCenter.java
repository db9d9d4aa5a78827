package dev.needle.activities.selection;

import java.util.Arrays;

/**
 * Greedy k-center and its CORAL variants over one pool, with memory O(N·d): the embeddings, and per sample its squared
 * distance to the nearest centre ({@code minD2}) and that centre's slot ({@code owner}).
 *
 * <p>
 * After each pick one pass over the pool computes every sample's distance to the new centre, lowers
 * {@code minD2}, and finds the next pick, all in the same read of the row. The pool is cut into fixed blocks that
 * threads take in turn; each block reports its best candidate and the caller combines them in block order with ties
 * to the lowest index, so any thread count gives the same picks. Centres (labeled samples and picks) carry
 * {@code minD2 = −1} so a pass skips them and argmax never returns them.
 *
 * <p>
 * <b>Pruning.</b> If the sample's current centre a is at least 2·minDist from the new centre c, the triangle
 * inequality gives dist(i, c) ≥ dist(a, c) − dist(i, a) ≥ minDist, so the sample cannot get closer and its row is not
 * read. This needs the distance from every centre to c, one small pass over the centres per pick; pruning is switched
 * off (and probed again with growing gaps) while it does not pay for itself ({@link #adaptPruning}). The test is
 * made with a slack of 0.1% on squared distances ({@link #PRUNE_FACTOR}), far above float rounding of the sums for
 * any realistic d (about d/16 ulps), so a skipped sample is one whose computed distance would not have lowered
 * {@code minD2}: pruned and unpruned passes leave the same state and give the same picks.
 *
 * <p>
 * <b>CORAL, sampled.</b> The next pick is drawn with probability ∝ w = minD2·score^strength by
 * Efraimidis–Spirakis: the largest key log(u)/w wins. u comes from a hash of (seed, pick number, sample index), a
 * per-index deterministic stream, so neither block boundaries nor thread count change it. Since log u ≤ u − 1, a
 * sample whose (u − 1)/w does not beat the block's best key cannot win and its logarithm is not computed; the hash
 * is the only per-sample cost, which keeps CORAL's pass as cheap as CORESET's.
 */
final class KCenter implements AutoCloseable {

    /** How a pick is chosen from minD2 (and the weights). */
    enum Rule {
        /** argmax minD2. */
        COVER,
        /** argmax minD2·weight, weight = score^(2·strength): the square of minDist·score^strength. */
        GREEDY,
        /** Efraimidis–Spirakis over minD2·weight, weight = score^strength. */
        SAMPLED
    }

    static final float PRUNE_FACTOR = 4f * 1.001f;
    private static final int BLOCK_BYTES = 1 << 20;
    private static final int TILE_FLOATS = 1 << 16;
    private static final int MAX_PROBE_GAP = 64;
    private static final int MIN_SKIP_PERCENT = 10;
    private static final int CENTRE_CHUNK = 2048;

    private final Embeddings x;
    private final Distances kernel;
    private final Parallel parallel;
    private final Tuning.Pruning pruning;
    private final Rule rule;
    private final double[] weight;
    private final long seed;
    private final int n;
    private final int d;
    private final float[] minD2;
    private final int[] owner;
    private final int[] centreRows;
    private final float[] centreToNew;
    private final float[] centre;
    private int centres;

    private final int blockRows;
    private final int blocks;
    private final double[] blockBest;
    private final int[] blockBestIndex;
    private final float[] blockMax;
    private final long[] blockEvaluations;
    private final long[] blockSkipped;
    private final ThreadLocal<float[]> tiles;
    private final ThreadLocal<int[]> lists;

    private boolean pruneOn = true;
    private int probeIn;
    private int probeGap = 4;
    private long plainNanos = -1;
    private long evaluations;
    private long skipped;
    private int passes;
    private int prunedPasses;
    private float lastMax = -1;

    /** The outcome of one pass: the next pick (−1 if no candidate is left) and the largest minD2 of a candidate. */
    private record Pass(int best, float max) {
    }

    KCenter(Embeddings x, Distances kernel, int threads, Tuning tuning, Rule rule, double[] weight, long seed,
            int maxCentres) {
        this.x = x;
        this.kernel = kernel;
        this.pruning = tuning.pruning();
        this.rule = rule;
        this.weight = weight;
        this.seed = seed;
        this.n = x.n();
        this.d = x.d();
        this.minD2 = new float[n];
        Arrays.fill(minD2, Float.POSITIVE_INFINITY);
        this.owner = new int[n];
        Arrays.fill(owner, -1);
        this.centreRows = new int[maxCentres];
        this.centreToNew = new float[maxCentres];
        this.centre = new float[x.kernelWidth()];
        this.blockRows = tuning.blockRows() > 0 ? tuning.blockRows()
                : Math.max(64, BLOCK_BYTES / Math.max(1, d * x.bytesPerValue()));
        this.blocks = (n + blockRows - 1) / blockRows;
        this.blockBest = new double[blocks];
        this.blockBestIndex = new int[blocks];
        this.blockMax = new float[blocks];
        this.blockEvaluations = new long[blocks];
        this.blockSkipped = new long[blocks];
        this.parallel = new Parallel(Math.max(1, Math.min(threads, blocks)));
        int width = x.kernelWidth();
        int tileRows = Math.max(1, TILE_FLOATS / Math.max(1, width));
        this.tiles = ThreadLocal.withInitial(() -> new float[tileRows * width]);
        int rows = blockRows;
        this.lists = ThreadLocal.withInitial(() -> new int[rows]);
    }

    /**
     * Up to k picks in order; fewer when every candidate is closer than {@code minDistance} to a centre.
     *
     * @param labeled initial centres
     * @param firstPick the pick to make when there is no centre at all (CORESET's seeded random pick); −1 lets the rule
     *        choose from the weights alone
     */
    int[] select(int[] labeled, int k, double minDistance, int firstPick) {
        double stopBelow = minDistance * minDistance;
        int[] picks = new int[k];
        Pass pass;
        if (labeled.length > 0) {
            pass = initialise(labeled);
        } else {
            pass = new Pass(firstPick >= 0 ? firstPick : firstByWeight(), Float.POSITIVE_INFINITY);
        }
        int made = 0;
        while (made < k && pass.best >= 0 && !(pass.max < stopBelow)) {
            int pick = pass.best;
            picks[made++] = pick;
            pass = addCentre(pick, made);
        }
        lastMax = pass.max;
        return Arrays.copyOf(picks, made);
    }

    /** The largest distance from a pool sample to its nearest centre after {@link #select} or {@link #coverOf}. */
    double coverRadius() {
        return lastMax <= 0 ? 0 : Math.sqrt(lastMax);
    }

    /** Only the cover radius of a set of centres (RANDOM and UNCERTAINTY report it too). */
    double coverOf(int[] centreSet) {
        lastMax = centreSet.length == 0 ? Float.POSITIVE_INFINITY : initialise(centreSet).max;
        return coverRadius();
    }

    SelectionStats stats() {
        return new SelectionStats(evaluations, skipped, passes, prunedPasses, kernel.vectorized(), parallel.threads());
    }

    /** The first pick when nothing is a centre: every minDist is infinite, so the rule sees the weights alone. */
    private int firstByWeight() {
        Best best = new Best(roundKey(0));
        for (int i = 0; i < n; i++) {
            best.offer(i, 1f);
        }
        return best.index;
    }

    /**
     * minD2 against many centres at once: tiles of centres (decoded into a per-thread buffer that stays in cache) are
     * streamed past each block of points, so the rows are read once per tile rather than once per centre, and no
     * N×L matrix exists. Per sample the centres are still taken in their given order with a strict comparison, so the
     * result equals one pass per centre.
     */
    private Pass initialise(int[] centreSet) {
        for (int row : centreSet) {
            int slot = centres++;
            centreRows[slot] = row;
            minD2[row] = -1;
            owner[row] = slot;
        }
        int first = centres - centreSet.length;
        long key = roundKey(0);
        parallel.forEachBlock(blocks, b -> initialiseBlock(b, centreSet, first, key));
        passes++;
        return combine();
    }

    private void initialiseBlock(int b, int[] centreSet, int first, long key) {
        int lo = b * blockRows;
        int hi = Math.min(n, lo + blockRows);
        float[] tile = tiles.get();
        int width = x.kernelWidth();
        int tileRows = tile.length / width;
        long evals = 0;
        for (int t0 = 0; t0 < centreSet.length; t0 += tileRows) {
            int q = Math.min(tileRows, centreSet.length - t0);
            for (int j = 0; j < q; j++) {
                x.copyKernelRow(centreSet[t0 + j], tile, j * width);
            }
            for (int i = lo; i < hi; i++) {
                float m = minD2[i];
                if (m < 0) {
                    continue;
                }
                int own = owner[i];
                for (int j = 0; j < q; j++) {
                    float d2 = x.dist2(kernel, i, tile, j * width);
                    if (d2 < m) {
                        m = d2;
                        own = first + t0 + j;
                    }
                }
                evals += q;
                minD2[i] = m;
                owner[i] = own;
            }
        }
        Best best = new Best(key);
        for (int i = lo; i < hi; i++) {
            if (minD2[i] >= 0) {
                best.offer(i, minD2[i]);
            }
        }
        best.evaluations = evals;
        best.store(b);
    }

    /** Makes {@code row} a centre and runs the fused pass that updates minD2 and finds pick number {@code round}. */
    private Pass addCentre(int row, int round) {
        int slot = centres++;
        centreRows[slot] = row;
        minD2[row] = -1;
        owner[row] = slot;
        x.copyKernelRow(row, centre, 0);
        long start = System.nanoTime();
        boolean prune = decidePruning();
        if (prune) {
            // Part of a pruned pass's cost, so inside its timing; in parallel chunks for large labeled sets.
            parallel.forEachBlock((slot + CENTRE_CHUNK - 1) / CENTRE_CHUNK, chunk -> {
                for (int s = chunk * CENTRE_CHUNK, end = Math.min(slot, s + CENTRE_CHUNK); s < end; s++) {
                    centreToNew[s] = x.dist2(kernel, centreRows[s], centre, 0);
                }
            });
            centreToNew[slot] = 0;
        }
        long key = roundKey(round);
        parallel.forEachBlock(blocks, b -> scan(b, slot, prune, key));
        long nanos = System.nanoTime() - start;
        passes++;
        Pass pass = combine();
        if (prune) {
            prunedPasses++;
            adaptPruning(nanos);
        } else {
            // An unpruned pass costs the same whatever the centres; the fastest one seen is the yardstick.
            plainNanos = plainNanos < 0 ? nanos : Math.min(plainNanos, nanos);
        }
        return pass;
    }

    /**
     * One block of a pass. The loops live in methods of their own: each then gets C2's whole inlining budget,
     * which the Vector API needs to compile to plain vector instructions.
     */
    private void scan(int b, int slot, boolean prune, long key) {
        int lo = b * blockRows;
        int hi = Math.min(n, lo + blockRows);
        Best best = new Best(key);
        if (prune) {
            scanPruned(lo, hi, slot, best);
        } else {
            scanRows(lo, hi, slot, best);
        }
        best.store(b);
    }

    private void scanRows(int lo, int hi, int slot, Best best) {
        for (int i = lo; i < hi; i++) {
            if (minD2[i] >= 0) {
                best.offer(i, lower(i, x.dist2(kernel, i, centre, 0), slot));
            }
        }
        best.evaluations = best.offered;
    }

    /** minD2[i] after meeting the new centre at squared distance d2. */
    private float lower(int i, float d2, int slot) {
        float m = minD2[i];
        if (d2 < m) {
            minD2[i] = d2;
            owner[i] = slot;
            return d2;
        }
        return m;
    }

    /**
     * Pruned pass over one block: a skipped candidate keeps its minD2 and is offered at once; the others are listed and
     * go through the kernel afterwards, so the distance loop runs without the pruning test in between. Offers arrive
     * out of index order, which {@link Best} allows.
     */
    private void scanPruned(int lo, int hi, int slot, Best best) {
        int[] list = lists.get();
        int count = 0;
        for (int i = lo; i < hi; i++) {
            float m = minD2[i];
            if (m < 0) {
                continue;
            }
            int own = owner[i];
            if (own >= 0 && centreToNew[own] >= PRUNE_FACTOR * m) {
                best.offer(i, m);
            } else {
                list[count++] = i;
            }
        }
        for (int t = 0; t < count; t++) {
            int i = list[t];
            best.offer(i, lower(i, x.dist2(kernel, i, centre, 0), slot));
        }
        best.evaluations = count;
        best.skipped = best.offered - count;
    }

    private Pass combine() {
        int bestIndex = -1;
        double best = 0;
        float max = -1;
        for (int b = 0; b < blocks; b++) {
            evaluations += blockEvaluations[b];
            skipped += blockSkipped[b];
            max = Math.max(max, blockMax[b]);
            if (blockBestIndex[b] >= 0 && (bestIndex < 0 || blockBest[b] > best)) {
                best = blockBest[b];
                bestIndex = blockBestIndex[b];
            }
        }
        return new Pass(bestIndex, max);
    }

    private boolean decidePruning() {
        if (pruning == Tuning.Pruning.NEVER || centres < 2) {
            return false;
        }
        if (pruning == Tuning.Pruning.ALWAYS || pruneOn) {
            return true;
        }
        return --probeIn <= 0;
    }

    /**
     * Keeps pruning while a pruned pass is faster than the fastest unpruned one and skips at least
     * {@value #MIN_SKIP_PERCENT}% of the candidates; otherwise waits 4, 8, … up to {@value #MAX_PROBE_GAP} passes before
     * trying again, since clustered data starts to prune only once most clusters hold a centre. Time decides, not
     * the skip count alone: rows skipped at random break the hardware prefetcher's stream, so on high-dimensional
     * uniform data a pass that skips a few percent is slower than reading everything. Only the schedule depends on
     * the clock; the picks never do, since pruning is exact.
     */
    private void adaptPruning(long nanos) {
        long skips = 0;
        long candidates = 0;
        for (int b = 0; b < blocks; b++) {
            skips += blockSkipped[b];
            candidates += blockSkipped[b] + blockEvaluations[b];
        }
        boolean faster = plainNanos < 0 || nanos < plainNanos;
        if (faster && skips * 100 >= candidates * MIN_SKIP_PERCENT) {
            pruneOn = true;
            probeGap = 4;
        } else {
            pruneOn = false;
            probeIn = probeGap;
            probeGap = Math.min(2 * probeGap, MAX_PROBE_GAP);
        }
    }

    private long roundKey(int round) {
        return mix(seed ^ mix(0x5851F42D4C957F2DL * (round + 1)));
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A block's running best candidate under the rule (ties to the lower index, whatever the order of offers), and the
     * largest minD2 it saw.
     */
    private final class Best {
        private final long key;
        double value;
        int index = -1;
        float max = -1;
        long evaluations;
        long skipped;
        long offered;

        Best(long key) {
            this.key = key;
        }

        void offer(int i, float m) {
            offered++;
            if (m > max) {
                max = m;
            }
            double v;
            switch (rule) {
                case COVER -> v = m;
                case GREEDY -> v = m * weight[i];
                default -> {
                    double w = weight == null ? m : m * weight[i];
                    double u = ((mix(key + i * 0x9E3779B97F4A7C15L) >>> 11) + 0.5) * 0x1.0p-53;
                    if (w > 0) {
                        if (index >= 0 && u - 1 < value * w) {
                            return; // log u ≤ u − 1 < best: this key cannot reach the best one
                        }
                        v = StrictMath.log(u) / w;
                    } else {
                        v = Double.NEGATIVE_INFINITY;
                    }
                }
            }
            if (index < 0 || v > value || (v == value && i < index)) {
                value = v;
                index = i;
            }
        }

        void store(int b) {
            blockBest[b] = value;
            blockBestIndex[b] = index;
            blockMax[b] = max;
            blockEvaluations[b] = evaluations;
            blockSkipped[b] = skipped;
        }
    }

    @Override
    public void close() {
        parallel.close();
    }
}
