package dev.needle.activities.scoring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.needle.activities.BadInputException;

/**
 * Uncertainty scores of a classifier's output, exactly as Lightly defines them (DESIGN.md §5): for a row p of C class
 * probabilities,
 *
 * <ul>
 * <li>{@value #LEAST_CONFIDENCE} = 1 − max p, normalised ÷ (1 − 1/C);
 * <li>{@value #MARGIN} = 1 − (p₁ − p₂) over the two largest, unchanged when normalised;
 * <li>{@value #ENTROPY} = −Σ p·log₂ p with p ≤ 0 counting 0, normalised ÷ log₂ C.
 * </ul>
 *
 * Normalised scores are clamped to [0, 1] (Lightly interpolates between the scores of a one-hot and a uniform row,
 * which is these divisions followed by clamping). A single column is P(class 0) and is read as [p, 1 − p], so C = 2.
 * Rows must be probabilities: no negative or NaN entry, summing to 1 within {@value #SUM_TOLERANCE_PER_CLASS}·C, the
 * rounding of a float32 softmax.
 */
public final class ClassificationScorer {

    public static final String LEAST_CONFIDENCE = "uncertainty_least_confidence";
    public static final String MARGIN = "uncertainty_margin";
    public static final String ENTROPY = "uncertainty_entropy";
    public static final List<String> NAMES = List.of(LEAST_CONFIDENCE, MARGIN, ENTROPY);

    static final double SUM_TOLERANCE_PER_CLASS = 1e-6;
    private static final String FIELD = "predictions";

    private ClassificationScorer() {
    }

    /** One named score per row; an unknown name fails on field {@code scorer}. */
    public static double[] score(String name, double[][] probabilities, boolean normalize) {
        return scoreAll(probabilities, normalize, FIELD, selection(name)).get(name);
    }

    /** Every score, keyed by name in the order of {@link #NAMES}. */
    public static Map<String, double[]> scoreAll(double[][] probabilities, boolean normalize) {
        return scoreAll(probabilities, normalize, FIELD, NAMES);
    }

    /**
     * One named score per row of a row-major n×c matrix: the fast path for large model outputs, without a
     * {@code double[][]} per row.
     */
    public static double[] score(String name, float[] rowMajor, int n, int c, boolean normalize) {
        return scoreAll(rowMajor, n, c, normalize, selection(name)).get(name);
    }

    /** Every score of a row-major n×c matrix, keyed by name in the order of {@link #NAMES}. */
    public static Map<String, double[]> scoreAll(float[] rowMajor, int n, int c, boolean normalize) {
        return scoreAll(rowMajor, n, c, normalize, NAMES);
    }

    private static List<String> selection(String name) {
        if (name == null || !NAMES.contains(name)) {
            throw new BadInputException("scorer", "unknown classification score '" + name + "'; use one of " + NAMES);
        }
        return List.of(name);
    }

    /** The scores over rows named {@code field[i]} in errors; shared with the detection scorer's per-image boxes. */
    static Map<String, double[]> scoreAll(double[][] probabilities, boolean normalize, String field,
            List<String> names) {
        if (probabilities == null) {
            throw new BadInputException(field, "is missing");
        }
        int n = probabilities.length;
        Rows rows = new Rows(names, n);
        if (n == 0) {
            return rows.result();
        }
        int c = columns(probabilities[0], field, 0);
        for (int i = 0; i < n; i++) {
            double[] row = probabilities[i];
            if (row == null || row.length != c) {
                throw new BadInputException(field + "[" + i + "]",
                        "has " + (row == null ? "no" : row.length) + " class probabilities where row 0 has " + c);
            }
            rows.score(i, row, 0, c, normalize, field);
        }
        return rows.result();
    }

    private static Map<String, double[]> scoreAll(float[] rowMajor, int n, int c, boolean normalize,
            List<String> names) {
        if (rowMajor == null) {
            throw new BadInputException(FIELD, "is missing");
        }
        if (n < 0) {
            throw new BadInputException("n", "must not be negative");
        }
        Rows rows = new Rows(names, n);
        if (n == 0) {
            return rows.result();
        }
        if (c <= 0) {
            throw new BadInputException(FIELD, "has no classes: every row needs at least one class probability");
        }
        if ((long) n * c != rowMajor.length) {
            throw new BadInputException(FIELD, "has " + rowMajor.length + " values, not " + n + "×" + c);
        }
        for (int i = 0, off = 0; i < n; i++, off += c) {
            rows.score(i, rowMajor, off, c, normalize);
        }
        return rows.result();
    }

    private static int columns(double[] first, String field, int i) {
        if (first == null) {
            throw new BadInputException(field + "[" + i + "]", "is not a list of class probabilities");
        }
        if (first.length == 0) {
            throw new BadInputException(field + "[" + i + "]",
                    "has no classes: every row needs at least one class probability");
        }
        return first.length;
    }

    /** Accumulates the requested scores row by row; one pass over each row computes all of them. */
    private static final class Rows {
        private final double[] leastConfidence;
        private final double[] margin;
        private final double[] entropy;

        Rows(List<String> names, int n) {
            leastConfidence = names.contains(LEAST_CONFIDENCE) ? new double[n] : null;
            margin = names.contains(MARGIN) ? new double[n] : null;
            entropy = names.contains(ENTROPY) ? new double[n] : null;
        }

        void score(int i, double[] p, int off, int c, boolean normalize, String field) {
            if (c == 1) {
                scoreSingleColumn(i, p[off], normalize, field);
                return;
            }
            double first = Double.NEGATIVE_INFINITY;
            double second = Double.NEGATIVE_INFINITY;
            double sum = 0;
            double entropySum = 0;
            boolean valid = true;
            for (int j = off; j < off + c; j++) {
                double v = p[j];
                valid &= v >= 0; // false for NaN too
                sum += v;
                if (v > first) {
                    second = first;
                    first = v;
                } else if (v > second) {
                    second = v;
                }
                if (entropy != null) {
                    entropySum += term(v);
                }
            }
            finish(i, c, first, second, sum, valid, entropySum, normalize, field);
        }

        /** The same for a float matrix, without copying rows: the fast path's loop. */
        void score(int i, float[] p, int off, int c, boolean normalize) {
            if (c == 1) {
                scoreSingleColumn(i, p[off], normalize, FIELD);
                return;
            }
            float first = Float.NEGATIVE_INFINITY;
            float second = Float.NEGATIVE_INFINITY;
            double sum = 0;
            double entropySum = 0;
            boolean valid = true;
            for (int j = off; j < off + c; j++) {
                float v = p[j];
                valid &= v >= 0;
                sum += v;
                if (v > first) {
                    second = first;
                    first = v;
                } else if (v > second) {
                    second = v;
                }
                if (entropy != null) {
                    entropySum += Log2.timesLog2(v);
                }
            }
            finish(i, c, first, second, sum, valid, entropySum, normalize, FIELD);
        }

        /** One column is P(class 0): the row is [p, 1 − p]. */
        private void scoreSingleColumn(int i, double p0, boolean normalize, String field) {
            if (!(p0 >= 0 && p0 <= 1)) {
                throw notProbabilities(field, i, "the single column must be a probability in [0, 1], got " + p0);
            }
            double entropySum = entropy != null ? term(p0) + term(1 - p0) : 0;
            set(i, 2, Math.max(p0, 1 - p0), Math.min(p0, 1 - p0), entropySum, normalize);
        }

        private void finish(int i, int c, double first, double second, double sum, boolean valid, double entropySum,
                boolean normalize, String field) {
            if (!valid) {
                throw notProbabilities(field, i, "has a negative or NaN entry");
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE_PER_CLASS * c) {
                throw notProbabilities(field, i, "sums to " + sum + ", not 1");
            }
            set(i, c, first, second, entropySum, normalize);
        }

        private void set(int i, int classes, double first, double second, double entropySum, boolean normalize) {
            if (leastConfidence != null) {
                double raw = 1 - first;
                leastConfidence[i] = normalize ? clamp(raw / (1 - 1.0 / classes)) : raw;
            }
            if (margin != null) {
                double raw = 1 - (first - second);
                margin[i] = normalize ? clamp(raw) : raw;
            }
            if (entropy != null) {
                double raw = -entropySum;
                entropy[i] = normalize ? clamp(raw / Log2.log2(classes)) : raw;
            }
        }

        Map<String, double[]> result() {
            Map<String, double[]> out = new LinkedHashMap<>();
            if (leastConfidence != null) {
                out.put(LEAST_CONFIDENCE, leastConfidence);
            }
            if (margin != null) {
                out.put(MARGIN, margin);
            }
            if (entropy != null) {
                out.put(ENTROPY, entropy);
            }
            return out;
        }
    }

    /** p·log₂ p, with p ≤ 0 counting 0; subnormal p contributes below 10⁻³⁰⁴ and counts 0 too. */
    private static double term(double p) {
        return p >= Double.MIN_NORMAL ? p * Log2.log2(p) : 0;
    }

    private static double clamp(double v) {
        return Math.min(1, Math.max(0, v));
    }

    private static BadInputException notProbabilities(String field, int i, String reason) {
        return new BadInputException(field + "[" + i + "]", "is not a row of class probabilities: " + reason);
    }
}
