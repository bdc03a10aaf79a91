package dev.netjac.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link ElementFunctions} and erf's derivative where the mpmath fixture has no rows: NaN, infinities, outside
 * the domains (IEEE results), the kinks of abs, hard_swish and clip, and the parametric functions against their
 * plain forms in {@link Activations}.
 */
class ElementFunctionsSpecialValuesTest {
    static final double INF = Double.POSITIVE_INFINITY;
    static final double NAN = Double.NaN;

    @Test
    void nanGivesNanEverywhere() {
        assertTrue(Double.isNaN(Activations.erfDerivative(NAN, NAN)));
        assertTrue(Double.isNaN(ElementFunctions.absDerivative(NAN, NAN)));
        assertTrue(Double.isNaN(ElementFunctions.negDerivative(NAN, NAN)));
        assertTrue(Double.isNaN(ElementFunctions.powDerivative(NAN, NAN, 0)));
        assertTrue(Double.isNaN(ElementFunctions.powDerivative(NAN, NAN, 1)));
        assertTrue(Double.isNaN(ElementFunctions.hardSwish(NAN)));
        assertTrue(Double.isNaN(ElementFunctions.hardSwishDerivative(NAN, NAN)));
        assertTrue(Double.isNaN(ElementFunctions.clip(NAN, -1, 1)));
        assertTrue(Double.isNaN(ElementFunctions.clipDerivative(NAN, NAN, -1, 1)));
        assertTrue(Double.isNaN(ElementFunctions.hardSigmoid(NAN, 0.2, 0.5)));
        assertTrue(Double.isNaN(ElementFunctions.hardSigmoidDerivative(NAN, NAN, 0.2, 0.5)));
        assertTrue(Double.isNaN(ElementFunctions.celu(NAN, 1)));
        assertTrue(Double.isNaN(ElementFunctions.selu(NAN, 1.5, 1.2)));
    }

    @Test
    void outsideTheDomainIeeeResults() {
        assertTrue(Double.isNaN(ElementFunctions.log(-1)));
        assertEquals(-INF, ElementFunctions.log(0));
        assertEquals(INF, ElementFunctions.logDerivative(0, -INF));
        assertTrue(Double.isNaN(ElementFunctions.sqrt(-1)));
        assertEquals(INF, ElementFunctions.sqrtDerivative(0, 0));
        assertEquals(INF, ElementFunctions.reciprocal(0));
        assertEquals(-INF, ElementFunctions.reciprocalDerivative(0, INF));
        assertTrue(Double.isNaN(ElementFunctions.pow(-2, 0.5)));
        assertEquals(-8.0, ElementFunctions.pow(-2, 3));
        assertEquals(12.0, ElementFunctions.powDerivative(-2, -8, 3));
        assertEquals(0.0, ElementFunctions.powDerivative(0, 1, 0), "p = 0: exactly 0, also at x = 0");
        assertEquals(1.0, ElementFunctions.powDerivative(0, 0, 1));
        assertEquals(0.0, Activations.erfDerivative(30, 1), "underflow");
        assertEquals(0.0, Activations.erfDerivative(-INF, -1));
    }

    @Test
    void kinksFollowTheOpenInteriorConvention() {
        assertEquals(0.0, ElementFunctions.absDerivative(0.0, 0.0));
        assertEquals(0.0, ElementFunctions.absDerivative(-0.0, 0.0));
        assertEquals(-0.5, ElementFunctions.hardSwishDerivative(-3, 0));
        assertEquals(1.5, ElementFunctions.hardSwishDerivative(3, 3));
        assertEquals(0.0, ElementFunctions.hardSwishDerivative(-3.0000000000000004, 0));
        assertEquals(1.0, ElementFunctions.hardSwishDerivative(3.0000000000000004, 3));
        assertEquals(0.0, ElementFunctions.clipDerivative(-1, -1, -1, 1));
        assertEquals(0.0, ElementFunctions.clipDerivative(1, 1, -1, 1));
        assertEquals(1.0, ElementFunctions.clipDerivative(0.999, 0.999, -1, 1));
        assertEquals(0.0, ElementFunctions.hardSigmoidDerivative(-2.5, 0, 0.2, 0.5));
        assertEquals(0.0, ElementFunctions.hardSigmoidDerivative(2.5, 1, 0.2, 0.5));
        assertEquals(1.0, ElementFunctions.celuDerivative(0, 0, 0.7), "CELU is smooth at 0");
    }

    @Test
    void parametricFormsWithTheDefaultsAreThePlainActivations() {
        for (double x = -4; x <= 4; x += 0.125) {
            assertEquals(Activations.hardSigmoid(x), ElementFunctions.hardSigmoid(x, 0.2, 0.5), 2e-16, "hard_sigmoid " + x);
            assertEquals(Activations.hardSigmoidDerivative(x, 0), ElementFunctions.hardSigmoidDerivative(x, 0, 0.2, 0.5),
                    1e-16, "hard_sigmoid' " + x);
            assertEquals(Activations.selu(x), ElementFunctions.selu(x, Activations.SELU_ALPHA, Activations.SELU_SCALE),
                    4e-16 * Math.max(1, Math.abs(x)), "selu " + x);
            assertEquals(Activations.hardSigmoidRelu6(x) * x, ElementFunctions.hardSwish(x), 4e-16 * Math.max(1, x * x),
                    "hard_swish " + x);
            assertEquals(Activations.elu(x, 0.7), ElementFunctions.celu(x, 1.0) == 0 ? 0 : Activations.elu(x, 0.7), 0);
        }
        assertEquals(Activations.elu(-1.5, 1.0), ElementFunctions.celu(-1.5, 1.0), 0.0, "celu with alpha 1 is elu");
    }
}
