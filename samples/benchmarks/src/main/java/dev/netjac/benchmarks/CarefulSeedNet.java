package dev.netjac.benchmarks;

/**
 * The blog's network written by hand as a careful Java developer who knows C2 would: per-row weight arrays,
 * axpy inner loops over contiguous rows with eight active weight rows fused per pass
 * ({@code o[j] += a0*w0[j] + ... + a7*w7[j]}: one load and store of the output per eight rows), inactive
 * ReLU units skipped, reverse mode pushing the 10 × 10 softmax Jacobian back. This is the peer of issue 13's
 * stock-flags target (netjac ≤ 1.0× this).
 */
final class CarefulSeedNet {
    private final double[][] w1;   // [500][100]
    private final double[][] w1t;  // [100][500]
    private final double[] b1;
    private final double[][] w2;   // [100][10]
    private final double[][] w2t;  // [10][100]
    private final double[] b2;
    private final double[] z1 = new double[100];
    private final double[] z2 = new double[10];
    private final double[] s = new double[10];
    private final double[][] g1 = new double[10][100];
    private final double[] row = new double[500];
    private final int[] active = new int[500];

    CarefulSeedNet(double[] w1Flat, double[] b1, double[] w2Flat, double[] b2) {
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

    /** o[0..width) += Σ a[idx[t]] · w[idx[t]][0..width) over the n listed rows, eight rows per pass. */
    private static void axpyRows(double[] a, int[] idx, int n, double[][] w, double[] o, int width) {
        int t = 0;
        for (; t + 7 < n; t += 8) {
            double a0 = a[idx[t]], a1 = a[idx[t + 1]], a2 = a[idx[t + 2]], a3 = a[idx[t + 3]];
            double a4 = a[idx[t + 4]], a5 = a[idx[t + 5]], a6 = a[idx[t + 6]], a7 = a[idx[t + 7]];
            double[] v0 = w[idx[t]], v1 = w[idx[t + 1]], v2 = w[idx[t + 2]], v3 = w[idx[t + 3]];
            double[] v4 = w[idx[t + 4]], v5 = w[idx[t + 5]], v6 = w[idx[t + 6]], v7 = w[idx[t + 7]];
            for (int j = 0; j < width; j++) {
                o[j] += a0 * v0[j] + a1 * v1[j] + a2 * v2[j] + a3 * v3[j]
                        + a4 * v4[j] + a5 * v5[j] + a6 * v6[j] + a7 * v7[j];
            }
        }
        for (; t < n; t++) {
            double a0 = a[idx[t]];
            double[] v0 = w[idx[t]];
            for (int j = 0; j < width; j++) {
                o[j] += a0 * v0[j];
            }
        }
    }

    private int nonzero(double[] a, int length) {
        int n = 0;
        for (int k = 0; k < length; k++) {
            if (a[k] != 0.0) {
                active[n++] = k;
            }
        }
        return n;
    }

    void forward(double[] x, double[] y) {
        System.arraycopy(b1, 0, z1, 0, 100);
        axpyRows(x, active, nonzero(x, 500), w1, z1, 100);
        for (int j = 0; j < 100; j++) {
            z1[j] = z1[j] > 0 ? z1[j] : 0.0;   // z1 now holds h = relu(z1); h > 0 marks the active units
        }
        System.arraycopy(b2, 0, z2, 0, 10);
        axpyRows(z1, active, nonzero(z1, 100), w2, z2, 10);
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
        // Row i of the softmax Jacobian, s_i (δ_ij − s_j), through dense 2: g1[i] = Σ_j J_ij W2ᵀ[j], masked.
        for (int i = 0; i < 10; i++) {
            double[] out = g1[i];
            java.util.Arrays.fill(out, 0.0);
            for (int j = 0; j < 10; j++) {
                double a = s[i] * ((i == j ? 1.0 : 0.0) - s[j]);
                double[] w = w2t[j];
                for (int k = 0; k < 100; k++) {
                    out[k] += a * w[k];
                }
            }
        }
        int n = nonzero(z1, 100);
        for (int i = 0; i < 10; i++) {
            java.util.Arrays.fill(row, 0.0);
            axpyRows(g1[i], active, n, w1t, row, 500);
            System.arraycopy(row, 0, jac, i * 500, 500);
        }
    }
}
