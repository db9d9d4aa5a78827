package dev.needle.activities.selection;

/** bfloat16: the upper 16 bits of an IEEE float, so decoding is a shift (and vectorises as one on JDK 17). */
final class Bf16 {

    private Bf16() {
    }

    static float toFloat(short bits) {
        return Float.intBitsToFloat(bits << 16);
    }

    /** Round to nearest, ties to even; finite inputs only (the caller rejects NaN and infinities). */
    static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }
}
