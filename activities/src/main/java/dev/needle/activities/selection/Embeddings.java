package dev.needle.activities.selection;

import java.util.Arrays;

import dev.needle.activities.BadInputException;

/**
 * An N×d matrix of embeddings, one row per pool sample, stored row-major either as fp32 or as bfloat16.
 *
 * <p>
 * Selection reads every row once per pick, so its speed is memory bandwidth: bf16 halves the bytes. bf16 (8
 * significant bits) was chosen over fp16 because it keeps fp32's range, so no embedding overflows, and decoding is a
 * 16-bit shift that the Vector API does on JDK 17, where fp16 conversions do not exist yet. Distances between bf16
 * rows are computed in fp32. Rows and values are validated on construction: every value must be finite.
 *
 * <p>
 * One array holds the matrix, so N·d is limited to {@value #MAX_VALUES} values (8 GiB of fp32).
 */
public final class Embeddings {

    public static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    private final int n;
    private final int d;
    private final float[] fp32;
    private final short[] bf16;

    private Embeddings(int n, int d, float[] fp32, short[] bf16) {
        this.n = n;
        this.d = d;
        this.fp32 = fp32;
        this.bf16 = bf16;
    }

    /** Copies the rows into one fp32 matrix. */
    public static Embeddings of(float[][] rows) {
        if (rows == null) {
            throw new BadInputException("embeddings", "are missing");
        }
        int n = rows.length;
        int d = n == 0 ? 0 : width(rows[0], 0);
        checkSize(n, d);
        float[] data = new float[n * d];
        for (int i = 0; i < n; i++) {
            float[] row = rows[i];
            if (row == null || row.length != d) {
                throw new BadInputException("embeddings[" + i + "]",
                        "has " + (row == null ? "no" : row.length) + " values where row 0 has " + d);
            }
            System.arraycopy(row, 0, data, i * d, d);
        }
        return rowMajor(data, n, d);
    }

    /**
     * Wraps a row-major n×d matrix without copying it; the caller must not change {@code data} afterwards.
     */
    public static Embeddings rowMajor(float[] data, int n, int d) {
        if (data == null) {
            throw new BadInputException("embeddings", "are missing");
        }
        if (n < 0 || d < 0 || (n > 0 && d == 0)) {
            throw new BadInputException("embeddings", "need n ≥ 0 rows of d ≥ 1 values, got " + n + "×" + d);
        }
        checkSize(n, d);
        if (data.length != n * d) {
            throw new BadInputException("embeddings", "have " + data.length + " values, not " + n + "×" + d);
        }
        for (int k = 0; k < data.length; k++) {
            if (!Float.isFinite(data[k])) {
                throw new BadInputException("embeddings[" + k / d + "]", "value " + k % d + " is " + data[k]);
            }
        }
        return new Embeddings(n, d, data, null);
    }

    private static int width(float[] first, int i) {
        if (first == null || first.length == 0) {
            throw new BadInputException("embeddings[" + i + "]", "is empty");
        }
        return first.length;
    }

    private static void checkSize(int n, int d) {
        if ((long) n * d > MAX_VALUES) {
            throw new BadInputException("embeddings", n + "×" + d + " values exceed the limit of " + MAX_VALUES);
        }
    }

    /** A bf16 copy (round to nearest even); itself when already half precision. */
    public Embeddings toHalfPrecision() {
        if (bf16 != null) {
            return this;
        }
        short[] half = new short[fp32.length];
        for (int k = 0; k < half.length; k++) {
            half[k] = Bf16.fromFloat(fp32[k]);
            if (!Float.isFinite(Bf16.toFloat(half[k]))) {
                throw new BadInputException("embeddings[" + k / d + "]", "value " + k % d + " is too large for bf16");
            }
        }
        return new Embeddings(n, d, null, half);
    }

    public int n() {
        return n;
    }

    public int d() {
        return d;
    }

    public boolean isHalfPrecision() {
        return bf16 != null;
    }

    /** Bytes per stored value: 4 for fp32, 2 for bf16. */
    public int bytesPerValue() {
        return bf16 != null ? 2 : 4;
    }

    /** Value j of row i, as selection sees it (decoded from bf16 where stored so). */
    public float get(int i, int j) {
        int k = i * d + j;
        return bf16 != null ? Bf16.toFloat(bf16[k]) : fp32[k];
    }

    /** Floats a centre row takes in the kernels' layout (see {@link Distances}): d, or d rounded up to 16 for bf16. */
    int kernelWidth() {
        return bf16 != null ? (d + Distances.LANES - 1) & -Distances.LANES : d;
    }

    /** Row i as a centre for the kernels, decoded into {@code out} at {@code off}, in {@link Distances}'s layout. */
    void copyKernelRow(int i, float[] out, int off) {
        if (bf16 != null) {
            Arrays.fill(out, off, off + kernelWidth(), 0f);
            for (int j = 0, k = i * d; j < d; j++, k++) {
                out[off + Distances.bf16Slot(j)] = Bf16.toFloat(bf16[k]);
            }
        } else {
            System.arraycopy(fp32, i * d, out, off, d);
        }
    }

    /** ‖row i − c‖², c a row from {@link #copyKernelRow} at {@code cOff}, in the kernels' fixed order. */
    float dist2(Distances kernel, int i, float[] c, int cOff) {
        return bf16 != null ? kernel.dist2(bf16, i * d, c, cOff, d) : kernel.dist2(fp32, i * d, c, cOff, d);
    }
}
