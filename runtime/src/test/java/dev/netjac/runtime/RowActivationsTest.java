package dev.netjac.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The row forms against the scalar {@link Activations}, element by element: the Vector API ones within
 * {@value #MAX_ULPS} ulp of the scalar result (the measured worst is printed: 2 ulp for tanh, 1 for exp on
 * JDK 17 and 25 here), identical NaN, infinity and signed-zero behaviour at the special values, and the
 * scalar ones bit-identical. Lengths that are not a multiple of the vector width exercise the scalar tail.
 */
class RowActivationsTest {
    private static final double MAX_ULPS = 4;

    private interface Row {
        void apply(RowActivations.Impl impl, double[] x, double[] y, double[] out, int n);
    }

    private interface Scalar {
        double apply(double x, double y);
    }

    private static final String[] NAMES = {"tanh", "tanhDerivative", "sigmoid", "sigmoidDerivative", "exponential"};
    private static final Row[] ROWS = {
        (impl, x, y, out, n) -> impl.tanh(x, out, n),
        (impl, x, y, out, n) -> impl.tanhDerivative(x, y, out, n),
        (impl, x, y, out, n) -> impl.sigmoid(x, out, n),
        (impl, x, y, out, n) -> impl.sigmoidDerivative(x, y, out, n),
        (impl, x, y, out, n) -> impl.exponential(x, out, n),
    };
    private static final Scalar[] SCALARS = {
        (x, y) -> Activations.tanh(x),
        Activations::tanhDerivative,
        (x, y) -> Activations.sigmoid(x),
        Activations::sigmoidDerivative,
        (x, y) -> Activations.exponential(x),
    };
    /** The value whose derivative each row form takes (its y argument). */
    private static final Scalar[] VALUES = {
        (x, y) -> 0, (x, y) -> Activations.tanh(x), (x, y) -> 0, (x, y) -> Activations.sigmoid(x), (x, y) -> 0,
    };

    private static final double[] SPECIAL = {
        0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
        -Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300, -1e-300, 0.55, -0.55, Math.nextUp(0.55), Math.nextDown(-0.55),
        1e-8, -1e-8, 0.5, -0.5, 1, -1, 2, -2, 19, -19, 20, -20, 36, -36, 300, -300, 700, -700, 709.78, 709.79,
        -740, -745, -746, 1000, -1000, Double.MAX_VALUE, -Double.MAX_VALUE,
    };

    private static double[] inputs(long seed, int n) {
        Random random = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            // Magnitudes from 1e-6 to ~1e3, both signs: the interior, both branches and both tails.
            x[i] = random.nextGaussian() * Math.exp(random.nextGaussian() * 2.5);
        }
        System.arraycopy(SPECIAL, 0, x, 0, Math.min(n, SPECIAL.length));
        return x;
    }

    /** The worst distance in ulps of the scalar result; special values must match exactly. */
    private static double worstUlps(RowActivations.Impl impl, int f, double[] x) {
        int n = x.length;
        double[] y = new double[n];
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            y[j] = VALUES[f].apply(x[j], 0);
        }
        ROWS[f].apply(impl, x, y, out, n);
        double worst = 0;
        for (int j = 0; j < n; j++) {
            double expected = SCALARS[f].apply(x[j], y[j]);
            String where = NAMES[f] + "(" + x[j] + ")";
            if (Double.isNaN(expected) || Double.isInfinite(expected) || expected == 0) {
                assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(out[j]),
                        where + ": expected " + expected + ", found " + out[j]);
                continue;
            }
            worst = Math.max(worst, Math.abs(out[j] - expected) / Math.ulp(expected));
        }
        return worst;
    }

    @Test
    void vectorRowsAreWithinAFewUlpsOfTheScalarFunctions() {
        RowActivations.Impl vector = new VectorActivations();
        for (int f = 0; f < NAMES.length; f++) {
            // Until C2 compiles the loop, lanewise operations fall back to Math lane by lane (0 ulp): warm up so
            // that what is measured is the vector math stub that production code runs.
            double[] warm = inputs(99, 64);
            double[] sink = new double[64];
            for (int i = 0; i < 40_000; i++) {
                ROWS[f].apply(vector, warm, warm, sink, 64);
            }
            double worst = 0;
            for (int seed = 0; seed < 20; seed++) {
                worst = Math.max(worst, worstUlps(vector, f, inputs(seed, 4_001)));
            }
            System.out.printf("RowActivationsTest: vector %s worst %.2f ulp from Activations%n", NAMES[f], worst);
            assertTrue(worst <= MAX_ULPS, NAMES[f] + ": " + worst + " ulp");
        }
    }

    @Test
    void scalarRowsAreTheScalarFunctions() {
        RowActivations.Impl scalar = new RowActivations.Scalar();
        for (int f = 0; f < NAMES.length; f++) {
            assertEquals(0.0, worstUlps(scalar, f, inputs(7, 1_003)), NAMES[f]);
        }
    }

    @Test
    void shortRowsAndTailsAreWritten() {
        for (int n = 0; n < 20; n++) {
            double[] x = inputs(n, n);
            double[] y = new double[n + 1];
            y[n] = 42;   // past n: untouched
            RowActivations.tanh(x, y, n);
            for (int j = 0; j < n; j++) {
                double expected = Activations.tanh(x[j]);
                if (Double.isFinite(expected) && expected != 0) {
                    assertEquals(expected, y[j], MAX_ULPS * Math.ulp(expected), "n=" + n);
                } else {
                    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(y[j]), "n=" + n);
                }
            }
            assertEquals(42, y[n]);
        }
    }
}
