package dev.netjac.weights;

/**
 * Exact conversion of 16-bit floating-point formats to {@code double}.
 *
 * <p>Java 17 has no {@code Float.float16ToFloat} (it arrived in Java 20), and weight files written by
 * PyTorch, JAX or numpy often store float16 (IEEE 754 binary16) or bfloat16. Every value of both formats
 * is exactly representable as a double, so these conversions lose nothing. NaN payloads are not kept:
 * any NaN becomes {@link Double#NaN}.
 */
public final class HalfFloats {
    private HalfFloats() {}

    /** Decodes the low 16 bits of {@code bits} as an IEEE 754 binary16 (numpy {@code float16}, safetensors F16). */
    public static double float16ToDouble(int bits) {
        boolean negative = (bits & 0x8000) != 0;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        double magnitude;
        if (exponent == 0) {
            // zero or subnormal: mantissa * 2^-24, exact because mantissa < 2^10
            magnitude = mantissa * 0x1p-24;
        } else if (exponent == 0x1f) {
            magnitude = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            // normal: (1 + mantissa / 2^10) * 2^(exponent - 15) = (2^10 + mantissa) * 2^(exponent - 25)
            magnitude = Math.scalb((double) (0x400 | mantissa), exponent - 25);
        }
        return negative ? -magnitude : magnitude;
    }

    /**
     * Decodes the low 16 bits of {@code bits} as a bfloat16 (safetensors BF16): the upper half of a float32,
     * so widening the bits back to a float32 is exact.
     */
    static double bfloat16ToDouble(int bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }
}
