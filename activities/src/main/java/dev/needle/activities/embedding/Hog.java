package dev.needle.activities.embedding;

/**
 * Histogram of oriented gradients (Dalal and Triggs, 2005) of a square image: unsigned orientations in 9 bins,
 * 8×8-pixel cells, blocks of 2×2 cells at a stride of one cell, each block L2-Hys normalised (clip at 0.2). Votes are
 * interpolated linearly between neighbouring bins and between neighbouring cell centres. The parameters of OpenCV's
 * {@code HOGDescriptor} for a 32×32 window, without its Gaussian block weighting; computed here for reproducibility
 * (see {@link GreyImage}).
 */
final class Hog {

    static final int CELL = 8;
    static final int BINS = 9;
    private static final int BLOCK = 2;
    private static final double CLIP = 0.2;

    private Hog() {
    }

    static int dimension(int side) {
        int blocks = side / CELL - BLOCK + 1;
        return blocks * blocks * BLOCK * BLOCK * BINS;
    }

    /** Writes {@link #dimension} values for the side×side image {@code image} into {@code out} from {@code offset}. */
    static void compute(double[] image, int side, float[] out, int offset) {
        int cells = side / CELL;
        double[] histogram = new double[cells * cells * BINS];
        double binWidth = Math.PI / BINS;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                // Central differences, the border replicated.
                double gx = image[y * side + Math.min(side - 1, x + 1)] - image[y * side + Math.max(0, x - 1)];
                double gy = image[Math.min(side - 1, y + 1) * side + x] - image[Math.max(0, y - 1) * side + x];
                double magnitude = Math.sqrt(gx * gx + gy * gy);
                if (magnitude == 0) {
                    continue;
                }
                // StrictMath: the same bits on every JVM and CPU, unlike Math's intrinsics.
                double angle = StrictMath.atan2(gy, gx);
                if (angle < 0) {
                    angle += Math.PI;
                }
                double b = angle / binWidth - 0.5;
                int bin = (int) Math.floor(b);
                double binFraction = b - bin;
                int bin0 = Math.floorMod(bin, BINS);
                int bin1 = Math.floorMod(bin + 1, BINS);

                double cx = (x + 0.5) / CELL - 0.5;
                double cy = (y + 0.5) / CELL - 0.5;
                int x0 = (int) Math.floor(cx);
                int y0 = (int) Math.floor(cy);
                double fx = cx - x0;
                double fy = cy - y0;
                for (int dy = 0; dy <= 1; dy++) {
                    int celly = y0 + dy;
                    if (celly < 0 || celly >= cells) {
                        continue;
                    }
                    double wy = dy == 0 ? 1 - fy : fy;
                    for (int dx = 0; dx <= 1; dx++) {
                        int cellx = x0 + dx;
                        if (cellx < 0 || cellx >= cells) {
                            continue;
                        }
                        double vote = magnitude * wy * (dx == 0 ? 1 - fx : fx);
                        int base = (celly * cells + cellx) * BINS;
                        histogram[base + bin0] += vote * (1 - binFraction);
                        histogram[base + bin1] += vote * binFraction;
                    }
                }
            }
        }

        int blocks = cells - BLOCK + 1;
        double[] block = new double[BLOCK * BLOCK * BINS];
        int o = offset;
        for (int by = 0; by < blocks; by++) {
            for (int bx = 0; bx < blocks; bx++) {
                int k = 0;
                for (int cy = by; cy < by + BLOCK; cy++) {
                    for (int cx = bx; cx < bx + BLOCK; cx++) {
                        System.arraycopy(histogram, (cy * cells + cx) * BINS, block, k, BINS);
                        k += BINS;
                    }
                }
                l2Hys(block);
                for (double v : block) {
                    out[o++] = (float) v;
                }
            }
        }
    }

    /** L2 normalise, clip large components so one strong edge cannot dominate, normalise again. */
    private static void l2Hys(double[] v) {
        for (int pass = 0; pass < 2; pass++) {
            double squares = 0;
            for (double x : v) {
                squares += x * x;
            }
            // The epsilon keeps empty or near-empty blocks from amplifying noise.
            double scale = 1 / (Math.sqrt(squares) + (pass == 0 ? 0.1 * v.length : 1e-3));
            for (int k = 0; k < v.length; k++) {
                v[k] = pass == 0 ? Math.min(CLIP, v[k] * scale) : v[k] * scale;
            }
        }
    }
}
