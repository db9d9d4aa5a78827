package dev.needle.activities.selection;

/** Plain Java in exactly {@link Distances}'s summation order: the fallback and the reference for the vector code. */
final class ScalarDistances implements Distances {

    static final ScalarDistances INSTANCE = new ScalarDistances();

    private ScalarDistances() {
    }

    @Override
    public float dist2(float[] x, int xOff, float[] c, int cOff, int d) {
        float[] acc = new float[LANES];
        for (int j = 0; j < d; j++) {
            float t = x[xOff + j] - c[cOff + j];
            acc[j & (LANES - 1)] = Math.fma(t, t, acc[j & (LANES - 1)]);
        }
        return fold(acc);
    }

    @Override
    public float dist2(short[] x, int xOff, float[] c, int cOff, int d) {
        float[] acc = new float[LANES];
        for (int j = 0; j < d; j++) {
            int slot = Distances.bf16Slot(j);
            float t = Bf16.toFloat(x[xOff + j]) - c[cOff + slot];
            acc[slot & (LANES - 1)] = Math.fma(t, t, acc[slot & (LANES - 1)]);
        }
        return fold(acc);
    }

    private static float fold(float[] a) {
        for (int width = LANES / 2; width >= 1; width /= 2) {
            for (int l = 0; l < width; l++) {
                a[l] = a[l] + a[l + width];
            }
        }
        return a[0];
    }

    @Override
    public boolean vectorized() {
        return false;
    }
}
