package dev.needle.activities.selection;

import java.util.Arrays;
import java.util.SplittableRandom;

import dev.needle.activities.BadInputException;

/**
 * Chooses the next batch from the unlabeled pool (DESIGN.md §6). Same request and seed, same picks: on any thread
 * count, with or without the Vector API, with or without pruning.
 *
 * <ul>
 * <li>RANDOM: a partial Fisher–Yates shuffle of the unlabeled indices (ascending) driven by
 * {@code new SplittableRandom(seed)}.
 * <li>UNCERTAINTY: the k highest scores among unlabeled samples, ties to the lowest index.
 * <li>CORESET: greedy k-center, Euclidean; labeled samples are the initial centres; each pick is argmax of the
 * distance to the nearest centre, ties to the lowest index. Without any centre the first pick is the r-th
 * unlabeled index, r = {@code new SplittableRandom(seed).nextInt(unlabeled)}. With {@code minDistance > 0} it
 * stops early once every unlabeled sample is closer than that to a centre.
 * <li>CORAL: see {@link CoralMode}; weights are score^strength, or 1 without scores. Without labeled samples and
 * without scores nothing distinguishes it from CORESET, and it makes exactly CORESET's picks. Without labeled
 * samples but with scores the first pick sees only the weights (greedy: the highest; sampled: drawn ∝ weight).
 * </ul>
 */
public final class Selector {

    private static final long SMALL_INPUT = 1L << 20;

    private Selector() {
    }

    public static SelectionResult select(SelectionRequest request) {
        return run(request, Tuning.DEFAULT).result();
    }

    /** The selection with its cost, under engine switches that do not change the picks. */
    public static Run run(SelectionRequest request, Tuning tuning) {
        Valid r = validate(request);
        Distances kernel = tuning.kernel() == Tuning.Kernel.SCALAR ? ScalarDistances.INSTANCE : Distances.best();
        return switch (r.strategy) {
            case RANDOM -> withCover(r, random(r), kernel, tuning);
            case UNCERTAINTY -> withCover(r, uncertainty(r), kernel, tuning);
            case CORESET -> kCenter(r, KCenter.Rule.COVER, null, kernel, tuning);
            case CORAL -> coral(r, kernel, tuning);
        };
    }

    /** A result and what it cost. */
    public record Run(SelectionResult result, SelectionStats stats) {
    }

    private record Valid(Strategy strategy, Embeddings embeddings, int n, int[] labeled, boolean[] isLabeled, int k,
            long seed, double[] scores, double strength, double minDistance, CoralMode mode, int threads) {
    }

    private static Valid validate(SelectionRequest r) {
        if (r == null) {
            throw new BadInputException("request", "is missing");
        }
        if (r.strategy() == null) {
            throw new BadInputException("strategy", "is missing; use one of " + Arrays.toString(Strategy.values()));
        }
        int n = r.poolSize();
        if (n < 0) {
            throw new BadInputException("poolSize", "must not be negative, got " + n);
        }
        Embeddings e = r.embeddings();
        if (e != null && e.n() != n) {
            throw new BadInputException("embeddings", "have " + e.n() + " rows for a pool of " + n);
        }
        int[] labeled = r.labeled() == null ? new int[0] : r.labeled();
        boolean[] isLabeled = new boolean[n];
        for (int index : labeled) {
            if (index < 0 || index >= n) {
                throw new BadInputException("labeled", "index " + index + " is outside the pool [0, " + n + ")");
            }
            if (isLabeled[index]) {
                throw new BadInputException("labeled", "index " + index + " appears twice");
            }
            isLabeled[index] = true;
        }
        int unlabeled = n - labeled.length;
        if (r.k() <= 0 || r.k() > unlabeled) {
            throw new BadInputException("k", "must be between 1 and the " + unlabeled + " unlabeled samples, got " + r.k());
        }
        double[] scores = r.scores();
        if (scores != null) {
            if (scores.length != n) {
                throw new BadInputException("scores", "has " + scores.length + " values for a pool of " + n);
            }
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(scores[i])) {
                    throw new BadInputException("scores", "value " + i + " is " + scores[i]);
                }
                if (r.strategy() == Strategy.CORAL && scores[i] < 0) {
                    throw new BadInputException("scores", "CORAL weighs by score^strength, so scores must not be negative; "
                            + "value " + i + " is " + scores[i]);
                }
            }
        }
        if (!(r.strength() >= 0) || Double.isInfinite(r.strength())) {
            throw new BadInputException("strength", "must be a finite number ≥ 0, got " + r.strength());
        }
        if (!(r.minDistance() >= 0) || Double.isInfinite(r.minDistance())) {
            throw new BadInputException("minDistance", "must be a finite number ≥ 0, got " + r.minDistance());
        }
        if (r.threads() < 0) {
            throw new BadInputException("threads", "must be ≥ 0 (0 = automatic), got " + r.threads());
        }
        boolean needsEmbeddings = r.strategy() == Strategy.CORESET || r.strategy() == Strategy.CORAL;
        if (needsEmbeddings && e == null) {
            throw new BadInputException("embeddings", "are required by " + r.strategy());
        }
        if (r.strategy() == Strategy.UNCERTAINTY && scores == null) {
            throw new BadInputException("scores", "are required by UNCERTAINTY");
        }
        int threads = r.threads();
        if (threads == 0) {
            boolean small = e == null || (long) e.n() * e.d() < SMALL_INPUT;
            threads = small ? 1 : Runtime.getRuntime().availableProcessors();
        }
        CoralMode mode = r.coralMode() == null ? CoralMode.SAMPLED : r.coralMode();
        return new Valid(r.strategy(), e, n, labeled, isLabeled, r.k(), r.seed(), scores, r.strength(), r.minDistance(),
                mode, threads);
    }

    private static int[] random(Valid r) {
        int[] pool = unlabeled(r);
        SplittableRandom random = new SplittableRandom(r.seed);
        for (int t = 0; t < r.k; t++) {
            int j = t + random.nextInt(pool.length - t);
            int swap = pool[t];
            pool[t] = pool[j];
            pool[j] = swap;
        }
        return Arrays.copyOf(pool, r.k);
    }

    private static int[] uncertainty(Valid r) {
        double[] s = r.scores;
        return Arrays.stream(unlabeled(r)).boxed()
                .sorted((a, b) -> s[a] != s[b] ? Double.compare(s[b], s[a]) : Integer.compare(a, b))
                .limit(r.k)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    private static int[] unlabeled(Valid r) {
        int[] pool = new int[r.n - r.labeled.length];
        for (int i = 0, j = 0; i < r.n; i++) {
            if (!r.isLabeled[i]) {
                pool[j++] = i;
            }
        }
        return pool;
    }

    private static Run withCover(Valid r, int[] picks, Distances kernel, Tuning tuning) {
        if (r.embeddings == null) {
            return new Run(new SelectionResult(picks, Double.NaN),
                    new SelectionStats(0, 0, 0, 0, false, 1));
        }
        int[] centres = Arrays.copyOf(r.labeled, r.labeled.length + picks.length);
        System.arraycopy(picks, 0, centres, r.labeled.length, picks.length);
        try (KCenter engine = new KCenter(r.embeddings, kernel, r.threads, tuning, KCenter.Rule.COVER, null, r.seed,
                centres.length)) {
            double radius = engine.coverOf(centres);
            return new Run(new SelectionResult(picks, radius), engine.stats());
        }
    }

    private static Run coral(Valid r, Distances kernel, Tuning tuning) {
        if (r.labeled.length == 0 && r.scores == null) {
            return kCenter(r, KCenter.Rule.COVER, null, kernel, tuning);
        }
        double[] weight = null;
        if (r.scores != null) {
            // Greedy ranks minD2·score^(2·strength), the square of minDist·score^strength: same order, no square root.
            double exponent = r.mode == CoralMode.GREEDY ? 2 * r.strength : r.strength;
            weight = new double[r.n];
            for (int i = 0; i < r.n; i++) {
                weight[i] = StrictMath.pow(r.scores[i], exponent);
            }
        } else if (r.mode == CoralMode.GREEDY) {
            return kCenter(r, KCenter.Rule.COVER, null, kernel, tuning);
        }
        KCenter.Rule rule = r.mode == CoralMode.GREEDY ? KCenter.Rule.GREEDY : KCenter.Rule.SAMPLED;
        return kCenter(r, rule, weight, kernel, tuning);
    }

    private static Run kCenter(Valid r, KCenter.Rule rule, double[] weight, Distances kernel, Tuning tuning) {
        int firstPick = -1;
        if (r.labeled.length == 0 && rule == KCenter.Rule.COVER) {
            firstPick = new SplittableRandom(r.seed).nextInt(r.n);
        }
        try (KCenter engine = new KCenter(r.embeddings, kernel, r.threads, tuning, rule, weight, r.seed,
                r.labeled.length + r.k)) {
            int[] picks = engine.select(r.labeled, r.k, r.minDistance, firstPick);
            return new Run(new SelectionResult(picks, engine.coverRadius()), engine.stats());
        }
    }
}
