package dev.needle.activities.artifact;

/**
 * IEEE 754 half precision (binary16), as numpy's {@code float16}. Java 17 has no {@code Float.floatToFloat16}, so the
 * conversion is spelled out: round to nearest even, overflow to infinity, subnormals kept.
 */
final class Half {

    private Half() {
    }

    static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xFF;
        int mantissa = bits & 0x7FFFFF;
        if (exponent == 0xFF) // infinity or NaN (NaN keeps a mantissa bit so it stays NaN)
            return (short) (sign | 0x7C00 | (mantissa != 0 ? 0x200 : 0));
        int e = exponent - 127 + 15;
        if (e >= 0x1F)
            return (short) (sign | 0x7C00);
        if (e <= 0) {
            if (e < -10)
                return (short) sign; // below half of the smallest subnormal: signed zero
            int m = mantissa | 0x800000;
            int shift = 14 - e;
            int half = m >>> shift;
            int rest = m & ((1 << shift) - 1);
            int midpoint = 1 << (shift - 1);
            if (rest > midpoint || (rest == midpoint && (half & 1) != 0))
                half++;
            return (short) (sign | half);
        }
        int half = (e << 10) | (mantissa >>> 13);
        int rest = mantissa & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0))
            half++; // a carry into the exponent is the correct rounding, up to infinity
        return (short) (sign | half);
    }

    static float toFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1F)
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
}
