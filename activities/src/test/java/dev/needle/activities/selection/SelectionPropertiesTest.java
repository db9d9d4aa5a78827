package dev.needle.activities.selection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.needle.activities.selection.bench.Synthetic;

/** Invariants on random pools, and that no engine switch (threads, kernel, pruning, block size) changes a pick. */
class SelectionPropertiesTest {

    record Case(String name, Embeddings embeddings, int[] labeled, double[] scores) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(11);
        int n = 3000;
        for (int d : new int[] { 3, 37, 128 }) {
            Embeddings uniform = Embeddings.rowMajor(Synthetic.uniform(n, d, d), n, d);
            Embeddings clustered = Embeddings.rowMajor(Synthetic.mixture(n, d, 20, 0.02, d), n, d);
            double[] scores = random.doubles(n).toArray();
            int[] labeled = random.ints(0, n).distinct().limit(d == 128 ? 600 : 40).toArray();
            cases.add(new Case("uniform d=" + d, uniform, new int[0], null));
            cases.add(new Case("clustered d=" + d + " labeled", clustered, labeled, null));
            cases.add(new Case("clustered bf16 d=" + d + " scored", clustered.toHalfPrecision(), labeled, scores));
            cases.add(new Case("uniform bf16 d=" + d + " scored, unlabeled", uniform.toHalfPrecision(), new int[0],
                    scores));
        }
        return cases;
    }

    static List<Arguments> strategies() {
        List<Arguments> all = new ArrayList<>();
        for (Case c : cases()) {
            all.add(Arguments.of(c, Strategy.CORESET, CoralMode.SAMPLED));
            all.add(Arguments.of(c, Strategy.CORAL, CoralMode.SAMPLED));
            all.add(Arguments.of(c, Strategy.CORAL, CoralMode.GREEDY));
        }
        return all;
    }

    private static SelectionRequest request(Case c, Strategy s, CoralMode mode, int k, int threads) {
        return SelectionRequest.builder(s).embeddings(c.embeddings).labeled(c.labeled).scores(c.scores).k(k).seed(5)
                .coralMode(mode).threads(threads).build();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("strategies")
    void noEngineSwitchChangesAPick(Case c, Strategy s, CoralMode mode) {
        SelectionRequest one = request(c, s, mode, 60, 1);
        Selector.Run reference = Selector.run(one, new Tuning(Tuning.Pruning.NEVER, Tuning.Kernel.SCALAR, 0));

        List<Selector.Run> variants = List.of(
                Selector.run(one, new Tuning(Tuning.Pruning.ALWAYS, Tuning.Kernel.SCALAR, 0)),
                Selector.run(one, new Tuning(Tuning.Pruning.NEVER, Tuning.Kernel.AUTO, 0)),
                Selector.run(request(c, s, mode, 60, 3), new Tuning(Tuning.Pruning.ALWAYS, Tuning.Kernel.AUTO, 97)),
                Selector.run(request(c, s, mode, 60, 2), new Tuning(Tuning.Pruning.AUTO, Tuning.Kernel.AUTO, 256)),
                Selector.run(request(c, s, mode, 60, 2), new Tuning(Tuning.Pruning.NEVER, Tuning.Kernel.SCALAR, 1000)));

        for (Selector.Run v : variants) {
            assertArrayEquals(reference.result().picks(), v.result().picks(), v.stats().toString());
            assertEquals(reference.result().maxMinDistance(), v.result().maxMinDistance(), 0.0);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("strategies")
    void picksAreDistinctUnlabeledAndTheCoverRadiusNeverGrows(Case c, Strategy s, CoralMode mode) {
        SelectionResult result = Selector.select(request(c, s, mode, 40, 0));
        int[] picks = result.picks();

        assertEquals(40, picks.length);
        assertEquals(picks.length, Arrays.stream(picks).distinct().count());
        boolean[] labeled = new boolean[c.embeddings.n()];
        for (int i : c.labeled) {
            labeled[i] = true;
        }
        assertTrue(Arrays.stream(picks).noneMatch(i -> labeled[i]));

        double[] minDist = bruteForceMinDist(c.embeddings, c.labeled);
        double previous = Double.POSITIVE_INFINITY;
        for (int pick : picks) {
            double radius = max(minDist, labeled);
            if (s == Strategy.CORESET && c.labeled.length > 0) {
                // greedy: each pick is (up to float rounding) a farthest sample
                assertEquals(radius, minDist[pick], 1e-4 * radius);
            }
            assertTrue(radius <= previous, "the cover radius grew");
            previous = radius;
            update(minDist, c.embeddings, pick);
            labeled[pick] = true;
        }
        assertEquals(max(minDist, labeled), result.maxMinDistance(), 1e-4 * result.maxMinDistance());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void coresetFromAFreshStartIsGreedyAfterTheFirstPick(Case c) {
        int[] picks = Selector.select(SelectionRequest.builder(Strategy.CORESET).embeddings(c.embeddings).k(25).seed(1)
                .build()).picks();

        double[] minDist = new double[c.embeddings.n()];
        Arrays.fill(minDist, Double.POSITIVE_INFINITY);
        boolean[] centre = new boolean[c.embeddings.n()];
        update(minDist, c.embeddings, picks[0]);
        centre[picks[0]] = true;
        for (int t = 1; t < picks.length; t++) {
            double radius = max(minDist, centre);
            assertEquals(radius, minDist[picks[t]], 1e-4 * radius, "pick " + t);
            update(minDist, c.embeddings, picks[t]);
            centre[picks[t]] = true;
        }
    }

    private static double[] bruteForceMinDist(Embeddings e, int[] centres) {
        double[] minDist = new double[e.n()];
        Arrays.fill(minDist, Double.POSITIVE_INFINITY);
        for (int c : centres) {
            update(minDist, e, c);
        }
        return minDist;
    }

    private static void update(double[] minDist, Embeddings e, int centre) {
        for (int i = 0; i < e.n(); i++) {
            double s = 0;
            for (int j = 0; j < e.d(); j++) {
                double t = (double) e.get(i, j) - e.get(centre, j);
                s += t * t;
            }
            minDist[i] = Math.min(minDist[i], Math.sqrt(s));
        }
    }

    private static double max(double[] minDist, boolean[] excluded) {
        double m = 0;
        for (int i = 0; i < minDist.length; i++) {
            if (!excluded[i]) {
                m = Math.max(m, minDist[i]);
            }
        }
        return m;
    }
}
