package dev.needle.activities.selection;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Distances} on the Vector API: two 8-lane float accumulators are lanes 0–7 and 8–15 of the fixed order.
 * The fold uses lane-wise adds and fixed shuffles, never {@code reduceLanes}, whose order is unspecified. Only
 * loaded by name from {@link Distances#best()} after checking that the incubator module is present.
 */
final class VectorDistances implements Distances {

    static final VectorDistances INSTANCE = new VectorDistances();

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Short> S = ShortVector.SPECIES_256;
    private static final VectorShuffle<Float> BY4 = VectorShuffle.fromOp(F, l -> (l + 4) & 7);
    private static final VectorShuffle<Float> BY2 = VectorShuffle.fromOp(F, l -> (l + 2) & 7);
    private static final VectorShuffle<Float> BY1 = VectorShuffle.fromOp(F, l -> (l + 1) & 7);

    private VectorDistances() {
    }

    @Override
    public float dist2(float[] x, int xOff, float[] c, int cOff, int d) {
        FloatVector lo = FloatVector.zero(F);
        FloatVector hi = FloatVector.zero(F);
        int full = d & -LANES;
        for (int j = 0; j < full; j += LANES) {
            FloatVector t0 = FloatVector.fromArray(F, x, xOff + j).sub(FloatVector.fromArray(F, c, cOff + j));
            FloatVector t1 = FloatVector.fromArray(F, x, xOff + j + 8).sub(FloatVector.fromArray(F, c, cOff + j + 8));
            lo = t0.fma(t0, lo);
            hi = t1.fma(t1, hi);
        }
        if (full < d) {
            float[] tail = new float[2 * LANES];
            for (int j = full; j < d; j++) {
                tail[j - full] = x[xOff + j];
                tail[LANES + j - full] = c[cOff + j];
            }
            FloatVector t0 = FloatVector.fromArray(F, tail, 0).sub(FloatVector.fromArray(F, tail, LANES));
            FloatVector t1 = FloatVector.fromArray(F, tail, 8).sub(FloatVector.fromArray(F, tail, LANES + 8));
            lo = t0.fma(t0, lo);
            hi = t1.fma(t1, hi);
        }
        return fold(lo, hi);
    }

    @Override
    public float dist2(short[] x, int xOff, float[] c, int cOff, int d) {
        FloatVector lo = FloatVector.zero(F);
        FloatVector hi = FloatVector.zero(F);
        int full = d & -LANES;
        for (int j = 0; j < full; j += LANES) {
            IntVector pairs = ShortVector.fromArray(S, x, xOff + j).reinterpretAsInts();
            FloatVector t0 = even(pairs).sub(FloatVector.fromArray(F, c, cOff + j));
            FloatVector t1 = odd(pairs).sub(FloatVector.fromArray(F, c, cOff + j + 8));
            lo = t0.fma(t0, lo);
            hi = t1.fma(t1, hi);
        }
        if (full < d) {
            // A zero-padded copy of the tail; the centre layout is zero-padded already.
            short[] tail = new short[LANES];
            System.arraycopy(x, xOff + full, tail, 0, d - full);
            IntVector pairs = ShortVector.fromArray(S, tail, 0).reinterpretAsInts();
            FloatVector t0 = even(pairs).sub(FloatVector.fromArray(F, c, cOff + full));
            FloatVector t1 = odd(pairs).sub(FloatVector.fromArray(F, c, cOff + full + 8));
            lo = t0.fma(t0, lo);
            hi = t1.fma(t1, hi);
        }
        return fold(lo, hi);
    }

    /** Lane l of a little-endian pair of shorts: element 2l is the low half, decoded by shifting it up. */
    private static FloatVector even(IntVector pairs) {
        return pairs.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /** Element 2l + 1 is the high half already in place; clear the low one. */
    private static FloatVector odd(IntVector pairs) {
        return pairs.lanewise(VectorOperators.AND, 0xFFFF0000).reinterpretAsFloats();
    }

    private static float fold(FloatVector lo, FloatVector hi) {
        FloatVector v = lo.add(hi);
        v = v.add(v.rearrange(BY4));
        v = v.add(v.rearrange(BY2));
        v = v.add(v.rearrange(BY1));
        return v.lane(0);
    }

    @Override
    public boolean vectorized() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= F.vectorBitSize();
    }
}
