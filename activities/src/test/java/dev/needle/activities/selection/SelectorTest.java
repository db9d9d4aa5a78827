package dev.needle.activities.selection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import dev.needle.activities.BadInputException;

/** Exact picks on inputs small enough to follow by hand, and every bad input. */
class SelectorTest {

    /** Points on a line: 0, 1, 2, 10, 11, 5. */
    private static final Embeddings LINE = Embeddings.of(new float[][] { { 0 }, { 1 }, { 2 }, { 10 }, { 11 }, { 5 } });

    private static SelectionRequest.Builder line(Strategy strategy) {
        return SelectionRequest.builder(strategy).embeddings(LINE);
    }

    @Test
    void givenALabeledOrigin_whenCoreset_itPicksFarthestFirstWithLowestIndexOnTies() {
        SelectionResult result = Selector.select(line(Strategy.CORESET).labeled(0).k(4).build());

        // minDist 1 2 10 11 5 → 11 (index 4); then 1 2 1 · 5 → 5; then 1 2 1 · · → 2; then 1 · 1 → tie, index 1
        assertArrayEquals(new int[] { 4, 5, 2, 1 }, result.picks());
        assertEquals(1.0, result.maxMinDistance(), 1e-9);
    }

    @Test
    void givenAMinDistance_whenCoreset_itStopsOnceEverySampleIsCloser() {
        SelectionResult result = Selector.select(line(Strategy.CORESET).labeled(0).k(4).minDistance(3).build());

        assertArrayEquals(new int[] { 4, 5 }, result.picks());
        assertEquals(2.0, result.maxMinDistance(), 1e-9);
    }

    @Test
    void givenNoCentre_whenCoreset_theFirstPickIsTheSeededRandomIndex() {
        for (long seed = 0; seed < 5; seed++) {
            int first = new SplittableRandom(seed).nextInt(6);

            int[] picks = Selector.select(line(Strategy.CORESET).k(2).seed(seed).build()).picks();

            assertEquals(first, picks[0]);
            assertEquals(first >= 3 && first != 5 ? 0 : 4, picks[1], "farthest from " + first);
        }
    }

    @Test
    void givenScores_whenCoralGreedy_itPicksArgmaxOfDistanceTimesScore() {
        double[] scores = { 1, 1, 1, 1, 0.1, 1 };

        SelectionResult result = Selector.select(line(Strategy.CORAL).coralMode(CoralMode.GREEDY).labeled(0)
                .scores(scores).k(3).build());

        // gains 1 2 10 1.1 5 → index 3; then 1 2 · 0.1 5 (5 is 5 from both 0 and 10) → 5; then 1 2 · 0.1 · → 2
        assertArrayEquals(new int[] { 3, 5, 2 }, result.picks());
        assertEquals(1.0, result.maxMinDistance(), 1e-9);
    }

    @Test
    void givenAStrength_whenCoralGreedy_itRaisesTheScore() {
        double[] scores = { 1, 0.5, 1, 1, 1, 1 };
        Embeddings twoCandidates = Embeddings.of(new float[][] { { 0 }, { 4 }, { 0.5f }, { 0 }, { 0 }, { 0 } });

        int[] linear = Selector.select(SelectionRequest.builder(Strategy.CORAL).embeddings(twoCandidates)
                .coralMode(CoralMode.GREEDY).labeled(0, 3, 4, 5).scores(scores).k(1).build()).picks();
        int[] squared = Selector.select(SelectionRequest.builder(Strategy.CORAL).embeddings(twoCandidates)
                .coralMode(CoralMode.GREEDY).labeled(0, 3, 4, 5).scores(scores).strength(4).k(1).build()).picks();

        // 4·0.5 = 2 > 0.5·1, but 4·0.5⁴ = 0.25 < 0.5
        assertArrayEquals(new int[] { 1 }, linear);
        assertArrayEquals(new int[] { 2 }, squared);
    }

    @Test
    void givenOneCloseAndOneFarCandidate_whenCoralSampled_itDrawsInProportionToSquaredDistance() {
        // labeled at 0; candidates at 1 and −2: minDist² 1 and 4, so P(index 2) = 4/5
        Embeddings e = Embeddings.of(new float[][] { { 0 }, { 1 }, { -2 } });
        int far = 0;
        int draws = 4000;
        for (long seed = 0; seed < draws; seed++) {
            int pick = Selector.select(SelectionRequest.builder(Strategy.CORAL).embeddings(e).labeled(0).k(1).seed(seed)
                    .build()).picks()[0];
            far += pick == 2 ? 1 : 0;
        }
        assertEquals(0.8, (double) far / draws, 0.02);
    }

    @Test
    void givenScores_whenCoralSampled_theScoreWeighsTheDraw() {
        // same distances; scores 1 and 0.25 make the weights 1 and 1: an even draw
        Embeddings e = Embeddings.of(new float[][] { { 0 }, { 1 }, { -2 } });
        int far = 0;
        int draws = 4000;
        for (long seed = 0; seed < draws; seed++) {
            far += Selector.select(SelectionRequest.builder(Strategy.CORAL).embeddings(e).labeled(0).k(1).seed(seed)
                    .scores(new double[] { 0, 1, 0.25 }).build()).picks()[0] == 2 ? 1 : 0;
        }
        assertEquals(0.5, (double) far / draws, 0.03);
    }

    @Test
    void givenScores_whenUncertainty_itTakesTheTopKWithLowestIndexOnTies() {
        double[] scores = { 0.5, 0.9, 0.9, 0.1, 0.95 };

        SelectionResult result = Selector.select(SelectionRequest.builder(Strategy.UNCERTAINTY).scores(scores)
                .labeled(4).k(3).build());

        assertArrayEquals(new int[] { 1, 2, 0 }, result.picks());
        assertTrue(Double.isNaN(result.maxMinDistance()), "no embeddings, no cover radius");
    }

    @Test
    void givenEmbeddings_whenUncertaintyOrRandom_itReportsTheCoverRadiusToo() {
        double[] scores = { 0, 0, 0, 0, 1, 0.5 };

        SelectionResult top = Selector.select(line(Strategy.UNCERTAINTY).scores(scores).labeled(0).k(2).build());

        assertArrayEquals(new int[] { 4, 5 }, top.picks());
        assertEquals(2.0, top.maxMinDistance(), 1e-9); // 2 is 2 from 0; 10 is 1 from 11
        SelectionResult random = Selector.select(line(Strategy.RANDOM).labeled(0, 1, 2, 3, 5).k(1).build());
        assertArrayEquals(new int[] { 4 }, random.picks());
        assertEquals(0.0, random.maxMinDistance(), 0.0);
    }

    @Test
    void givenASeed_whenRandom_itIsReproducibleAndNeverPicksLabeled() {
        SelectionRequest.Builder request = SelectionRequest.builder(Strategy.RANDOM).poolSize(1000).labeled(3, 5, 7)
                .k(100).seed(42);

        int[] a = Selector.select(request.build()).picks();
        int[] b = Selector.select(request.build()).picks();
        int[] other = Selector.select(request.seed(43).build()).picks();

        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, other));
        assertEquals(100, Arrays.stream(a).distinct().count());
        assertTrue(Arrays.stream(a).allMatch(i -> i >= 0 && i < 1000 && i != 3 && i != 5 && i != 7));
        assertTrue(Double.isNaN(Selector.select(request.build()).maxMinDistance()));
    }

    @Test
    void givenNoLabelsAndNoScores_coralMakesExactlyCoresetPicks() {
        SplittableRandom random = new SplittableRandom(3);
        float[][] rows = new float[300][5];
        for (float[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        Embeddings e = Embeddings.of(rows);
        for (CoralMode mode : CoralMode.values()) {
            SelectionResult coreset = Selector.select(SelectionRequest.builder(Strategy.CORESET).embeddings(e).k(20)
                    .seed(9).build());
            SelectionResult coral = Selector.select(SelectionRequest.builder(Strategy.CORAL).embeddings(e).k(20).seed(9)
                    .coralMode(mode).build());

            assertArrayEquals(coreset.picks(), coral.picks(), mode.name());
            assertEquals(coreset.maxMinDistance(), coral.maxMinDistance(), 0.0);
        }
    }

    @Test
    void givenDuplicatesOfTheCentres_itStillPicksDistinctUnlabeledSamples() {
        Embeddings same = Embeddings.of(new float[][] { { 1, 1 }, { 1, 1 }, { 1, 1 }, { 1, 1 } });

        for (Strategy s : new Strategy[] { Strategy.CORESET, Strategy.CORAL }) {
            SelectionResult r = Selector.select(SelectionRequest.builder(s).embeddings(same).labeled(1).k(3).build());

            assertEquals(3, Arrays.stream(r.picks()).distinct().count(), s.name());
            assertTrue(Arrays.stream(r.picks()).noneMatch(i -> i == 1), s.name());
            assertEquals(0.0, r.maxMinDistance(), 0.0);
        }
        int[] greedy = Selector.select(SelectionRequest.builder(Strategy.CORESET).embeddings(same).labeled(1).k(3).build())
                .picks();
        assertArrayEquals(new int[] { 0, 2, 3 }, greedy);
    }

    @Test
    void givenNoScoresButLabels_coralSampledStillDrawsFarSamplesMoreOften() {
        Embeddings e = Embeddings.of(new float[][] { { 0 }, { 1 }, { -2 } });
        int[] a = Selector.select(SelectionRequest.builder(Strategy.CORAL).embeddings(e).labeled(0).k(2).seed(5).build())
                .picks();
        int[] b = Selector.select(SelectionRequest.builder(Strategy.CORAL).embeddings(e).labeled(0).k(2).seed(5).build())
                .picks();

        assertArrayEquals(a, b);
        assertNotEquals(a[0], a[1]);
    }

    // ---- errors ------------------------------------------------------------------------------------------------

    static void assertBad(String field, Executable call) {
        BadInputException e = assertThrows(BadInputException.class, call);
        assertEquals(field, e.field(), e.getMessage());
    }

    private static void select(SelectionRequest.Builder b) {
        Selector.select(b.build());
    }

    @Test
    void givenKOutOfRange_itNamesK() {
        assertBad("k", () -> select(line(Strategy.CORESET).k(0)));
        assertBad("k", () -> select(line(Strategy.CORESET).k(-1)));
        assertBad("k", () -> select(line(Strategy.CORESET).labeled(0, 1).k(5)));
        assertBad("k", () -> select(SelectionRequest.builder(Strategy.RANDOM).poolSize(0).k(1)));
    }

    @Test
    void givenBadLabeledIndices_itNamesLabeled() {
        assertBad("labeled", () -> select(line(Strategy.CORESET).labeled(6).k(1)));
        assertBad("labeled", () -> select(line(Strategy.CORESET).labeled(-1).k(1)));
        assertBad("labeled", () -> select(line(Strategy.RANDOM).labeled(2, 2).k(1)));
    }

    @Test
    void givenBadScores_itNamesScores() {
        assertBad("scores", () -> select(SelectionRequest.builder(Strategy.UNCERTAINTY).poolSize(3).k(1)));
        assertBad("scores", () -> select(line(Strategy.UNCERTAINTY).scores(new double[] { 1, 2 }).k(1)));
        assertBad("scores", () -> select(line(Strategy.CORAL).scores(new double[] { 1, 2, 3, Double.NaN, 5, 6 }).k(1)));
        assertBad("scores", () -> select(line(Strategy.CORAL).scores(new double[] { 1, 2, 3, -4, 5, 6 }).k(1)));
        assertBad("scores", () -> select(line(Strategy.UNCERTAINTY).scores(new double[] { 1, 2, 3, 4, 5,
                Double.POSITIVE_INFINITY }).k(1)));
    }

    @Test
    void givenBadParameters_itNamesEach() {
        assertBad("strength", () -> select(line(Strategy.CORAL).strength(-1).k(1)));
        assertBad("strength", () -> select(line(Strategy.CORAL).strength(Double.NaN).k(1)));
        assertBad("minDistance", () -> select(line(Strategy.CORESET).minDistance(-0.5).k(1)));
        assertBad("threads", () -> select(line(Strategy.CORESET).threads(-2).k(1)));
        assertBad("strategy", () -> select(SelectionRequest.builder(null).embeddings(LINE).k(1)));
        assertBad("embeddings", () -> select(SelectionRequest.builder(Strategy.CORESET).poolSize(6).k(1)));
        assertBad("embeddings", () -> select(SelectionRequest.builder(Strategy.CORAL).poolSize(6).k(1)));
        assertBad("embeddings", () -> select(line(Strategy.CORESET).poolSize(7).k(1)));
        assertBad("poolSize", () -> select(SelectionRequest.builder(Strategy.RANDOM).poolSize(-1).k(1)));
        assertBad("request", () -> Selector.select(null));
    }
}
