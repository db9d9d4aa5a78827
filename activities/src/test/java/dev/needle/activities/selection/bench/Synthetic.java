package dev.needle.activities.selection.bench;

import java.util.SplittableRandom;

/** Seeded synthetic pools: uniform in the unit cube, and a Gaussian mixture around cluster centres. */
public final class Synthetic {

    private Synthetic() {
    }

    /** n×d row-major, uniform in [0, 1). */
    public static float[] uniform(int n, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n * d];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) random.nextDouble();
        }
        return x;
    }

    /**
     * n×d row-major: {@code clusters} centres uniform in [0, 1)^d, each sample one of them (uniformly) plus Gaussian
     * noise of standard deviation {@code sigma} per coordinate.
     */
    public static float[] mixture(int n, int d, int clusters, double sigma, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] centres = uniform(clusters, d, seed ^ 0x5DEECE66DL);
        float[] x = new float[n * d];
        double spare = Double.NaN;
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(clusters);
            for (int j = 0; j < d; j++) {
                double g;
                if (!Double.isNaN(spare)) {
                    g = spare;
                    spare = Double.NaN;
                } else {
                    double u = random.nextDouble();
                    double v = random.nextDouble();
                    double r = Math.sqrt(-2 * Math.log(1 - u));
                    g = r * Math.cos(2 * Math.PI * v);
                    spare = r * Math.sin(2 * Math.PI * v);
                }
                x[i * d + j] = (float) (centres[c * d + j] + sigma * g);
            }
        }
        return x;
    }
}
