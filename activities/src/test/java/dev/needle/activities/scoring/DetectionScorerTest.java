package dev.needle.activities.scoring;

import static dev.needle.activities.scoring.ClassificationScorer.ENTROPY;
import static dev.needle.activities.scoring.ClassificationScorer.LEAST_CONFIDENCE;
import static dev.needle.activities.scoring.ClassificationScorer.MARGIN;
import static dev.needle.activities.scoring.ClassificationScorerTest.assertBad;
import static dev.needle.activities.scoring.DetectionScorer.OBJECTNESS_LEAST_CONFIDENCE;
import static dev.needle.activities.scoring.DetectionScorer.OBJECT_FREQUENCY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DetectionScorerTest {

    private static final double EPS = 1e-9;
    private static final double[] BOX = { 0.1, 0.2, 0.3, 0.4 };
    private static final double[] BOX2 = { 0.5, 0.5, 0.9, 0.9 };

    private static double h3(double... p) {
        double s = 0;
        for (double v : p) {
            s -= v > 0 ? v * Math.log(v) / Math.log(2) : 0;
        }
        return s / (Math.log(p.length) / Math.log(2));
    }

    /** Two boxes: scores 0.8·0.5 = 0.4 and 0.5·0.7 = 0.35, labels 0 and 1. */
    private static final DetectionPrediction WITH_PROBABILITIES = DetectionPrediction.ofProbabilities(
            new double[][] { BOX, BOX2 }, new double[] { 0.8, 0.5 }, new double[][] { { 0.5, 0.41, 0.09 }, { 0.2, 0.7, 0.1 } });

    /** Three boxes, labels 2, 2, 0: k = 2, so rows [.05 .05 .9], [.2 .2 .6], [.3 .35 .35]. */
    private static final DetectionPrediction WITH_SCORES = DetectionPrediction.ofScores(
            new double[][] { BOX, BOX2, BOX }, new double[] { 0.9, 0.6, 0.3 }, new int[] { 2, 2, 0 });

    @Test
    void givenBothShapesAndAnEmptyImage_itScoresEachAsLightlyDefines() {
        Map<String, double[]> s = DetectionScorer.scoreAll(
                List.of(WITH_PROBABILITIES, WITH_SCORES, DetectionPrediction.empty()), null);

        assertEquals(DetectionScorer.NAMES, List.copyOf(s.keySet()));
        // counts 2, 1 + 0.25 + 1 = 2.25 and 0 mapped from (0, 2.25) to (0.9, 1)
        assertArrayEquals(new double[] { 0.9 + 2 * 0.1 / 2.25, 1.0, 0.9 }, s.get(OBJECT_FREQUENCY), EPS);
        assertArrayEquals(new double[] { 1 - (0.4 + 0.35) / 2, 1 - 0.6, 0 }, s.get(OBJECTNESS_LEAST_CONFIDENCE), EPS);
        assertArrayEquals(new double[] { 0.5 * 1.5, 0.65 * 1.5, 0 }, s.get(LEAST_CONFIDENCE), EPS);
        assertArrayEquals(new double[] { 1 - 0.09, 1 - 0.0, 0 }, s.get(MARGIN), EPS);
        assertArrayEquals(new double[] { Math.max(h3(0.5, 0.41, 0.09), h3(0.2, 0.7, 0.1)),
                Math.max(h3(0.05, 0.05, 0.9), Math.max(h3(0.2, 0.2, 0.6), h3(0.3, 0.35, 0.35))), 0 }, s.get(ENTROPY), EPS);
    }

    @Test
    void givenAFrequencyConfig_itUsesThePenaltyAndMinimumScore() {
        Map<String, double[]> s = DetectionScorer.scoreAll(List.of(WITH_PROBABILITIES, WITH_SCORES,
                DetectionPrediction.empty()), Map.of(DetectionScorer.FREQUENCY_PENALTY, 1.0, DetectionScorer.MIN_SCORE, 0.5));

        // counts 2, 3, 0 mapped from (0, 3) to (0.5, 1)
        assertArrayEquals(new double[] { 0.5 + 2 * 0.5 / 3, 1.0, 0.5 }, s.get(OBJECT_FREQUENCY), EPS);
    }

    @Test
    void givenEqualObjectCounts_everyImageHasFrequencyOne() {
        DetectionPrediction one = DetectionPrediction.ofScores(new double[][] { BOX }, new double[] { 0.5 }, new int[] { 3 });
        DetectionPrediction sameLabelTwiceNoPenalty = DetectionPrediction.ofScores(new double[][] { BOX, BOX2 },
                new double[] { 0.5, 0.5 }, new int[] { 1, 1 });

        double[] f = DetectionScorer.scoreAll(List.of(one, sameLabelTwiceNoPenalty),
                Map.of(DetectionScorer.FREQUENCY_PENALTY, 0.0)).get(OBJECT_FREQUENCY);
        double[] onlyEmpty = DetectionScorer.scoreAll(List.of(DetectionPrediction.empty()), Map.of())
                .get(OBJECT_FREQUENCY);

        assertArrayEquals(new double[] { 1, 1 }, f, 0.0);
        assertArrayEquals(new double[] { 1 }, onlyEmpty, 0.0);
    }

    @Test
    void givenExplicitScores_theyReplaceObjectnessTimesClassProbability() {
        DetectionPrediction p = new DetectionPrediction(new double[][] { BOX, BOX2 }, new double[] { 0.8, 0.5 },
                new double[][] { { 0.5, 0.41, 0.09 }, { 0.2, 0.7, 0.1 } }, new double[] { 0.9, 0.7 }, null);

        assertEquals(1 - 0.8, DetectionScorer.scoreAll(List.of(p), null).get(OBJECTNESS_LEAST_CONFIDENCE)[0], EPS);
    }

    @Test
    void givenASingleClassColumn_theBoxKeepsLabelZeroAndItsUncertaintyUsesTwoClasses() {
        DetectionPrediction p = DetectionPrediction.ofProbabilities(new double[][] { BOX }, new double[] { 0.5 },
                new double[][] { { 0.7 } });
        DetectionPrediction labelZero = DetectionPrediction.ofScores(new double[][] { BOX }, new double[] { 0.7 },
                new int[] { 0 });

        Map<String, double[]> s = DetectionScorer.scoreAll(List.of(p, labelZero), null);

        assertArrayEquals(new double[] { 1 - 0.35, 1 - 0.7 }, s.get(OBJECTNESS_LEAST_CONFIDENCE), EPS);
        // both images' class probabilities are [0.7, 0.3]
        assertArrayEquals(new double[] { 0.6, 0.6 }, s.get(LEAST_CONFIDENCE), EPS);
        assertArrayEquals(new double[] { 0.6, 0.6 }, s.get(MARGIN), EPS);
    }

    @Test
    void givenNoImages_itReturnsEmptyScores() {
        Map<String, double[]> s = DetectionScorer.scoreAll(List.of(), null);

        assertEquals(5, s.size());
        s.values().forEach(v -> assertEquals(0, v.length));
    }

    @Test
    void scoresOfValidInputLieInTheUnitInterval() {
        DetectionPrediction certain = DetectionPrediction.ofScores(new double[][] { BOX }, new double[] { 1 }, new int[] { 7 });

        Map<String, double[]> s = DetectionScorer.scoreAll(List.of(WITH_PROBABILITIES, WITH_SCORES,
                DetectionPrediction.empty(), certain), null);

        s.forEach((name, values) -> {
            for (double v : values) {
                assertTrue(v >= 0 && v <= 1, name + " = " + v);
            }
        });
    }

    @Test
    void givenInvalidBoxes_itNamesTheBox() {
        assertBad("predictions[1].boxes[1]", () -> scoreBoxes(BOX, new double[] { 0.3, 0.2, 0.3, 0.4 }));
        assertBad("predictions[1].boxes[0]", () -> scoreBoxes(new double[] { 0.1, 0.4, 0.3, 0.2 }, BOX));
        assertBad("predictions[1].boxes[0]", () -> scoreBoxes(new double[] { 0.1, 0.2, 1.3, 0.4 }, BOX));
        assertBad("predictions[1].boxes[0]", () -> scoreBoxes(new double[] { -0.1, 0.2, 0.3, 0.4 }, BOX));
        assertBad("predictions[1].boxes[1]", () -> scoreBoxes(BOX, new double[] { 0.1, 0.2, 0.3 }));
        assertBad("predictions[1].boxes[0]", () -> scoreBoxes(new double[] { Double.NaN, 0.2, 0.3, 0.4 }, BOX));
        assertBad("predictions[1].boxes", () -> score(DetectionPrediction.ofScores(null, new double[0], new int[0])));
    }

    private static void scoreBoxes(double[] a, double[] b) {
        score(DetectionPrediction.ofScores(new double[][] { a, b }, new double[] { 0.5, 0.5 }, new int[] { 0, 1 }));
    }

    private static void score(DetectionPrediction p) {
        DetectionScorer.scoreAll(List.of(WITH_SCORES, p), null);
    }

    @Test
    void givenInvalidScoresOrLengths_itNamesTheField() {
        double[][] two = { BOX, BOX2 };
        assertBad("predictions[1].scores[1]",
                () -> score(DetectionPrediction.ofScores(two, new double[] { 0.5, 1.5 }, new int[] { 0, 1 })));
        assertBad("predictions[1].scores[0]",
                () -> score(DetectionPrediction.ofScores(two, new double[] { -0.1, 0.5 }, new int[] { 0, 1 })));
        assertBad("predictions[1].scores",
                () -> score(DetectionPrediction.ofScores(two, new double[] { 0.5 }, new int[] { 0, 1 })));
        assertBad("predictions[1].labels",
                () -> score(DetectionPrediction.ofScores(two, new double[] { 0.5, 0.5 }, new int[] { 0 })));
        assertBad("predictions[1].labels", () -> score(DetectionPrediction.ofScores(two, new double[] { 0.5, 0.5 }, null)));
        assertBad("predictions[1].labels[0]",
                () -> score(DetectionPrediction.ofScores(two, new double[] { 0.5, 0.5 }, new int[] { -1, 0 })));
        assertBad("predictions[1].object_probabilities",
                () -> score(
                        DetectionPrediction.ofProbabilities(two, new double[] { 0.5 }, new double[][] { { 1, 0 }, { 0, 1 } })));
        assertBad("predictions[1].object_probabilities[1]", () -> score(
                DetectionPrediction.ofProbabilities(two, new double[] { 0.5, 2 }, new double[][] { { 1, 0 }, { 0, 1 } })));
        assertBad("predictions[1].class_probabilities",
                () -> score(DetectionPrediction.ofProbabilities(two, new double[] { 0.5, 0.5 }, new double[][] { { 1, 0 } })));
        assertBad("predictions[1].class_probabilities", () -> score(
                new DetectionPrediction(two, new double[] { 0.5, 0.5 }, null, new double[] { 0.5, 0.5 }, null)));
        assertBad("predictions[1].class_probabilities[1]", () -> score(
                DetectionPrediction.ofProbabilities(two, new double[] { 0.5, 0.5 },
                        new double[][] { { 1, 0 }, { 0.5, 0.2 } })));
        assertBad("predictions[1].class_probabilities[1]", () -> score(
                DetectionPrediction.ofProbabilities(two, new double[] { 0.5, 0.5 },
                        new double[][] { { 1, 0 }, { 0.5, 0.2, 0.3 } })));
        assertBad("predictions[1].scores", () -> score(new DetectionPrediction(two, new double[] { 0.5, 0.5 },
                new double[][] { { 1, 0 }, { 0, 1 } }, new double[] { 0.5 }, null)));
        assertBad("predictions[1].labels", () -> score(new DetectionPrediction(two, new double[] { 0.5, 0.5 },
                new double[][] { { 1, 0 }, { 0, 1 } }, null, new int[] { 0, 1 })));
        assertBad("predictions[1]", () -> DetectionScorer.scoreAll(java.util.Arrays.asList(WITH_SCORES, null), null));
        assertBad("predictions", () -> DetectionScorer.scoreAll(null, null));
    }

    @Test
    void givenABadConfig_itNamesTheKey() {
        assertBad("config.iou_threshold",
                () -> DetectionScorer.scoreAll(List.of(WITH_SCORES), Map.of("iou_threshold", 0.5)));
        assertBad("config.min_score",
                () -> DetectionScorer.scoreAll(List.of(WITH_SCORES), Map.of(DetectionScorer.MIN_SCORE, 1.5)));
        assertBad("config.frequency_penalty",
                () -> DetectionScorer.scoreAll(List.of(WITH_SCORES), Map.of(DetectionScorer.FREQUENCY_PENALTY, -0.1)));
        Map<String, Double> nullValue = new HashMap<>();
        nullValue.put(DetectionScorer.MIN_SCORE, null);
        assertBad("config.min_score", () -> DetectionScorer.scoreAll(List.of(WITH_SCORES), nullValue));
    }
}
