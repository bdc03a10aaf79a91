package dev.netjac.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** NaN, infinities, signed zeros, kink conventions and large arguments, all compared exactly. */
class ActivationsSpecialValuesTest {

    static final double INF = Double.POSITIVE_INFINITY;
    static final double SA = 1.7580993408473768599402175208123; // SELU_SCALE * SELU_ALPHA

    /** One activation as (value, derivative-at-x using y = value(x)) for a fixed alpha. */
    record Act(String name, DoubleUnaryOperator value, Deriv derivative) {
        double d(double x) {
            return derivative.d(x, value.applyAsDouble(x));
        }

        double f(double x) {
            return value.applyAsDouble(x);
        }
    }

    interface Deriv {
        double d(double x, double y);
    }

    static final double ALPHA = 0.2;

    static final List<Act> ALL = List.of(
            new Act("linear", Activations::linear, Activations::linearDerivative),
            new Act("relu", Activations::relu, Activations::reluDerivative),
            new Act("relu6", Activations::relu6, Activations::relu6Derivative),
            new Act("leaky_relu", x -> Activations.leakyRelu(x, ALPHA),
                    (x, y) -> Activations.leakyReluDerivative(x, y, ALPHA)),
            new Act("elu", x -> Activations.elu(x, 1.0), (x, y) -> Activations.eluDerivative(x, y, 1.0)),
            new Act("selu", Activations::selu, Activations::seluDerivative),
            new Act("sigmoid", Activations::sigmoid, Activations::sigmoidDerivative),
            new Act("hard_sigmoid", Activations::hardSigmoid, Activations::hardSigmoidDerivative),
            new Act("hard_sigmoid_relu6", Activations::hardSigmoidRelu6, Activations::hardSigmoidRelu6Derivative),
            new Act("tanh", Activations::tanh, Activations::tanhDerivative),
            new Act("softplus", Activations::softplus, Activations::softplusDerivative),
            new Act("softsign", Activations::softsign, Activations::softsignDerivative),
            new Act("swish", Activations::swish, Activations::swishDerivative),
            new Act("gelu", Activations::gelu, Activations::geluDerivative),
            new Act("gelu_tanh", Activations::geluTanh, Activations::geluTanhDerivative),
            new Act("mish", Activations::mish, Activations::mishDerivative),
            new Act("exponential", Activations::exponential, Activations::exponentialDerivative));

    static Act act(String name) {
        return ALL.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    /** Exact comparison that treats +0.0 and -0.0 as equal (use assertEquals for sign-sensitive checks). */
    static void same(double expected, double actual, String what) {
        assertTrue(expected == actual || (Double.isNaN(expected) && Double.isNaN(actual)),
                what + ": expected " + expected + " but was " + actual);
    }

    @Test
    void nanPropagatesThroughValuesAndDerivatives() {
        for (Act a : ALL) {
            assertTrue(Double.isNaN(a.f(Double.NaN)), a.name() + "(NaN)");
            assertTrue(Double.isNaN(a.derivative().d(Double.NaN, a.f(Double.NaN))), a.name() + "'(NaN)");
        }
        assertTrue(Double.isNaN(Activations.erf(Double.NaN)));
        assertTrue(Double.isNaN(Activations.erfc(Double.NaN)));
    }

    @Test
    void limitsAtInfinity() {
        // name, f(+inf), f(-inf), f'(+inf), f'(-inf)
        Object[][] expected = {
            {"linear", INF, -INF, 1.0, 1.0},
            {"relu", INF, 0.0, 1.0, 0.0},
            {"relu6", 6.0, 0.0, 0.0, 0.0},
            {"leaky_relu", INF, -INF, 1.0, ALPHA},
            {"elu", INF, -1.0, 1.0, 0.0},
            {"selu", INF, -SA, Activations.SELU_SCALE, 0.0},
            {"sigmoid", 1.0, 0.0, 0.0, 0.0},
            {"hard_sigmoid", 1.0, 0.0, 0.0, 0.0},
            {"hard_sigmoid_relu6", 1.0, 0.0, 0.0, 0.0},
            {"tanh", 1.0, -1.0, 0.0, 0.0},
            {"softplus", INF, 0.0, 1.0, 0.0},
            {"softsign", 1.0, -1.0, 0.0, 0.0},
            {"swish", INF, 0.0, 1.0, 0.0},
            {"gelu", INF, 0.0, 1.0, 0.0},
            {"gelu_tanh", INF, 0.0, 1.0, 0.0},
            {"mish", INF, 0.0, 1.0, 0.0},
            {"exponential", INF, 0.0, INF, 0.0},
        };
        assertEquals(ALL.size(), expected.length);
        for (Object[] e : expected) {
            Act a = act((String) e[0]);
            same((double) e[1], a.f(INF), a.name() + "(+inf)");
            same((double) e[2], a.f(-INF), a.name() + "(-inf)");
            same((double) e[3], a.d(INF), a.name() + "'(+inf)");
            same((double) e[4], a.d(-INF), a.name() + "'(-inf)");
        }
        // x * gate(x) functions approach 0 from below
        for (String name : List.of("swish", "gelu", "gelu_tanh", "mish")) {
            assertEquals(-0.0, act(name).f(-INF), name + "(-inf) is -0.0");
        }
    }

    @Test
    void valuesAndDerivativesAtZero() {
        // name, f(0), f'(0)
        Object[][] expected = {
            {"linear", 0.0, 1.0},
            {"relu", 0.0, 0.0},
            {"relu6", 0.0, 0.0},
            {"leaky_relu", 0.0, ALPHA},
            {"elu", 0.0, 1.0},
            {"selu", 0.0, SA},
            {"sigmoid", 0.5, 0.25},
            {"hard_sigmoid", 0.5, 0.2},
            {"hard_sigmoid_relu6", 0.5, 1.0 / 6},
            {"tanh", 0.0, 1.0},
            {"softplus", Math.log(2), 0.5},
            {"softsign", 0.0, 1.0},
            {"swish", 0.0, 0.5},
            {"gelu", 0.0, 0.5},
            {"gelu_tanh", 0.0, 0.5},
            {"mish", 0.0, 0.6},
            {"exponential", 1.0, 1.0},
        };
        assertEquals(ALL.size(), expected.length);
        for (Object[] e : expected) {
            Act a = act((String) e[0]);
            for (double zero : new double[] {0.0, -0.0}) {
                same((double) e[1], a.f(zero), a.name() + "(" + zero + ")");
                same((double) e[2], a.d(zero), a.name() + "'(" + zero + ")");
            }
        }
        assertEquals(0.0, Activations.relu(-0.0), "relu(-0.0) is +0.0");
        assertEquals(-0.0, Activations.tanh(-0.0));
        assertEquals(-0.0, Activations.erf(-0.0));
        assertEquals(0.0, Activations.erf(0.0));
        assertEquals(1.0, Activations.erfc(0.0));
        assertEquals(1.0, Activations.erfc(-0.0));
    }

    @Test
    void kinkConventions() {
        double tiny = Double.MIN_VALUE;
        assertEquals(0.0, Activations.reluDerivative(0.0, 0.0));
        assertEquals(0.0, Activations.reluDerivative(-0.0, 0.0));
        assertEquals(1.0, Activations.reluDerivative(tiny, tiny));
        assertEquals(0.0, Activations.reluDerivative(-tiny, 0.0));

        assertEquals(0.0, Activations.relu6Derivative(0.0, 0.0));
        assertEquals(0.0, Activations.relu6Derivative(6.0, 6.0));
        assertEquals(1.0, Activations.relu6Derivative(tiny, tiny));
        assertEquals(1.0, Activations.relu6Derivative(Math.nextDown(6.0), Math.nextDown(6.0)));
        assertEquals(0.0, Activations.relu6Derivative(Math.nextUp(6.0), 6.0));
        assertEquals(6.0, Activations.relu6(6.0));
        assertEquals(6.0, Activations.relu6(7.0));

        for (double alpha : new double[] {0.2, 0.01, 0.3}) {
            assertEquals(alpha, Activations.leakyReluDerivative(0.0, 0.0, alpha));
            assertEquals(alpha, Activations.leakyReluDerivative(-0.0, -0.0, alpha));
            assertEquals(1.0, Activations.leakyReluDerivative(tiny, tiny, alpha));
        }
        for (double alpha : new double[] {1.0, 0.5, 2.0}) {
            assertEquals(alpha, Activations.eluDerivative(0.0, Activations.elu(0.0, alpha), alpha));
            assertEquals(1.0, Activations.eluDerivative(tiny, tiny, alpha));
        }
        assertEquals(SA, Activations.seluDerivative(0.0, Activations.selu(0.0)));
        assertEquals(Activations.SELU_SCALE, Activations.seluDerivative(tiny, Activations.selu(tiny)));

        assertEquals(0.0, Activations.hardSigmoidDerivative(2.5, 1.0));
        assertEquals(0.0, Activations.hardSigmoidDerivative(-2.5, 0.0));
        assertEquals(0.2, Activations.hardSigmoidDerivative(Math.nextDown(2.5), 1.0));
        assertEquals(0.2, Activations.hardSigmoidDerivative(Math.nextUp(-2.5), 0.0));
        assertEquals(1.0, Activations.hardSigmoid(2.5));
        assertEquals(0.0, Activations.hardSigmoid(-2.5));
        assertTrue(Activations.hardSigmoid(Math.nextDown(2.5)) <= 1.0);
        assertTrue(Activations.hardSigmoid(Math.nextUp(-2.5)) > 0.0);

        assertEquals(0.0, Activations.hardSigmoidRelu6Derivative(3.0, 1.0));
        assertEquals(0.0, Activations.hardSigmoidRelu6Derivative(-3.0, 0.0));
        assertEquals(1.0 / 6, Activations.hardSigmoidRelu6Derivative(Math.nextDown(3.0), 1.0));
        assertEquals(1.0 / 6, Activations.hardSigmoidRelu6Derivative(Math.nextUp(-3.0), 0.0));
        assertEquals(1.0, Activations.hardSigmoidRelu6(3.0));
        assertEquals(0.0, Activations.hardSigmoidRelu6(-3.0));
        assertTrue(Activations.hardSigmoidRelu6(Math.nextDown(3.0)) <= 1.0);
        assertTrue(Activations.hardSigmoidRelu6(Math.nextUp(-3.0)) > 0.0);
    }

    @Test
    void largeArgumentsNeverGiveNaN() {
        double[] xs = {1e3, 1e10, 1e100, 1e200, 1e300, Double.MAX_VALUE, 700, 710, 750, 40, 38.7};
        for (Act a : ALL) {
            for (double m : xs) {
                for (double x : new double[] {m, -m}) {
                    double y = a.f(x);
                    double d = a.derivative().d(x, y);
                    assertFalse(Double.isNaN(y), a.name() + "(" + x + ") is NaN");
                    assertFalse(Double.isNaN(d), a.name() + "'(" + x + ") is NaN");
                    if (!a.name().equals("exponential")) {
                        assertFalse(Double.isInfinite(d), a.name() + "'(" + x + ") is infinite");
                    }
                }
            }
        }
        assertEquals(1.0, Activations.sigmoid(1000));
        assertEquals(0.0, Activations.sigmoid(-1000));
        assertEquals(1000.0, Activations.softplus(1000));
        assertEquals(0.0, Activations.softplus(-1000));
        assertEquals(-0.0, Activations.mish(-1000));
        assertEquals(-0.0, Activations.swish(-1000));
        assertEquals(-0.0, Activations.gelu(-1000));
        assertEquals(1000.0, Activations.mish(1000));
        assertEquals(1000.0, Activations.swish(1000));
        assertEquals(1000.0, Activations.gelu(1000));
        assertEquals(1000.0, Activations.geluTanh(1000));
        assertEquals(-0.0, Activations.geluTanh(-1000));
        assertEquals(INF, Activations.exponential(1000));
        assertEquals(1.0, Activations.softsign(Double.MAX_VALUE));
        assertEquals(-1.0, Activations.tanh(-1000));
        // no threshold shortcut: softplus(30) = 30 + log1p(exp(-30)), and 30 + 9.4e-14 is representable
        assertEquals(30 + Math.exp(-30), Activations.softplus(30));
        // derivatives go to their limits (exactly 1 or 0) for large |x|
        for (String name : List.of("swish", "gelu", "gelu_tanh", "mish", "softplus")) {
            same(1.0, act(name).d(1000), name + "'(1000)");
            same(0.0, act(name).d(-1000), name + "'(-1000)");
        }
    }

    @Test
    void seluConstants() {
        assertEquals(Double.parseDouble("1.6732632423543772848170429916717"), Activations.SELU_ALPHA);
        assertEquals(Double.parseDouble("1.0507009873554804934193349852946"), Activations.SELU_SCALE);
        assertEquals(SA, Activations.seluDerivative(-0.5, Activations.selu(-0.5)) / Math.exp(-0.5), 4e-16 * SA);
        assertEquals(Activations.SELU_SCALE * 2.0, Activations.selu(2.0));
    }

    @Test
    void erfSpecialValuesAndSymmetry() {
        assertEquals(1.0, Activations.erf(INF));
        assertEquals(-1.0, Activations.erf(-INF));
        assertEquals(0.0, Activations.erfc(INF));
        assertEquals(2.0, Activations.erfc(-INF));
        assertEquals(1.0, Activations.erf(6.0));
        assertEquals(-1.0, Activations.erf(-6.0));
        assertEquals(0.0, Activations.erfc(28.0));
        assertEquals(2.0, Activations.erfc(-6.0));
        assertEquals(0.0, Activations.erfc(1000));
        // tiny arguments: erf(x) = 2x/sqrt(pi), no underflow to 0 for the smallest subnormal inputs
        assertEquals(2 / Math.sqrt(Math.PI) * 1e-300, Activations.erf(1e-300), 1e-316);
        assertTrue(Activations.erf(Double.MIN_VALUE) > 0);
        assertEquals(1.0, Activations.erfc(1e-300));

        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            double x = (rnd.nextDouble() * 2 - 1) * (rnd.nextBoolean() ? 7 : 1.5);
            double erf = Activations.erf(x);
            assertEquals(-erf, Activations.erf(-x), "erf is odd at " + x);
            assertTrue(Math.abs(erf) <= 1, "|erf| <= 1 at " + x);
            assertEquals(1.0, erf + Activations.erfc(x), 3e-16, "erf + erfc = 1 at " + x);
            assertEquals(2.0, Activations.erfc(x) + Activations.erfc(-x), 5e-16, "erfc(x) + erfc(-x) = 2 at " + x);
        }
    }

    @Test
    void boundedFunctionsStayInTheirRange() {
        Random rnd = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            double x = rnd.nextGaussian() * 20;
            for (String name : List.of("sigmoid", "hard_sigmoid", "hard_sigmoid_relu6")) {
                double y = act(name).f(x);
                assertTrue(y >= 0 && y <= 1, name + "(" + x + ") = " + y);
            }
            for (String name : List.of("tanh", "softsign")) {
                double y = act(name).f(x);
                assertTrue(y >= -1 && y <= 1, name + "(" + x + ") = " + y);
            }
            assertTrue(Activations.relu6(x) >= 0 && Activations.relu6(x) <= 6);
            assertTrue(Activations.softplus(x) >= Activations.relu(x));
        }
    }
}
