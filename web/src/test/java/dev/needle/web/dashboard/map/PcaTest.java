package dev.needle.web.dashboard.map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.stream.LongStream;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.correlation.Covariance;
import org.junit.jupiter.api.Test;

import dev.needle.activities.artifact.SampleMatrix;

class PcaTest {

    private static final double EXACT = 1e-12;

    private static SampleMatrix matrix(float[][] rows) {
        long[] ids = LongStream.range(1, rows.length + 1).toArray();
        return SampleMatrix.of(ids, rows, rows[0].length);
    }

    @Test
    void givenPointsOnALineIn3D_theyProjectOntoTheFirstAxisWithZeroSecondCoordinate() {
        // p(t) = (1, 2, 3) + t·(1, 2, 2)/3 for t = −3, 0, 3, 6: a unit direction, so the first coordinate is t − mean(t).
        // The points are (0, 0, 1), (1, 2, 3), (2, 4, 5), (3, 6, 7): exact in float.
        float[][] rows = new float[4][];
        double[] t = { -3, 0, 3, 6 };
        for (int i = 0; i < 4; i++)
            rows[i] = new float[] { (float) (1 + t[i] / 3), (float) (2 + 2 * t[i] / 3), (float) (3 + 2 * t[i] / 3) };
        Pca pca = Pca.fit(MatrixRows.of(matrix(rows)));

        assertArrayEquals(new double[] { 1.0 / 3, 2.0 / 3, 2.0 / 3 }, pca.axes()[0], 1e-7);
        assertArrayEquals(new double[] { 1.5, 3, 4 }, pca.mean(), 1e-6);
        // var(t) = Σ(t − 1.5)² / 3 = (20.25 + 2.25 + 2.25 + 20.25) / 3 = 15
        assertEquals(15, pca.variances()[0], 1e-5);
        assertEquals(0, pca.variances()[1], 1e-6);
        assertEquals(1, pca.explained()[0], 1e-6);
        SampleMatrix xy = pca.projectAll(MatrixRows.of(matrix(rows)));
        for (int i = 0; i < 4; i++) {
            assertEquals(t[i] - 1.5, xy.values()[2 * i], 1e-5, "first coordinate of point " + i);
            assertEquals(0, xy.values()[2 * i + 1], 1e-5, "second coordinate of point " + i);
        }
    }

    @Test
    void givenADiagonalCross_theAxesAreTheDiagonalsWithTheHandComputedVariances() {
        // Centred already. Σxxᵀ = [[20, 16], [16, 20]], covariance ÷ 3: eigenvalues 36/3 = 12 along (1, 1)/√2 and
        // 4/3 along (1, −1)/√2.
        float[][] rows = { { 3, 3 }, { -3, -3 }, { 1, -1 }, { -1, 1 } };
        Pca pca = Pca.fit(MatrixRows.of(matrix(rows)));
        double r = Math.sqrt(0.5);

        assertArrayEquals(new double[] { 0, 0 }, pca.mean(), EXACT);
        assertArrayEquals(new double[] { 12, 4.0 / 3 }, pca.variances(), EXACT);
        assertEquals(40.0 / 3, pca.totalVariance(), EXACT);
        assertArrayEquals(new double[] { 0.9, 0.1 }, pca.explained(), EXACT);
        // Signs: the first entry of largest magnitude is positive, so (r, r) and (r, −r).
        assertArrayEquals(new double[] { r, r }, pca.axes()[0], EXACT);
        assertArrayEquals(new double[] { r, -r }, pca.axes()[1], EXACT);
        SampleMatrix xy = pca.projectAll(MatrixRows.of(matrix(rows)));
        double s = 3 * Math.sqrt(2);
        assertArrayEquals(new float[] { (float) s, 0, (float) -s, 0, 0, (float) Math.sqrt(2), 0, (float) -Math.sqrt(2) },
                xy.values(), 1e-6f);
        assertArrayEquals(new long[] { 1, 2, 3, 4 }, xy.sampleIds());
    }

    @Test
    void givenAxisAlignedData_theWiderAxisComesFirst() {
        // var(x) = 8/3 ≫ var(y) = 2/3 although y is the first column to vary in input order.
        float[][] rows = { { 0, 1 }, { 0, -1 }, { 2, 0 }, { -2, 0 } };
        Pca pca = Pca.fit(MatrixRows.of(matrix(rows)));
        assertArrayEquals(new double[] { 8.0 / 3, 2.0 / 3 }, pca.variances(), EXACT);
        assertArrayEquals(new double[] { 1, 0 }, pca.axes()[0], EXACT);
        assertArrayEquals(new double[] { 0, 1 }, pca.axes()[1], EXACT);
    }

    @Test
    void theSameData_givesTheSameAxesWhateverTheRowOrderAndWithTheSignsFixed() {
        float[][] rows = random(new Random(7), 300, 6, 10f);
        Pca first = Pca.fit(MatrixRows.of(matrix(rows)));
        float[][] reversed = new float[rows.length][];
        float[][] negated = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            reversed[i] = rows[rows.length - 1 - i];
            negated[i] = new float[rows[i].length];
            for (int j = 0; j < rows[i].length; j++)
                negated[i][j] = -rows[i][j];
        }
        Pca again = Pca.fit(MatrixRows.of(matrix(rows)));
        Pca backwards = Pca.fit(MatrixRows.of(matrix(reversed)));
        Pca flipped = Pca.fit(MatrixRows.of(matrix(negated)));
        for (int c = 0; c < 2; c++) {
            assertArrayEquals(first.axes()[c], again.axes()[c], 0, "refitting is bit-for-bit the same");
            assertArrayEquals(first.axes()[c], backwards.axes()[c], 1e-9);
            // x → −x leaves the covariance as it is: the same axes with the same signs.
            assertArrayEquals(first.axes()[c], flipped.axes()[c], 1e-9);
            double[] axis = first.axes()[c];
            int largest = 0;
            for (int j = 1; j < axis.length; j++)
                if (Math.abs(axis[j]) > Math.abs(axis[largest]))
                    largest = j;
            assertEquals(1, Math.signum(axis[largest]), "axis " + c + "'s largest entry is positive");
        }
        assertEquals(first.variances()[0] >= first.variances()[1], true);
    }

    @Test
    void onARandomMatrix_itAgreesWithCommonsMathsCovarianceComputedTheSlowWay() {
        Random random = new Random(42);
        int n = 500;
        int d = 12;
        // Far from the origin and with unequal spreads: the case where a naive Σxxᵀ − nμμᵀ loses digits.
        float[][] rows = new float[n][d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                rows[i][j] = (float) (1000 + (j + 1) * random.nextGaussian() + (j == 3 ? 2 * rows[i][0] - 2000 : 0));
        Pca streamed = Pca.fit(MatrixRows.of(matrix(rows)));

        double[][] data = new double[n][d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                data[i][j] = rows[i][j];
        RealMatrix covariance = new Covariance(data).getCovarianceMatrix();
        EigenDecomposition eigen = new EigenDecomposition(covariance);
        double[] values = eigen.getRealEigenvalues().clone();
        java.util.Arrays.sort(values);
        assertEquals(values[d - 1], streamed.variances()[0], 1e-9 * values[d - 1]);
        assertEquals(values[d - 2], streamed.variances()[1], 1e-9 * values[d - 1]);
        assertEquals(covariance.getTrace(), streamed.totalVariance(), 1e-9 * covariance.getTrace());

        double[] mean = new double[d];
        for (double[] row : data)
            for (int j = 0; j < d; j++)
                mean[j] += row[j] / n;
        Pca slow = Pca.fromCovariance(mean, covariance.getData(), covariance.getTrace(), n);
        for (int c = 0; c < 2; c++)
            assertArrayEquals(slow.axes()[c], streamed.axes()[c], 1e-8, "axis " + c);
        // And the projections are the centred data times the axes, as X·V computed directly.
        RealMatrix centred = new Array2DRowRealMatrix(data)
                .subtract(ones(n).multiply(new Array2DRowRealMatrix(new double[][] { mean })));
        RealMatrix expected = centred.multiply(new Array2DRowRealMatrix(slow.axes()).transpose());
        SampleMatrix xy = streamed.projectAll(MatrixRows.of(matrix(rows)));
        for (int i = 0; i < n; i++) {
            assertEquals(expected.getEntry(i, 0), xy.values()[2 * i], 1e-3);
            assertEquals(expected.getEntry(i, 1), xy.values()[2 * i + 1], 1e-3);
        }
    }

    @Test
    void oneColumn_givesAZeroSecondAxis_andNoRowsIsAnError() {
        Pca pca = Pca.fit(MatrixRows.of(matrix(new float[][] { { 1 }, { 3 } })));
        assertArrayEquals(new double[] { 1 }, pca.axes()[0], EXACT);
        assertArrayEquals(new double[] { 0 }, pca.axes()[1], EXACT);
        assertArrayEquals(new double[] { 2, 0 }, pca.variances(), EXACT);
        Pca single = Pca.fit(MatrixRows.of(matrix(new float[][] { { 1, 2 } })));
        assertArrayEquals(new double[] { 0, 0 }, single.variances(), EXACT);
        assertThrows(IllegalArgumentException.class,
                () -> Pca.fit(MatrixRows.of(new SampleMatrix(new long[0], 3, new float[0]))));
    }

    private static RealMatrix ones(int n) {
        double[][] column = new double[n][1];
        for (double[] row : column)
            row[0] = 1;
        return new Array2DRowRealMatrix(column);
    }

    private static float[][] random(Random random, int n, int d, float spread) {
        float[][] rows = new float[n][d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                rows[i][j] = (float) (spread * (j + 1) * random.nextGaussian());
        return rows;
    }
}
