package dev.needle.activities.scoring;

import static dev.needle.activities.scoring.ClassificationScorer.ENTROPY;
import static dev.needle.activities.scoring.ClassificationScorer.LEAST_CONFIDENCE;
import static dev.needle.activities.scoring.ClassificationScorer.MARGIN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import dev.needle.activities.BadInputException;

class ClassificationScorerTest {

    private static final double EPS = 1e-9;

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static double h(double... p) {
        double s = 0;
        for (double v : p) {
            s -= v > 0 ? v * log2(v) : 0;
        }
        return s;
    }

    @Test
    void givenThreeClasses_whenNormalised_itDividesByTheScoreOfAUniformRow() {
        Map<String, double[]> s = ClassificationScorer.scoreAll(new double[][] { { 0.7, 0.2, 0.1 }, { 0.4, 0.5, 0.1 } }, true);

        assertEquals(List.of(LEAST_CONFIDENCE, MARGIN, ENTROPY), List.copyOf(s.keySet()));
        assertArrayEquals(new double[] { 0.3 / (2.0 / 3), 0.5 / (2.0 / 3) }, s.get(LEAST_CONFIDENCE), EPS);
        assertArrayEquals(new double[] { 1 - 0.5, 1 - 0.1 }, s.get(MARGIN), EPS);
        assertArrayEquals(new double[] { h(0.7, 0.2, 0.1) / log2(3), h(0.4, 0.5, 0.1) / log2(3) }, s.get(ENTROPY), EPS);
    }

    @Test
    void givenRawScores_whenNotNormalised_itReturnsTheDefinitionsUnscaled() {
        double[][] p = { { 0.25, 0.25, 0.25, 0.25 }, { 0.7, 0.2, 0.1, 0.0 } };

        assertArrayEquals(new double[] { 0.75, 0.3 }, ClassificationScorer.score(LEAST_CONFIDENCE, p, false), EPS);
        assertArrayEquals(new double[] { 1.0, 0.5 }, ClassificationScorer.score(MARGIN, p, false), EPS);
        assertArrayEquals(new double[] { 2.0, h(0.7, 0.2, 0.1) }, ClassificationScorer.score(ENTROPY, p, false), EPS);
    }

    @Test
    void givenUniformAndOneHotRows_whenNormalised_theyScoreOneAndZero() {
        Map<String, double[]> s = ClassificationScorer.scoreAll(
                new double[][] { { 0.2, 0.2, 0.2, 0.2, 0.2 }, { 0, 1, 0, 0, 0 } },
                true);

        for (String name : ClassificationScorer.NAMES) {
            assertArrayEquals(new double[] { 1, 0 }, s.get(name), EPS, name);
        }
    }

    @Test
    void givenASingleColumn_itIsReadAsTheProbabilityOfClassZeroOfTwo() {
        Map<String, double[]> s = ClassificationScorer.scoreAll(new double[][] { { 0.8 }, { 0.5 }, { 0.0 } }, true);

        assertArrayEquals(new double[] { 0.2 / 0.5, 1, 0 }, s.get(LEAST_CONFIDENCE), EPS);
        assertArrayEquals(new double[] { 1 - 0.6, 1, 0 }, s.get(MARGIN), EPS);
        assertArrayEquals(new double[] { h(0.8, 0.2), 1, 0 }, s.get(ENTROPY), EPS);
    }

    @Test
    void givenTinyRoundingInTheRowSum_itIsTolerated() {
        double[] lc = ClassificationScorer.score(LEAST_CONFIDENCE, new double[][] { { 0.5, 0.5 + 1e-7 } }, true);

        assertEquals(1.0, lc[0], 1e-6);
        assertTrue(lc[0] <= 1.0, "normalised scores are clamped to 1");
    }

    @Test
    void givenNoRows_itReturnsEmptyScores() {
        Map<String, double[]> s = ClassificationScorer.scoreAll(new double[0][], true);

        assertEquals(3, s.size());
        s.values().forEach(v -> assertEquals(0, v.length));
        assertEquals(0, ClassificationScorer.score(MARGIN, new float[0], 0, 7, true).length);
    }

    @Test
    void givenRandomProbabilities_normalisedScoresLieInTheUnitInterval_andTheFlatPathAgrees() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 500;
        for (int c : new int[] { 1, 2, 3, 10, 100 }) {
            float[] flat = new float[n * c];
            double[][] rows = new double[n][c];
            for (int i = 0; i < n; i++) {
                randomRow(random, flat, i * c, c);
                for (int j = 0; j < c; j++) {
                    rows[i][j] = flat[i * c + j];
                }
            }
            Map<String, double[]> fromRows = ClassificationScorer.scoreAll(rows, true);
            Map<String, double[]> fromFlat = ClassificationScorer.scoreAll(flat, n, c, true);
            for (String name : ClassificationScorer.NAMES) {
                assertArrayEquals(fromRows.get(name), fromFlat.get(name), 1e-12, name);
                for (double v : fromRows.get(name)) {
                    assertTrue(v >= 0 && v <= 1, name + " = " + v);
                }
                assertArrayEquals(fromFlat.get(name), ClassificationScorer.score(name, flat, n, c, true), 0.0, name);
            }
            double[] entropy = ClassificationScorer.score(ENTROPY, rows, false);
            for (int i = 0; i < n; i++) {
                assertEquals(h(c == 1 ? new double[] { rows[i][0], 1 - rows[i][0] } : rows[i]), entropy[i], EPS);
            }
        }
    }

    /** A float row whose single column is a probability, or whose columns sum to 1 within float rounding. */
    static void randomRow(SplittableRandom random, float[] out, int off, int c) {
        if (c == 1) {
            out[off] = (float) random.nextDouble();
            return;
        }
        double sum = 0;
        double[] raw = new double[c];
        for (int j = 0; j < c; j++) {
            raw[j] = Math.exp(4 * random.nextDouble());
            sum += raw[j];
        }
        for (int j = 0; j < c; j++) {
            out[off + j] = (float) (raw[j] / sum);
        }
    }

    @Test
    void givenAnUnknownScoreName_itNamesTheScorerField() {
        assertBad("scorer", () -> ClassificationScorer.score("prediction_margin", new double[][] { { 1 } }, true));
        assertBad("scorer", () -> ClassificationScorer.score(null, new float[] { 1 }, 1, 1, true));
    }

    @Test
    void givenMalformedMatrices_itNamesTheOffendingRow() {
        assertBad("predictions", () -> ClassificationScorer.scoreAll(null, true));
        assertBad("predictions[0]", () -> ClassificationScorer.scoreAll(new double[][] { {} }, true));
        assertBad("predictions[0]", () -> ClassificationScorer.scoreAll(new double[][] { null }, true));
        assertBad("predictions[2]",
                () -> ClassificationScorer.scoreAll(new double[][] { { 0.5, 0.5 }, { 1, 0 }, { 1 } }, true));
        assertBad("predictions[1]", () -> ClassificationScorer.scoreAll(new double[][] { { 0.5, 0.5 }, null }, true));
    }

    @Test
    void givenRowsThatAreNotProbabilities_itNamesTheRow() {
        assertBad("predictions[1]", () -> ClassificationScorer.scoreAll(new double[][] { { 0.5, 0.5 }, { 1.2, -0.2 } }, true));
        assertBad("predictions[0]", () -> ClassificationScorer.scoreAll(new double[][] { { Double.NaN, 1 } }, true));
        assertBad("predictions[0]", () -> ClassificationScorer.scoreAll(new double[][] { { 0.3, 0.3, 0.3 } }, true));
        assertBad("predictions[0]", () -> ClassificationScorer.scoreAll(new double[][] { { 0.6, 0.6 } }, false));
        assertBad("predictions[1]", () -> ClassificationScorer.scoreAll(new double[][] { { 0.5 }, { 1.5 } }, true));
        assertBad("predictions[0]", () -> ClassificationScorer.scoreAll(new double[][] { { Double.NaN } }, true));
        assertBad("predictions[1]", () -> ClassificationScorer.scoreAll(new float[] { 1, 0, 0.5f, 0.4f }, 2, 2, true));
    }

    @Test
    void givenAFlatMatrixOfTheWrongShape_itNamesPredictions() {
        assertBad("predictions", () -> ClassificationScorer.scoreAll(new float[] { 1, 0, 1 }, 2, 2, true));
        assertBad("predictions", () -> ClassificationScorer.scoreAll(new float[] {}, 2, 0, true));
        assertBad("predictions", () -> ClassificationScorer.scoreAll(null, 2, 2, true));
        assertBad("n", () -> ClassificationScorer.scoreAll(new float[] {}, -1, 2, true));
    }

    static void assertBad(String field, Executable call) {
        BadInputException e = assertThrows(BadInputException.class, call);
        assertEquals(field, e.field(), e.getMessage());
    }

    @Test
    void log2AgreesWithTheLibraryLogarithm() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 100_000; i++) {
            double x = Math.scalb(1 + random.nextDouble(), random.nextInt(-1000, 1000));
            assertEquals(Math.log(x) / Math.log(2), Log2.log2(x), 4 * Math.ulp(Math.abs(Math.log(x) / Math.log(2))) + 1e-15);
        }
        for (int i = 0; i < 100_000; i++) {
            float p = (float) Math.scalb(1 + random.nextDouble(), random.nextInt(-126, 1));
            double exact = p * (Math.log(p) / Math.log(2));
            assertEquals(exact, Log2.timesLog2(p), 1e-15 + 1e-14 * Math.abs(exact));
        }
        assertEquals(0.0, Log2.timesLog2(0f), 0.0);
        assertEquals(0.0, Log2.timesLog2(Float.MIN_VALUE), 0.0);
        assertEquals(-0.5, Log2.timesLog2(0.5f), 0.0);
        assertEquals(0.0, Log2.log2(1.0), 0.0);
        assertEquals(-3.0, Log2.log2(0.125), 0.0);
    }
}
