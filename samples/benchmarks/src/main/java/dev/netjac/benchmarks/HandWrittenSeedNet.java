package dev.netjac.benchmarks;

/**
 * The blog's network written by hand the way a careful Java developer would without netjac: per-row weight
 * arrays, axpy inner loops, reverse mode pushing the 10 × 10 identity back, inactive ReLU units skipped.
 * The baseline netjac's generated code must beat.
 */
final class HandWrittenSeedNet {
    private final double[][] w1;   // [500][100]
    private final double[][] w1t;  // [100][500]
    private final double[] b1;
    private final double[][] w2;   // [100][10]
    private final double[][] w2t;  // [10][100]
    private final double[] b2;
    private final double[] z1 = new double[100];
    private final double[] h = new double[100];
    private final double[] z2 = new double[10];
    private final double[] s = new double[10];
    private final double[][] g2 = new double[10][10];
    private final double[][] g1 = new double[10][100];
    private final double[][] g0 = new double[10][500];

    HandWrittenSeedNet(double[] w1Flat, double[] b1, double[] w2Flat, double[] b2) {
        w1 = new double[500][100];
        w1t = new double[100][500];
        for (int i = 0; i < 500; i++) {
            for (int j = 0; j < 100; j++) {
                w1[i][j] = w1Flat[i * 100 + j];
                w1t[j][i] = w1Flat[i * 100 + j];
            }
        }
        w2 = new double[100][10];
        w2t = new double[10][100];
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < 10; j++) {
                w2[i][j] = w2Flat[i * 10 + j];
                w2t[j][i] = w2Flat[i * 10 + j];
            }
        }
        this.b1 = b1.clone();
        this.b2 = b2.clone();
    }

    void forward(double[] x, double[] y) {
        System.arraycopy(b1, 0, z1, 0, 100);
        for (int i = 0; i < 500; i++) {
            double a = x[i];
            double[] w = w1[i];
            for (int j = 0; j < 100; j++) {
                z1[j] += a * w[j];
            }
        }
        for (int j = 0; j < 100; j++) {
            h[j] = z1[j] > 0 ? z1[j] : 0.0;
        }
        System.arraycopy(b2, 0, z2, 0, 10);
        for (int i = 0; i < 100; i++) {
            double a = h[i];
            double[] w = w2[i];
            for (int j = 0; j < 10; j++) {
                z2[j] += a * w[j];
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < 10; j++) {
            max = Math.max(max, z2[j]);
        }
        double sum = 0;
        for (int j = 0; j < 10; j++) {
            s[j] = Math.exp(z2[j] - max);
            sum += s[j];
        }
        for (int j = 0; j < 10; j++) {
            s[j] /= sum;
            y[j] = s[j];
        }
    }

    /** jac is 10 × 500 row-major. */
    void jacobian(double[] x, double[] y, double[] jac) {
        forward(x, y);
        // Softmax Jacobian rows: d s_i / d z2_j = s_i (δ_ij − s_j).
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                g2[i][j] = s[i] * ((i == j ? 1.0 : 0.0) - s[j]);
            }
        }
        // Through dense 2 and the ReLU mask: g1 = g2 · W2ᵀ ⊙ [z1 > 0].
        for (int i = 0; i < 10; i++) {
            double[] out = g1[i];
            java.util.Arrays.fill(out, 0.0);
            for (int j = 0; j < 10; j++) {
                double a = g2[i][j];
                double[] w = w2t[j];
                for (int k = 0; k < 100; k++) {
                    out[k] += a * w[k];
                }
            }
            for (int k = 0; k < 100; k++) {
                if (z1[k] <= 0) {
                    out[k] = 0.0;
                }
            }
        }
        // Through dense 1: J = g1 · W1ᵀ, skipping inactive units, into row arrays (an axpy into the flat
        // jac at an offset does not vectorize), then copied out.
        for (int i = 0; i < 10; i++) {
            double[] out = g0[i];
            java.util.Arrays.fill(out, 0.0);
            for (int k = 0; k < 100; k++) {
                double a = g1[i][k];
                if (a == 0.0) {
                    continue;
                }
                double[] w = w1t[k];
                for (int j = 0; j < 500; j++) {
                    out[j] += a * w[j];
                }
            }
            System.arraycopy(out, 0, jac, i * 500, 500);
        }
    }
}
