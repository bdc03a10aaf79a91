package dev.netjac.benchmarks;

import org.hipparchus.analysis.differentiation.Gradient;

/**
 * The blog's network with Hipparchus forward-mode automatic differentiation ({@link Gradient}: every value
 * carries its 500 partial derivatives), the ready-made choice a JVM developer might reach for.
 */
final class HipparchusSeedNet {
    private final double[] w1;
    private final double[] b1;
    private final double[] w2;
    private final double[] b2;

    HipparchusSeedNet(double[] w1, double[] b1, double[] w2, double[] b2) {
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
    }

    /** Outputs and the 10 × 500 Jacobian, row-major. */
    void jacobian(double[] x, double[] y, double[] jac) {
        Gradient[] in = new Gradient[500];
        for (int i = 0; i < 500; i++) {
            in[i] = Gradient.variable(500, i, x[i]);
        }
        Gradient[] hidden = new Gradient[100];
        for (int j = 0; j < 100; j++) {
            Gradient z = Gradient.constant(500, b1[j]);
            for (int i = 0; i < 500; i++) {
                z = z.add(in[i].multiply(w1[i * 100 + j]));
            }
            hidden[j] = z.getValue() > 0 ? z : Gradient.constant(500, 0.0);
        }
        Gradient[] logits = new Gradient[10];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < 10; j++) {
            Gradient z = Gradient.constant(500, b2[j]);
            for (int i = 0; i < 100; i++) {
                z = z.add(hidden[i].multiply(w2[i * 10 + j]));
            }
            logits[j] = z;
            max = Math.max(max, z.getValue());
        }
        Gradient sum = Gradient.constant(500, 0.0);
        Gradient[] e = new Gradient[10];
        for (int j = 0; j < 10; j++) {
            e[j] = logits[j].subtract(max).exp();
            sum = sum.add(e[j]);
        }
        for (int j = 0; j < 10; j++) {
            Gradient s = e[j].divide(sum);
            y[j] = s.getValue();
            double[] g = s.getGradient();
            System.arraycopy(g, 0, jac, j * 500, 500);
        }
    }
}
