package dev.netjac.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HalfFloatsTest {

    private static void assertSame(double expected, double actual, String label) {
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
                () -> label + ": expected " + expected + ", got " + actual);
    }

    @Test
    void float16SpecialValues() {
        assertSame(0.0, HalfFloats.float16ToDouble(0x0000), "+0");
        assertSame(-0.0, HalfFloats.float16ToDouble(0x8000), "-0");
        assertSame(1.0, HalfFloats.float16ToDouble(0x3c00), "1");
        assertSame(-2.0, HalfFloats.float16ToDouble(0xc000), "-2");
        assertSame(0x1p-24, HalfFloats.float16ToDouble(0x0001), "smallest subnormal");
        assertSame(1023 * 0x1p-24, HalfFloats.float16ToDouble(0x03ff), "largest subnormal");
        assertSame(0x1p-14, HalfFloats.float16ToDouble(0x0400), "smallest normal");
        assertSame(65504.0, HalfFloats.float16ToDouble(0x7bff), "max finite");
        assertSame(-65504.0, HalfFloats.float16ToDouble(0xfbff), "min finite");
        assertSame(Double.POSITIVE_INFINITY, HalfFloats.float16ToDouble(0x7c00), "+inf");
        assertSame(Double.NEGATIVE_INFINITY, HalfFloats.float16ToDouble(0xfc00), "-inf");
        assertTrue(Double.isNaN(HalfFloats.float16ToDouble(0x7e00)), "quiet NaN");
        assertTrue(Double.isNaN(HalfFloats.float16ToDouble(0x7c01)), "signalling NaN");
        assertTrue(Double.isNaN(HalfFloats.float16ToDouble(0xfe00)), "negative NaN");
        assertSame(1.0, HalfFloats.float16ToDouble(0xffff3c00), "only the low 16 bits count");
    }

    /** Every one of the 65536 float16 values against an independent construction through float32 bits. */
    @Test
    void float16AllValuesMatchFloat32Construction() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int sign = bits >>> 15;
            int exponent = (bits >>> 10) & 0x1f;
            int mantissa = bits & 0x3ff;
            double expected;
            if (exponent == 0x1f) {
                expected = mantissa != 0 ? Double.NaN : sign == 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            } else if (exponent == 0) {
                expected = (sign == 0 ? 1 : -1) * mantissa * Math.pow(2, -24);
                if (mantissa == 0 && sign == 1) {
                    expected = -0.0;
                }
            } else {
                expected = Float.intBitsToFloat((sign << 31) | ((exponent - 15 + 127) << 23) | (mantissa << 13));
            }
            assertSame(expected, HalfFloats.float16ToDouble(bits), String.format("float16 0x%04x", bits));
        }
    }

    @Test
    void bfloat16SpecialValues() {
        assertSame(0.0, HalfFloats.bfloat16ToDouble(0x0000), "+0");
        assertSame(-0.0, HalfFloats.bfloat16ToDouble(0x8000), "-0");
        assertSame(1.0, HalfFloats.bfloat16ToDouble(0x3f80), "1");
        assertSame(-1.5, HalfFloats.bfloat16ToDouble(0xbfc0), "-1.5");
        assertSame(0x1p-133, HalfFloats.bfloat16ToDouble(0x0001), "smallest subnormal");
        assertSame(127 * 0x1p-133, HalfFloats.bfloat16ToDouble(0x007f), "largest subnormal");
        assertSame(0x1p-126, HalfFloats.bfloat16ToDouble(0x0080), "smallest normal");
        assertSame(0x1.fep127, HalfFloats.bfloat16ToDouble(0x7f7f), "max finite");
        assertSame(3.3895313892515355e38, HalfFloats.bfloat16ToDouble(0x7f7f), "max finite, decimal");
        assertSame(Double.POSITIVE_INFINITY, HalfFloats.bfloat16ToDouble(0x7f80), "+inf");
        assertSame(Double.NEGATIVE_INFINITY, HalfFloats.bfloat16ToDouble(0xff80), "-inf");
        assertTrue(Double.isNaN(HalfFloats.bfloat16ToDouble(0x7fc0)), "NaN");
        assertTrue(Double.isNaN(HalfFloats.bfloat16ToDouble(0x7f81)), "signalling NaN");
    }

    /** bfloat16 is the top half of a float32, so every value must equal that float32 exactly. */
    @Test
    void bfloat16AllValuesAreTopHalfOfFloat32() {
        for (int bits = 0; bits < 0x10000; bits++) {
            double expected = Float.intBitsToFloat(bits << 16);
            assertSame(expected, HalfFloats.bfloat16ToDouble(bits), String.format("bfloat16 0x%04x", bits));
        }
    }
}
