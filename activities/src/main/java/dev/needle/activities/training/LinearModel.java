package dev.needle.activities.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

import dev.needle.activities.BadInputException;

/**
 * A multinomial logistic regression on embeddings: {@code P(c | x) = softmax(W x + b)_c}.
 *
 * @param classes class names, one row of weights each, in the order of the probability columns
 * @param dimension embedding dimension d
 * @param weights C×(d+1), row-major: row c is {@code w_c0 … w_c(d-1), b_c}
 */
public record LinearModel(List<String> classes, int dimension, double[] weights) {

    /** "NDLM": guards {@link #fromBytes} against being handed some other artifact. */
    private static final int MAGIC = 0x4E444C4D;
    private static final int FORMAT_VERSION = 1;

    public LinearModel {
        if (classes == null || classes.isEmpty()) {
            throw new BadInputException("classes", "at least one class is needed");
        }
        classes = List.copyOf(classes);
        if (new HashSet<>(classes).size() != classes.size()) {
            throw new BadInputException("classes", "class names must be distinct");
        }
        if (dimension < 1) {
            throw new BadInputException("dimension", "must be at least 1, was " + dimension);
        }
        if (weights == null || weights.length != (long) classes.size() * (dimension + 1)) {
            throw new BadInputException("weights", "expected " + classes.size() + "×" + (dimension + 1) + " values");
        }
        for (double w : weights) {
            if (!Double.isFinite(w)) {
                throw new BadInputException("weights", "must be finite");
            }
        }
        // The array is copied in and out so that a model, once built, cannot change under its users.
        weights = weights.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** Class probabilities for one embedding, in the order of {@link #classes()}; they sum to 1. */
    public double[] probabilities(float[] x) {
        checkDimension(x, "x");
        double[] out = new double[classes.size()];
        softmax(x, out);
        return out;
    }

    /** Class probabilities for each embedding: an N×C matrix whose rows sum to 1. */
    public double[][] probabilities(float[][] xs) {
        double[][] out = new double[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            checkDimension(xs[i], "xs[" + i + "]");
            out[i] = new double[classes.size()];
            softmax(xs[i], out[i]);
        }
        return out;
    }

    /** The most probable class; the first in {@link #classes()} on ties. */
    public String predict(float[] x) {
        double[] p = probabilities(x);
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return classes.get(best);
    }

    private void softmax(float[] x, double[] out) {
        int stride = dimension + 1;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < out.length; c++) {
            int row = c * stride;
            double z = weights[row + dimension];
            for (int j = 0; j < dimension; j++) {
                z += weights[row + j] * x[j];
            }
            out[c] = z;
            max = Math.max(max, z);
        }
        // Shifting by the maximum keeps exp() from overflowing whatever the logits' scale.
        double sum = 0;
        for (int c = 0; c < out.length; c++) {
            out[c] = Math.exp(out[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < out.length; c++) {
            out[c] /= sum;
        }
    }

    private void checkDimension(float[] x, String field) {
        if (x == null || x.length != dimension) {
            throw new BadInputException(field, "expected " + dimension + " values, got " + (x == null ? "none" : x.length));
        }
        for (float v : x) {
            if (!Float.isFinite(v)) {
                throw new BadInputException(field, "values must be finite");
            }
        }
    }

    /** A compact binary form (big-endian, versioned) from which {@link #fromBytes} rebuilds an equal model. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 8 * weights.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(classes.size());
            out.writeInt(dimension);
            for (String c : classes) {
                out.writeUTF(c);
            }
            for (double w : weights) {
                out.writeDouble(w);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    public static LinearModel fromBytes(byte[] bytes) {
        if (bytes == null) {
            throw new BadInputException("model", "no bytes");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC) {
                throw new BadInputException("model", "not a linear model");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new BadInputException("model", "unknown format version " + version);
            }
            int classCount = in.readInt();
            int dimension = in.readInt();
            // Checked before allocating so that corrupt counts cannot ask for gigabytes.
            long expected = (long) classCount * (dimension + 1L);
            if (classCount < 1 || dimension < 1 || expected * Double.BYTES > bytes.length) {
                throw new BadInputException("model", "corrupt header");
            }
            String[] classes = new String[classCount];
            for (int c = 0; c < classCount; c++) {
                classes[c] = in.readUTF();
            }
            double[] weights = new double[(int) expected];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = in.readDouble();
            }
            if (in.read() != -1) {
                throw new BadInputException("model", "trailing bytes");
            }
            return new LinearModel(Arrays.asList(classes), dimension, weights);
        } catch (IOException e) {
            throw new BadInputException("model", "truncated");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinearModel m
                && dimension == m.dimension
                && classes.equals(m.classes)
                && Arrays.equals(weights, m.weights);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * classes.hashCode() + dimension) + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "LinearModel[classes=" + classes + ", dimension=" + dimension + "]";
    }
}
