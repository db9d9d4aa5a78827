package dev.needle.activities.training;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Mean multinomial cross-entropy plus {@code (l2/2)·‖θ‖²}, with its analytic gradient.
 *
 * <p>
 * Parameters are laid out feature-major, {@code θ[j·C + c]} with j = d for the bias, so that the inner loops run
 * over classes on contiguous memory with no reduction: the JIT vectorises them. Rows are summed in fixed blocks, in
 * block order, so the result is bit-for-bit the same whether the blocks run on one thread or many.
 *
 * <p>
 * Logits are linear in θ, {@code Z(θ + t·p) = Z(θ) + t·Z(p)}, so a line search needs the N×d×C product only once
 * per line; {@link #onLine} then evaluates any point on it in O(N·C).
 */
final class SoftmaxLoss {

    private static final int BLOCK = 2048;

    private final float[][] x;
    private final int[] y;
    private final int classes;
    private final int dimension;
    private final double l2;
    private final boolean parallel;

    SoftmaxLoss(float[][] x, int[] y, int classes, int dimension, double l2) {
        this.x = x;
        this.y = y;
        this.classes = classes;
        this.dimension = dimension;
        this.l2 = l2;
        // Below a few blocks the fork/join overhead outweighs the work.
        this.parallel = x.length >= 4 * BLOCK && Runtime.getRuntime().availableProcessors() > 1;
    }

    int parameterCount() {
        return classes * (dimension + 1);
    }

    /** N×C: the length of a logits array. */
    int logitCount() {
        return x.length * classes;
    }

    /** The loss at θ; fills {@code gradient} (∂loss/∂θ) and {@code logits} (N×C, row-major) when they are not null. */
    double evaluate(double[] theta, double[] gradient, double[] logits) {
        int blocks = blockCount();
        double[] losses = new double[blocks];
        double[][] gradients = gradient == null ? null : new double[blocks][];
        forEachBlock(b -> {
            double[] g = gradient == null ? null : new double[theta.length];
            losses[b] = block(theta, b * BLOCK, end(b), g, logits);
            if (g != null) {
                gradients[b] = g;
            }
        });
        if (gradient != null) {
            Arrays.fill(gradient, 0);
            for (double[] g : gradients) {
                for (int k = 0; k < g.length; k++) {
                    gradient[k] += g[k];
                }
            }
            for (int k = 0; k < gradient.length; k++) {
                gradient[k] = gradient[k] / x.length + l2 * theta[k];
            }
        }
        return sum(losses) / x.length + penalty(theta);
    }

    /** {@code Z(p)} without the bias shift: the change of the logits per unit step along p. */
    double[] logits(double[] direction) {
        double[] out = new double[x.length * classes];
        int biasOffset = dimension * classes;
        forEachBlock(b -> {
            for (int i = b * BLOCK; i < end(b); i++) {
                int row = i * classes;
                System.arraycopy(direction, biasOffset, out, row, classes);
                float[] xi = x[i];
                for (int j = 0; j < dimension; j++) {
                    double xij = xi[j];
                    int o = j * classes;
                    for (int c = 0; c < classes; c++) {
                        out[row + c] += xij * direction[o + c];
                    }
                }
            }
        });
        return out;
    }

    /** The loss at θ = θ₀ + t·p, given {@code Z(θ₀)} and {@code Z(p)}: no pass over the embeddings. */
    double onLine(double[] theta, double[] startLogits, double[] directionLogits, double t) {
        double[] losses = new double[blockCount()];
        forEachBlock(b -> {
            double[] z = new double[classes];
            double loss = 0;
            for (int i = b * BLOCK; i < end(b); i++) {
                int row = i * classes;
                for (int c = 0; c < classes; c++) {
                    z[c] = startLogits[row + c] + t * directionLogits[row + c];
                }
                loss += crossEntropy(z, y[i]);
            }
            losses[b] = loss;
        });
        return sum(losses) / x.length + penalty(theta);
    }

    /** Summed (not averaged) loss of rows [from, to); adds their gradient into {@code g} when not null. */
    private double block(double[] theta, int from, int to, double[] g, double[] logits) {
        int biasOffset = dimension * classes;
        double[] z = new double[classes];
        double loss = 0;
        for (int i = from; i < to; i++) {
            float[] xi = x[i];
            System.arraycopy(theta, biasOffset, z, 0, classes);
            for (int j = 0; j < dimension; j++) {
                double xij = xi[j];
                int o = j * classes;
                for (int c = 0; c < classes; c++) {
                    z[c] += xij * theta[o + c];
                }
            }
            if (logits != null) {
                System.arraycopy(z, 0, logits, i * classes, classes);
            }
            double logSumExp = logSumExp(z);
            loss += logSumExp - z[y[i]];
            if (g != null) {
                for (int c = 0; c < classes; c++) {
                    z[c] = Math.exp(z[c] - logSumExp);
                }
                z[y[i]] -= 1;
                for (int j = 0; j < dimension; j++) {
                    double xij = xi[j];
                    int o = j * classes;
                    for (int c = 0; c < classes; c++) {
                        g[o + c] += xij * z[c];
                    }
                }
                for (int c = 0; c < classes; c++) {
                    g[biasOffset + c] += z[c];
                }
            }
        }
        return loss;
    }

    private static double crossEntropy(double[] z, int label) {
        return logSumExp(z) - z[label];
    }

    /** log Σ exp(z), computed around the maximum: nothing overflows, and at least one term equals 1. */
    private static double logSumExp(double[] z) {
        double max = z[0];
        for (int c = 1; c < z.length; c++) {
            max = Math.max(max, z[c]);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    private double penalty(double[] theta) {
        double squares = 0;
        for (double t : theta) {
            squares += t * t;
        }
        return 0.5 * l2 * squares;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    private int blockCount() {
        return (x.length + BLOCK - 1) / BLOCK;
    }

    private int end(int block) {
        return Math.min(x.length, (block + 1) * BLOCK);
    }

    private void forEachBlock(IntConsumer body) {
        IntStream blocks = IntStream.range(0, blockCount());
        (parallel ? blocks.parallel() : blocks).forEach(body);
    }
}
