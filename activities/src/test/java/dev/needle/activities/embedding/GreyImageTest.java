package dev.needle.activities.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GreyImageTest {

    @Test
    void shrinkingAveragesTheCoveredArea() {
        byte[] pixels = {
                0, 10, 20, 30,
                40, 50, 60, 70,
                80, 90, 100, 110,
                120, (byte) 130, (byte) 140, (byte) 150 };
        assertArrayEquals(new double[] { 25, 45, 105, 125 }, new GreyImage(4, 4, pixels).resize(2), 1e-12);
        // 3 → 2: each output covers 1.5 input pixels.
        byte[] row = { 0, 30, 60, 0, 30, 60, 0, 30, 60 };
        assertArrayEquals(new double[] { 10, 50, 10, 50 }, new GreyImage(3, 3, row).resize(2), 1e-12);
    }

    @Test
    void enlargingInterpolatesBetweenPixelCentres() {
        byte[] pixels = { 0, 100, 0, 100 };
        double[] out = new GreyImage(2, 2, pixels).resize(4);
        assertArrayEquals(new double[] { 0, 25, 75, 100 }, java.util.Arrays.copyOf(out, 4), 1e-12);
    }

    @Test
    void hogSeesEdgeOrientation() {
        int side = 32;
        double[] vertical = new double[side * side];
        double[] horizontal = new double[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                vertical[y * side + x] = x < side / 2 ? 0 : 255;
                horizontal[y * side + x] = y < side / 2 ? 0 : 255;
            }
        }
        float[] v = new float[Hog.dimension(side)];
        float[] h = new float[Hog.dimension(side)];
        Hog.compute(vertical, side, v, 0);
        Hog.compute(horizontal, side, h, 0);
        assertEquals(324, v.length);
        // A vertical edge has a horizontal gradient (0 rad: bins 0 and 8); a horizontal edge π/2 (bin 4).
        double[] binEnergyV = new double[Hog.BINS];
        double[] binEnergyH = new double[Hog.BINS];
        for (int k = 0; k < v.length; k++) {
            binEnergyV[k % Hog.BINS] += v[k];
            binEnergyH[k % Hog.BINS] += h[k];
        }
        assertTrue(binEnergyV[0] > 0 && binEnergyV[8] > 0 && binEnergyV[4] == 0);
        assertTrue(binEnergyH[4] > 0 && binEnergyH[0] == 0);
    }
}
