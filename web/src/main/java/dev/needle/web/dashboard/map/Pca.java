package dev.needle.web.dashboard.map;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

import dev.needle.activities.artifact.SampleMatrix;

/**
 * Principal component analysis to two dimensions, for pools too large to hold twice: one pass over the rows builds the
 * d×d sample covariance (never an N×N matrix), commons-math's {@link EigenDecomposition} of that symmetric matrix
 * gives the axes, and a second pass projects.
 *
 * <p>
 * The covariance is accumulated on rows shifted by the first row ("shifted data" algorithm): subtracting a value near
 * the mean before squaring keeps {@code Σxxᵀ − n·μμᵀ} from cancelling catastrophically when embeddings sit far from
 * the origin, while still needing a single pass. Sums are in double.
 *
 * <p>
 * Axes are ordered by decreasing variance, and each axis's sign is fixed so that its entry of largest magnitude
 * (the first of equal ones, within rounding) is positive, as scikit-learn's {@code svd_flip} does for its components: the same
 * data
 * gives the same picture whatever order the eigen solver returns vectors in.
 */
public final class Pca {

    /** Components kept; fewer columns than this give zero axes (the point cloud then lies on a line). */
    public static final int COMPONENTS = 2;
    /** Rows added to the covariance together; 64 rows of 512 doubles (256 kB) stay in the L2 cache. */
    private static final int BLOCK = 64;

    private final double[] mean;
    private final double[][] axes;
    private final double[] variances;
    private final double totalVariance;
    private final long rows;

    private Pca(double[] mean, double[][] axes, double[] variances, double totalVariance, long rows) {
        this.mean = mean;
        this.axes = axes;
        this.variances = variances;
        this.totalVariance = totalVariance;
        this.rows = rows;
    }

    /** Fits the two leading principal axes of the rows: one pass to the covariance, then its eigen decomposition. */
    public static Pca fit(MatrixRows source) {
        int d = source.columns();
        if (d < 1)
            throw new IllegalArgumentException("a matrix without columns has no principal axes");
        double[] shift = new double[d];
        double[] sum = new double[d];
        // Upper triangle (k ≥ j) of Σ (x − shift)(x − shift)ᵀ, row-major d×d.
        double[] scatter = new double[d * d];
        // Centred rows wait in a block and are added together, so a row of the scatter stays in cache for the whole block
        // instead of the d×d matrix being streamed once per row.
        int blockRows = BLOCK;
        double[] block = new double[blockRows * d];
        int[] filled = { 0 };
        long[] count = { 0 };
        source.forEach((id, values, offset) -> {
            if (count[0] == 0) {
                for (int j = 0; j < d; j++)
                    shift[j] = values[offset + j];
            }
            int at = filled[0] * d;
            for (int j = 0; j < d; j++) {
                double c = values[offset + j] - shift[j];
                block[at + j] = c;
                sum[j] += c;
            }
            count[0]++;
            if (++filled[0] == blockRows) {
                addBlock(block, filled[0], d, scatter);
                filled[0] = 0;
            }
        });
        addBlock(block, filled[0], d, scatter);
        long n = count[0];
        if (n == 0)
            throw new IllegalArgumentException("no rows to project");

        double[] mean = new double[d];
        for (int j = 0; j < d; j++)
            mean[j] = shift[j] + sum[j] / n;
        double[][] covariance = new double[d][d];
        double total = 0;
        if (n > 1) {
            for (int j = 0; j < d; j++) {
                for (int k = j; k < d; k++) {
                    double c = (scatter[j * d + k] - sum[j] * sum[k] / n) / (n - 1);
                    covariance[j][k] = c;
                    covariance[k][j] = c;
                }
                total += covariance[j][j];
            }
        }
        return fromCovariance(mean, covariance, total, n);
    }

    /** Adds {@code rows} centred rows of {@code block} to the upper triangle of {@code scatter}. */
    private static void addBlock(double[] block, int rows, int d, double[] scatter) {
        for (int j = 0; j < d; j++) {
            int base = j * d;
            for (int b = 0, row = 0; b < rows; b++, row += d) {
                double v = block[row + j];
                if (v == 0)
                    continue;
                for (int k = j; k < d; k++)
                    scatter[base + k] += v * block[row + k];
            }
        }
    }

    /** The axes of a covariance matrix already computed (a test computes one the slow way and compares). */
    static Pca fromCovariance(double[] mean, double[][] covariance, double totalVariance, long rows) {
        int d = mean.length;
        RealMatrix matrix = new Array2DRowRealMatrix(covariance, false);
        EigenDecomposition eigen = new EigenDecomposition(matrix);
        double[] values = eigen.getRealEigenvalues();
        // Decreasing variance; equal ones by the solver's index, so the order is still fixed.
        Integer[] order = IntStream.range(0, values.length).boxed()
                .sorted(Comparator.<Integer> comparingDouble(i -> -values[i]).thenComparingInt(i -> i))
                .toArray(Integer[]::new);
        double[][] axes = new double[COMPONENTS][d];
        double[] variances = new double[COMPONENTS];
        for (int c = 0; c < Math.min(COMPONENTS, d); c++) {
            double[] v = eigen.getEigenvector(order[c]).toArray();
            double max = 0;
            for (double x : v)
                max = Math.max(max, Math.abs(x));
            // Equal magnitudes come out of the solver a few ulps apart: within 1e-9 counts as equal, first one wins.
            int largest = 0;
            while (Math.abs(v[largest]) < max * (1 - 1e-9))
                largest++;
            double sign = v[largest] < 0 ? -1 : 1;
            for (int j = 0; j < d; j++)
                axes[c][j] = sign * v[j] + 0.0; // + 0.0 turns −0.0 into 0.0
            // Rounding can leave a tiny negative eigenvalue of a positive semi-definite matrix.
            variances[c] = Math.max(0, values[order[c]]);
        }
        return new Pca(mean, axes, variances, totalVariance, rows);
    }

    /** The coordinates of one row: {@code out[c]} = (x − mean) · axis c. */
    public void project(float[] values, int offset, double[] out) {
        int d = mean.length;
        for (int c = 0; c < COMPONENTS; c++) {
            double[] axis = axes[c];
            double s = 0;
            for (int j = 0; j < d; j++)
                s += (values[offset + j] - mean[j]) * axis[j];
            out[c] = s;
        }
    }

    /** Every row projected, in the source's order: a matrix of {@link #COMPONENTS} columns with the same sample ids. */
    public SampleMatrix projectAll(MatrixRows source) {
        if (source.columns() != mean.length)
            throw new IllegalArgumentException("fitted on " + mean.length + " columns, given " + source.columns());
        long[][] ids = { new long[1024] };
        float[][] xy = { new float[1024 * COMPONENTS] };
        int[] n = { 0 };
        double[] point = new double[COMPONENTS];
        source.forEach((id, values, offset) -> {
            if (n[0] == ids[0].length) {
                ids[0] = Arrays.copyOf(ids[0], n[0] * 2);
                xy[0] = Arrays.copyOf(xy[0], n[0] * 2 * COMPONENTS);
            }
            project(values, offset, point);
            ids[0][n[0]] = id;
            for (int c = 0; c < COMPONENTS; c++)
                xy[0][n[0] * COMPONENTS + c] = (float) point[c];
            n[0]++;
        });
        return new SampleMatrix(Arrays.copyOf(ids[0], n[0]), COMPONENTS, Arrays.copyOf(xy[0], n[0] * COMPONENTS));
    }

    public double[] mean() {
        return mean.clone();
    }

    /** Unit axes, leading one first; an axis beyond the matrix's columns is all zeros. */
    public double[][] axes() {
        return new double[][] { axes[0].clone(), axes[1].clone() };
    }

    /** The sample variance (n − 1 denominator) along each axis: the covariance's leading eigenvalues. */
    public double[] variances() {
        return variances.clone();
    }

    /** The trace of the covariance: all the variance there is, for the share the two axes explain. */
    public double totalVariance() {
        return totalVariance;
    }

    /** Share of the total variance along each axis (0 when the points do not vary at all). */
    public double[] explained() {
        double[] share = new double[COMPONENTS];
        for (int c = 0; c < COMPONENTS; c++)
            share[c] = totalVariance > 0 ? variances[c] / totalVariance : 0;
        return share;
    }

    public long rows() {
        return rows;
    }
}
