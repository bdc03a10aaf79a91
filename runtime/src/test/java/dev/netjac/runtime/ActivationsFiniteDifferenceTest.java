package dev.netjac.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Second, independent check of every derivative: compares {@code fDerivative(x, f(x))} with a
 * Richardson-extrapolated central difference of {@code f} at seeded random points, away from kinks.
 * The step is h = 2^-8 / (1 + x^2): the tails of gelu and gelu_tanh vary on a scale of 1/|x| resp.
 * 1/x^2, so this keeps the truncation error O((h/scale)^4) below ~1e-9 relative, while the rounding
 * error ~ 1e-16 |f| / h stays below ~1e-10 |f| for |x| &lt;= 30. A tolerance of 1e-7 (|f'| + |f|)
 * therefore separates a wrong formula (errors of order 1) from the method's own noise by orders of
 * magnitude.
 */
class ActivationsFiniteDifferenceTest {

    static final double H = 0x1p-8;

    static double central(java.util.function.DoubleUnaryOperator f, double x, double h) {
        double xp = x + h;
        double xm = x - h;
        return (f.applyAsDouble(xp) - f.applyAsDouble(xm)) / (xp - xm);
    }

    static double richardson(java.util.function.DoubleUnaryOperator f, double x) {
        double h = H / (1 + x * x);
        return (4 * central(f, x, h / 2) - central(f, x, h)) / 3;
    }

    @Test
    void derivativesAgreeWithFiniteDifferences() {
        double[] kinks = {0, 6, -2.5, 2.5, -3, 3};
        List<String> failures = new ArrayList<>();
        Random rnd = new Random(20240607);
        int checked = 0;
        for (ActivationsSpecialValuesTest.Act a : variants()) {
            for (int i = 0; i < 2000; i++) {
                double x = rnd.nextInt(4) == 0 ? (rnd.nextDouble() * 2 - 1) * 30 : (rnd.nextDouble() * 2 - 1) * 8;
                boolean nearKink = false;
                for (double k : kinks) {
                    nearKink |= Math.abs(x - k) < 4 * H;
                }
                if (nearKink) {
                    continue;
                }
                double y = a.f(x);
                double d = a.derivative().d(x, y);
                double fd = richardson(a.value(), x);
                double tol = 1e-7 * (Math.abs(d) + Math.abs(y)) + 1e-300;
                checked++;
                if (!(Math.abs(fd - d) <= tol)) {
                    failures.add(String.format(Locale.ROOT, "%s'(%s) = %s, finite difference %s", a.name(), x, d, fd));
                }
            }
        }
        if (checked < 30_000) {
            fail("too few points checked: " + checked);
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " derivative mismatches:\n  " + String.join("\n  ", failures.subList(0,
                    Math.min(40, failures.size()))));
        }
    }

    static List<ActivationsSpecialValuesTest.Act> variants() {
        List<ActivationsSpecialValuesTest.Act> all = new ArrayList<>(ActivationsSpecialValuesTest.ALL);
        for (double alpha : new double[] {0.01, 0.3}) {
            all.add(new ActivationsSpecialValuesTest.Act("leaky_relu(" + alpha + ")",
                    x -> Activations.leakyRelu(x, alpha), (x, y) -> Activations.leakyReluDerivative(x, y, alpha)));
        }
        for (double alpha : new double[] {0.5, 1.7}) {
            all.add(new ActivationsSpecialValuesTest.Act("elu(" + alpha + ")",
                    x -> Activations.elu(x, alpha), (x, y) -> Activations.eluDerivative(x, y, alpha)));
        }
        return all;
    }
}
