package dev.needle.activities.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.needle.activities.BadInputException;

/**
 * Per-image scores of an object detector's output, as Lightly's {@code ScorerObjectDetection} defines them
 * (DESIGN.md §5; read from Lightly's {@code active_learning/scorers/detection.py} and
 * {@code utils/object_detection_output.py} before their removal in 1.4):
 *
 * <ul>
 * <li>{@value #OBJECT_FREQUENCY}: per image, the first box of a label counts 1 and every further box of that label
 * adds {@code frequency_penalty}; the counts are mapped linearly from their (min, max) over all images to
 * ({@code min_score}, 1). An image without boxes has count 0 and takes part in the min and max like any other
 * (Lightly does the same: it does not special-case empty images here), so next to images with boxes it scores
 * {@code min_score}. When all counts are equal every image scores 1, as {@code np.interp} returns the right end
 * for a degenerate range.
 * <li>{@value #OBJECTNESS_LEAST_CONFIDENCE} = 1 − mean of the box scores; 0 without boxes.
 * <li>the {@link ClassificationScorer} scores of the boxes' class probabilities, normalised, maximum over the
 * image's boxes; 0 without boxes.
 * </ul>
 *
 * As in Lightly, a box's score and label come from its class-probability row as given, so a single-column row
 * [p] has label 0 and score objectness·p, while its uncertainty is computed on [p, 1 − p]. Where only (score, label)
 * pairs are known, each box's class probabilities are k + 1 entries of (1 − s)/k with entry {@code label} set to s,
 * k = max(largest label in that image, 1).
 */
public final class DetectionScorer {

    public static final String OBJECT_FREQUENCY = "object_frequency";
    public static final String OBJECTNESS_LEAST_CONFIDENCE = "objectness_least_confidence";
    /** Every score name, in the order {@link #scoreAll} returns them (Lightly's order). */
    public static final List<String> NAMES = List.of(OBJECT_FREQUENCY, OBJECTNESS_LEAST_CONFIDENCE,
            ClassificationScorer.LEAST_CONFIDENCE, ClassificationScorer.MARGIN, ClassificationScorer.ENTROPY);

    public static final String FREQUENCY_PENALTY = "frequency_penalty";
    public static final String MIN_SCORE = "min_score";
    public static final double DEFAULT_FREQUENCY_PENALTY = 0.25;
    public static final double DEFAULT_MIN_SCORE = 0.9;

    private DetectionScorer() {
    }

    /**
     * Every score, one value per image, keyed by name in the order of {@link #NAMES}.
     *
     * @param config {@value #FREQUENCY_PENALTY} and {@value #MIN_SCORE}, each in [0, 1]; null or missing keys take
     *        the defaults, any other key is rejected
     */
    public static Map<String, double[]> scoreAll(List<DetectionPrediction> predictions, Map<String, Double> config) {
        if (predictions == null) {
            throw new BadInputException("predictions", "is missing");
        }
        double frequencyPenalty = configValue(config, FREQUENCY_PENALTY, DEFAULT_FREQUENCY_PENALTY);
        double minScore = configValue(config, MIN_SCORE, DEFAULT_MIN_SCORE);
        if (config != null) {
            for (String key : config.keySet()) {
                if (!FREQUENCY_PENALTY.equals(key) && !MIN_SCORE.equals(key)) {
                    throw new BadInputException("config." + key,
                            "is not a detection scorer setting; use " + FREQUENCY_PENALTY + " or " + MIN_SCORE);
                }
            }
        }
        int n = predictions.size();
        double[] counts = new double[n];
        double[] objectness = new double[n];
        Map<String, double[]> uncertainty = new LinkedHashMap<>();
        for (String name : ClassificationScorer.NAMES) {
            uncertainty.put(name, new double[n]);
        }
        for (int i = 0; i < n; i++) {
            Image image = Image.validate(predictions.get(i), "predictions[" + i + "]");
            counts[i] = image.objectCount(frequencyPenalty);
            objectness[i] = image.objectnessLeastConfidence();
            if (image.boxCount() > 0) {
                Map<String, double[]> perBox = ClassificationScorer.scoreAll(image.classProbabilities, true,
                        image.field + ".class_probabilities", ClassificationScorer.NAMES);
                for (String name : ClassificationScorer.NAMES) {
                    uncertainty.get(name)[i] = max(perBox.get(name));
                }
            }
        }
        Map<String, double[]> scores = new LinkedHashMap<>();
        scores.put(OBJECT_FREQUENCY, objectFrequency(counts, minScore));
        scores.put(OBJECTNESS_LEAST_CONFIDENCE, objectness);
        scores.putAll(uncertainty);
        return scores;
    }

    private static double configValue(Map<String, Double> config, String key, double fallback) {
        if (config == null || !config.containsKey(key)) {
            return fallback;
        }
        Double value = config.get(key);
        if (value == null || !(value >= 0 && value <= 1)) {
            throw new BadInputException("config." + key, "must be a number between 0 and 1, got " + value);
        }
        return value;
    }

    /** Lightly's {@code np.interp(count, (min, max), (min_score, 1))}; a degenerate range maps to its right end. */
    private static double[] objectFrequency(double[] counts, double minScore) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double c : counts) {
            lo = Math.min(lo, c);
            hi = Math.max(hi, c);
        }
        double[] scores = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            scores[i] = counts[i] >= hi ? 1.0 : minScore + (counts[i] - lo) * (1.0 - minScore) / (hi - lo);
        }
        return scores;
    }

    private static double max(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** One image's boxes after validation, reduced to box scores, labels and class-probability rows. */
    private record Image(String field, double[] scores, int[] labels, double[][] classProbabilities) {

        int boxCount() {
            return scores.length;
        }

        double objectnessLeastConfidence() {
            if (scores.length == 0) {
                return 0;
            }
            double sum = 0;
            for (double s : scores) {
                sum += s;
            }
            return 1 - sum / scores.length;
        }

        /** Summed per label in order of first appearance, each further box adding the penalty, as Lightly sums. */
        double objectCount(double frequencyPenalty) {
            Map<Integer, Double> perLabel = new LinkedHashMap<>();
            for (int label : labels) {
                perLabel.merge(label, 1.0, (count, one) -> count + frequencyPenalty);
            }
            double total = 0;
            for (double v : perLabel.values()) {
                total += v;
            }
            return total;
        }

        static Image validate(DetectionPrediction p, String field) {
            if (p == null) {
                throw new BadInputException(field, "is missing");
            }
            int boxes = validateBoxes(p.boxes(), field + ".boxes");
            if (p.classProbabilities() != null || p.objectProbabilities() != null) {
                return fromProbabilities(p, field, boxes);
            }
            return fromScores(p, field, boxes);
        }

        private static int validateBoxes(double[][] boxes, String field) {
            if (boxes == null) {
                throw new BadInputException(field, "is missing; give an empty list for an image without detections");
            }
            for (int j = 0; j < boxes.length; j++) {
                double[] b = boxes[j];
                String f = field + "[" + j + "]";
                if (b == null || b.length != 4) {
                    throw new BadInputException(f, "must be [x0, y0, x1, y1]");
                }
                for (double v : b) {
                    if (!(v >= 0 && v <= 1)) {
                        throw new BadInputException(f, "coordinates must be normalised to [0, 1], got " + v);
                    }
                }
                if (b[0] >= b[2] || b[1] >= b[3]) {
                    throw new BadInputException(f, "needs x0 < x1 and y0 < y1");
                }
            }
            return boxes.length;
        }

        private static Image fromProbabilities(DetectionPrediction p, String field, int boxes) {
            double[] objectness = p.objectProbabilities();
            double[][] classes = p.classProbabilities();
            if (objectness == null || classes == null) {
                throw new BadInputException(field + (objectness == null ? ".object_probabilities" : ".class_probabilities"),
                        "is missing; object and class probabilities come together");
            }
            if (p.labels() != null) {
                throw new BadInputException(field + ".labels",
                        "are derived from class_probabilities; give labels only with scores");
            }
            requireLength(objectness.length, boxes, field + ".object_probabilities");
            requireLength(classes.length, boxes, field + ".class_probabilities");
            requireProbabilities(objectness, field + ".object_probabilities");
            double[] scores = p.scores();
            if (scores != null) {
                requireLength(scores.length, boxes, field + ".scores");
                requireProbabilities(scores, field + ".scores");
            }
            // Validates every row as probabilities (ragged rows, negatives, sums) with the right field names.
            ClassificationScorer.scoreAll(classes, true, field + ".class_probabilities", List.of());
            double[] derived = new double[boxes];
            int[] labels = new int[boxes];
            for (int j = 0; j < boxes; j++) {
                double[] row = classes[j];
                int argmax = 0;
                for (int c = 1; c < row.length; c++) {
                    if (row[c] > row[argmax]) {
                        argmax = c;
                    }
                }
                labels[j] = argmax;
                derived[j] = objectness[j] * row[argmax];
            }
            return new Image(field, scores != null ? scores : derived, labels, classes);
        }

        private static Image fromScores(DetectionPrediction p, String field, int boxes) {
            double[] scores = p.scores();
            int[] labels = p.labels();
            if (boxes > 0 && (scores == null || labels == null)) {
                throw new BadInputException(field + (scores == null ? ".scores" : ".labels"),
                        "is missing; give scores and labels, or object and class probabilities");
            }
            scores = scores == null ? new double[0] : scores;
            labels = labels == null ? new int[0] : labels;
            requireLength(scores.length, boxes, field + ".scores");
            requireLength(labels.length, boxes, field + ".labels");
            requireProbabilities(scores, field + ".scores");
            int maxLabel = 0;
            for (int j = 0; j < boxes; j++) {
                if (labels[j] < 0) {
                    throw new BadInputException(field + ".labels[" + j + "]", "must not be negative, got " + labels[j]);
                }
                maxLabel = Math.max(maxLabel, labels[j]);
            }
            int k = Math.max(maxLabel, 1);
            List<double[]> rows = new ArrayList<>(boxes);
            for (int j = 0; j < boxes; j++) {
                double[] row = new double[k + 1];
                Arrays.fill(row, (1 - scores[j]) / k);
                row[labels[j]] = scores[j];
                rows.add(row);
            }
            return new Image(field, scores, labels, rows.toArray(new double[0][]));
        }

        private static void requireLength(int actual, int boxes, String field) {
            if (actual != boxes) {
                throw new BadInputException(field, "has " + actual + " entries for " + boxes + " boxes");
            }
        }

        private static void requireProbabilities(double[] values, String field) {
            for (int j = 0; j < values.length; j++) {
                if (!(values[j] >= 0 && values[j] <= 1)) {
                    throw new BadInputException(field + "[" + j + "]", "must be between 0 and 1, got " + values[j]);
                }
            }
        }
    }
}
