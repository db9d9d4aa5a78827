package dev.needle.activities.training;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.optim.ConvergenceChecker;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;

import dev.needle.activities.BadInputException;

/**
 * The built-in trainer: a linear probe, i.e. multinomial logistic regression on frozen embeddings.
 *
 * <p>
 * Minimises {@code mean_i [log Σ_c exp(z_ic) − z_i,y_i] + (l2/2)·‖W‖²} with z = W x + b, biases included in the
 * penalty: with a positive l2 the minimum then always exists, even when every label is one class or the data are
 * separable, so the optimiser cannot run off to infinity. (scikit-learn's {@code C} corresponds to
 * {@code 1 / (l2 · n)}, except that scikit-learn leaves the bias unpenalised.) Optimised by Commons Math's
 * Polak–Ribière conjugate gradient from zero weights: the same inputs give the same model, bit for bit, on a given
 * JVM and CPU ({@code Math.exp} may differ in the last bit between platforms).
 */
public final class LinearProbe {

    /** Stop when an iteration improves the loss by less than this fraction. */
    private static final double RELATIVE_TOLERANCE = 1e-7;

    // Line-search tolerances are on the step length; CG with restarts does not need exact line minima.
    private static final double LINE_RELATIVE_TOLERANCE = 1e-4;
    private static final double LINE_ABSOLUTE_TOLERANCE = 1e-8;

    /** The built-in trainer's iteration cap. */
    public static final int DEFAULT_MAX_ITERATIONS = 300;

    private LinearProbe() {
    }

    /**
     * The built-in trainer's L2 strength for {@code n} labels: 1/(10·n), scikit-learn's {@code C = 10} for this
     * objective, the setting of the calibration in DESIGN's Corrections. A fixed strength (1e-3 before) capped accuracy
     * at 0.80 on Fashion-MNIST with every label; scaling with 1/n lets the penalty fade as labels accumulate.
     */
    public static double defaultL2(int n) {
        return 1.0 / (10.0 * Math.max(1, n));
    }

    /**
     * Fits a model with one row per entry of {@code classes}, whether or not that class has labeled examples, so that
     * predictions always have C columns in a stable order.
     *
     * @param x embeddings, N×d, all rows the same length, finite
     * @param labels the class of each row, each one of {@code classes}
     * @param classes the full, distinct class list
     * @param l2 regularisation strength, > 0 (e.g. 1e-4 for a few hundred labels on L2-normalised embeddings)
     * @param maxIterations conjugate-gradient iterations at most, ≥ 1
     */
    public static LinearModel train(float[][] x, List<String> labels, List<String> classes, double l2,
            int maxIterations) {
        int dimension = checkMatrix(x, "x");
        if (labels == null || labels.size() != x.length) {
            throw new BadInputException("labels", "expected one label per row (" + x.length + "), got "
                    + (labels == null ? "none" : labels.size()));
        }
        if (classes == null || classes.isEmpty()) {
            throw new BadInputException("classes", "at least one class is needed");
        }
        Map<String, Integer> index = new HashMap<>();
        for (String c : classes) {
            if (c == null || index.putIfAbsent(c, index.size()) != null) {
                throw new BadInputException("classes", "class names must be distinct and not null");
            }
        }
        int[] y = new int[labels.size()];
        for (int i = 0; i < y.length; i++) {
            Integer c = index.get(labels.get(i));
            if (c == null) {
                throw new BadInputException("labels",
                        "label '" + labels.get(i) + "' of row " + i + " is not one of the classes");
            }
            y[i] = c;
        }
        if (!(l2 > 0) || Double.isInfinite(l2)) {
            throw new BadInputException("l2", "must be a positive number, was " + l2);
        }
        if (maxIterations < 1) {
            throw new BadInputException("maxIterations", "must be at least 1, was " + maxIterations);
        }

        int classCount = classes.size();
        SoftmaxLoss loss = new SoftmaxLoss(x, y, classCount, dimension, l2);
        double[] theta = minimise(loss, bracket(x, l2), maxIterations);

        // Feature-major (the optimiser's layout) to the model's row-major C×(d+1).
        double[] weights = new double[classCount * (dimension + 1)];
        for (int c = 0; c < classCount; c++) {
            for (int j = 0; j <= dimension; j++) {
                weights[c * (dimension + 1) + j] = theta[j * classCount + c];
            }
        }
        return new LinearModel(classes, dimension, weights);
    }

    /** Fraction of rows whose predicted class equals the label. */
    public static double accuracy(LinearModel model, float[][] x, List<String> labels) {
        checkMatrix(x, "x");
        if (labels == null || labels.size() != x.length) {
            throw new BadInputException("labels", "expected one label per row");
        }
        int correct = 0;
        for (int i = 0; i < x.length; i++) {
            if (model.predict(x[i]).equals(labels.get(i))) {
                correct++;
            }
        }
        return (double) correct / x.length;
    }

    private static double[] minimise(SoftmaxLoss loss, double initialBracket, int maxIterations) {
        Memo memo = new Memo(loss);
        // The iteration cap lives in the checker: Commons Math's own MaxIter throws instead of returning the point.
        ConvergenceChecker<PointValuePair> checker = (iteration, previous, current) -> iteration >= maxIterations
                || Math.abs(previous.getValue() - current.getValue()) <= RELATIVE_TOLERANCE
                        * Math.max(Math.abs(previous.getValue()), Math.abs(current.getValue()));
        NonLinearConjugateGradientOptimizer optimizer = new NonLinearConjugateGradientOptimizer(
                NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, checker,
                LINE_RELATIVE_TOLERANCE, LINE_ABSOLUTE_TOLERANCE, initialBracket);
        try {
            return optimizer.optimize(
                    new ObjectiveFunction(memo::value),
                    new ObjectiveFunctionGradient(memo::gradient),
                    GoalType.MINIMIZE,
                    new InitialGuess(new double[loss.parameterCount()]),
                    new MaxIter(Integer.MAX_VALUE),
                    new MaxEval(Integer.MAX_VALUE)).getPoint();
        } catch (MathIllegalStateException e) {
            // A line search that cannot bracket a minimum (flat or numerically exhausted loss): the best point so far
            // is still a valid, deterministic model.
            return memo.best();
        }
    }

    /**
     * A first step length of the order of 1/L, L bounding the loss curvature, so the line search brackets its minimum
     * in a few evaluations whatever the scale of the embeddings. Softmax curvature is at most ½·‖(x,1)‖².
     */
    private static double bracket(float[][] x, double l2) {
        double meanSquaredNorm = 0;
        for (float[] row : x) {
            double s = 1;
            for (float v : row) {
                s += (double) v * v;
            }
            meanSquaredNorm += s / x.length;
        }
        return 1 / (0.5 * meanSquaredNorm + l2);
    }

    private static int checkMatrix(float[][] x, String field) {
        if (x == null || x.length == 0) {
            throw new BadInputException(field, "no rows");
        }
        int dimension = x[0] == null ? 0 : x[0].length;
        if (dimension == 0) {
            throw new BadInputException(field, "rows must not be empty");
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null || x[i].length != dimension) {
                throw new BadInputException(field, "row " + i + " has " + (x[i] == null ? 0 : x[i].length)
                        + " values, row 0 has " + dimension);
            }
            for (float v : x[i]) {
                if (!Float.isFinite(v)) {
                    throw new BadInputException(field, "row " + i + " has a non-finite value");
                }
            }
        }
        return dimension;
    }

    /**
     * Sits between Commons Math and the loss to spare passes over the embeddings. The optimiser asks for the gradient
     * at a point, then for the value at that same point, then for values at {@code point + α·direction} during the
     * line search. The first is answered together with the gradient; the others from the logits of the point and of
     * the direction (see {@link SoftmaxLoss#onLine}): the line is recovered from the first point asked off the
     * anchor, and every later point is checked to lie on it before that shortcut is taken. Also keeps the best point.
     */
    private static final class Memo {
        /** Relative distance within which a point counts as on the line: far above rounding, far below any step. */
        private static final double ON_LINE_TOLERANCE = 1e-9;

        private final SoftmaxLoss loss;
        private double[] anchor;
        private double anchorValue;
        private double[] anchorGradient;
        private double[] anchorLogits;
        private double[] direction;
        private double[] directionLogits;
        private double[] best;
        private double bestValue = Double.POSITIVE_INFINITY;

        Memo(SoftmaxLoss loss) {
            this.loss = loss;
        }

        double value(double[] theta) {
            if (Arrays.equals(theta, anchor)) {
                return anchorValue;
            }
            if (anchor != null && direction == null) {
                direction = new double[theta.length];
                for (int k = 0; k < theta.length; k++) {
                    direction[k] = theta[k] - anchor[k];
                }
                directionLogits = loss.logits(direction);
                return remember(theta, loss.onLine(theta, anchorLogits, directionLogits, 1));
            }
            double t = direction == null ? Double.NaN : stepAlongDirection(theta);
            if (!Double.isNaN(t)) {
                return remember(theta, loss.onLine(theta, anchorLogits, directionLogits, t));
            }
            return remember(theta, loss.evaluate(theta, null, null));
        }

        double[] gradient(double[] theta) {
            if (!Arrays.equals(theta, anchor)) {
                double[] g = new double[theta.length];
                double[] logits = new double[loss.logitCount()];
                anchorValue = remember(theta, loss.evaluate(theta, g, logits));
                anchor = theta.clone();
                anchorGradient = g;
                anchorLogits = logits;
                direction = null;
                directionLogits = null;
            }
            return anchorGradient.clone();
        }

        /** t with {@code theta = anchor + t·direction}, or NaN when theta is not on that line. */
        private double stepAlongDirection(double[] theta) {
            double dot = 0;
            double squares = 0;
            for (int k = 0; k < theta.length; k++) {
                dot += (theta[k] - anchor[k]) * direction[k];
                squares += direction[k] * direction[k];
            }
            double t = dot / squares;
            for (int k = 0; k < theta.length; k++) {
                double predicted = anchor[k] + t * direction[k];
                double scale = Math.abs(anchor[k]) + Math.abs(theta[k]) + Math.abs(t * direction[k]);
                if (Math.abs(theta[k] - predicted) > ON_LINE_TOLERANCE * scale) {
                    return Double.NaN;
                }
            }
            return t;
        }

        private double remember(double[] theta, double v) {
            if (v < bestValue) {
                bestValue = v;
                best = theta.clone();
            }
            return v;
        }

        double[] best() {
            return best == null ? new double[loss.parameterCount()] : best;
        }
    }
}
