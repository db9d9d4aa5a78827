package dev.needle.activities.selection;

/**
 * Squared Euclidean distance between a stored row and a centre held as floats, in one fixed summation order so the
 * Vector API and the scalar code give bit-identical results, and so identical picks.
 *
 * <p>
 * The order: elements are taken in groups of 16; each element goes to one of 16 lanes, accumulated as
 * {@code acc = fma(t, t, acc)} with t = x − c, lanes starting at +0. A missing tail of the last group is the same as
 * zero-padding, because adding +0 to a non-negative sum changes nothing. The 16 lanes are then folded as
 * b[l] = a[l] + a[l+8], c[l] = b[l] + b[l+4], e[l] = c[l] + c[l+2], result e[0] + e[1]. Each step is an IEEE
 * operation on floats, the same whether done in a vector lane or in a scalar variable.
 *
 * <p>
 * fp32: element r of a group goes to lane r, and the centre is a plain row of d floats. bf16: the vector code
 * reads a group of 16 shorts as 8 ints and decodes even elements with a shift and odd ones with a mask, so element
 * r goes to lane r/2 if r is even and 8 + r/2 if odd ({@link #bf16Slot}); the centre is stored in that permuted
 * order, zero-padded to a multiple of 16, so both operands are read linearly.
 */
interface Distances {

    int LANES = 16;

    /** ‖x[xOff..xOff+d) − c[cOff..cOff+d)‖² for fp32 storage. */
    float dist2(float[] x, int xOff, float[] c, int cOff, int d);

    /**
     * The same for bf16 storage (each short the upper half of a float's bits); c holds the centre in the permuted,
     * zero-padded bf16 layout.
     */
    float dist2(short[] x, int xOff, float[] c, int cOff, int d);

    /** Where element j of a bf16 row sits in the centre layout (and which lane it is summed in). */
    static int bf16Slot(int j) {
        int r = j & (LANES - 1);
        return (j - r) + ((r & 1) == 0 ? r >> 1 : LANES / 2 + (r >> 1));
    }

    /** True for the Vector API implementation. */
    boolean vectorized();

    /**
     * The Vector API implementation where the incubator module is in the boot layer and the CPU has 256-bit vectors,
     * the scalar one otherwise. {@code VectorDistances} is only loaded by name after the module check, so a JVM
     * without {@code --add-modules=jdk.incubator.vector} never resolves a class that refers to it.
     */
    static Distances best() {
        return Holder.BEST;
    }

    final class Holder {
        static final Distances BEST = load();

        private Holder() {
        }

        private static Distances load() {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return ScalarDistances.INSTANCE;
            }
            try {
                Class<?> type = Class.forName("dev.needle.activities.selection.VectorDistances");
                Distances vector = (Distances) type.getDeclaredField("INSTANCE").get(null);
                return vector.vectorized() ? vector : ScalarDistances.INSTANCE;
            } catch (ReflectiveOperationException | LinkageError e) {
                return ScalarDistances.INSTANCE;
            }
        }
    }
}
