package dev.needle.activities.embedding;

/**
 * An 8-bit grey image and the two operations the descriptor needs, in plain Java.
 *
 * <p>
 * Deliberately not OpenCV: its floating-point kernels were seen to change results in the last bit within one
 * JVM (OpenCV's HOG gave two different outputs for the same input, switching once the JIT compiled the caller), and
 * an embedder must give bit-identical vectors for the same file so that caches, seeds and lineage mean something.
 * Java's floating point is strict, so these are reproducible on every machine.
 */
final class GreyImage {

    final int width;
    final int height;
    final byte[] pixels;

    GreyImage(int width, int height, byte[] pixels) {
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    /**
     * Resamples to size×size, squashing the aspect ratio. Per axis: area averaging when shrinking (no aliasing), linear
     * interpolation between pixel centres when enlarging. Values stay in [0, 255], unrounded.
     */
    double[] resize(int size) {
        Kernel horizontal = Kernel.of(width, size);
        Kernel vertical = Kernel.of(height, size);
        double[] rows = new double[height * size];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < size; x++) {
                double s = 0;
                for (int k = horizontal.start[x]; k < horizontal.start[x + 1]; k++) {
                    s += horizontal.weight[k] * (pixels[row + horizontal.source[k]] & 0xFF);
                }
                rows[y * size + x] = s;
            }
        }
        double[] out = new double[size * size];
        for (int y = 0; y < size; y++) {
            for (int k = vertical.start[y]; k < vertical.start[y + 1]; k++) {
                double w = vertical.weight[k];
                int from = vertical.source[k] * size;
                for (int x = 0; x < size; x++) {
                    out[y * size + x] += w * rows[from + x];
                }
            }
        }
        return out;
    }

    /** 1-D resampling weights in compressed rows: target i reads source[start[i] … start[i+1]). */
    private record Kernel(int[] start, int[] source, double[] weight) {

        static Kernel of(int from, int to) {
            int[] start = new int[to + 1];
            int capacity = 2 * to + from + 1;
            int[] source = new int[capacity];
            double[] weight = new double[capacity];
            int n = 0;
            if (from >= to) {
                double scale = (double) from / to;
                for (int i = 0; i < to; i++) {
                    start[i] = n;
                    double lo = i * scale;
                    double hi = (i + 1) * scale;
                    for (int j = (int) Math.floor(lo); j < Math.min(from, (int) Math.ceil(hi)); j++) {
                        double overlap = Math.min(hi, j + 1) - Math.max(lo, j);
                        if (overlap > 0) {
                            source[n] = j;
                            weight[n++] = overlap / scale;
                        }
                    }
                }
            } else {
                for (int i = 0; i < to; i++) {
                    start[i] = n;
                    double centre = Math.min(from - 1, Math.max(0, (i + 0.5) * from / to - 0.5));
                    int j = (int) Math.floor(centre);
                    double fraction = centre - j;
                    source[n] = j;
                    weight[n++] = 1 - fraction;
                    if (fraction > 0) {
                        source[n] = j + 1;
                        weight[n++] = fraction;
                    }
                }
            }
            start[to] = n;
            return new Kernel(start, source, weight);
        }
    }
}
