package dev.netjac.benchmarks;

import java.util.Arrays;

/**
 * The blog's network written by hand as a careful Java developer who knows C2 would: the peer of issue 13's
 * stock-flags target (netjac ≤ 1.0× this). What makes it careful, each point measured on JDK 17 and 25:
 * <ul>
 *   <li>per-row weight arrays and axpy inner loops over contiguous rows (C2 vectorizes those, not dot
 *       products), with several weight rows fused per pass ({@code o[j] += a0*w0[j] + … + a3*w3[j]}: one load
 *       and store of the output per {@value #FUSED} rows). Four, not eight: JDK 17's C2 leaves the eight-row
 *       loop scalar (90 µs against 31 µs for the cotangent alone), and three to six rows run alike;</li>
 *   <li>in the cotangent pass the weight rows are the outer loop: each group of four active rows of W1ᵀ is
 *       applied to all ten Jacobian rows while it is in L1, so the 240 KB of active weights stream from L2
 *       once per call, not once per Jacobian row (that alone was 31 → 25 µs);</li>
 *   <li>inactive ReLU units (and zero inputs) are skipped;</li>
 *   <li>the softmax is pulled back as s ⊙ (g − s·g) pivoted on the argmax, so the saturated top row
 *       (1 − s_max ≈ 5e-9 at the blog's input) keeps its digits and the peer agrees with netjac to 1e-13 of
 *       every row's largest entry (checked by {@code Interleaved} before timing and by CarefulSeedNetTest).
 *       Building the 10 × 10 softmax Jacobian first would form s_i s_j of two tiny probabilities (the blog's
 *       input has outputs down to 1e-235): subnormal numbers, which made the whole cotangent 2.5× slower.</li>
 * </ul>
 * The cotangent's loops are methods of their own: shared with the forward pass (widths 100 and 10), their
 * profile made JDK 17's C2 compile the 500-wide cotangent 1.5× slower than netjac's.
 * The Jacobian rows are built in per-row arrays and copied into the caller's flat array: C2 (JDK 17) does not
 * vectorize a loop whose output index is offset by a variable row start.
 */
final class CarefulSeedNet {
    private static final int FUSED = 4;
    private final double[][] w1;   // [500][100]
    private final double[][] w1t;  // [100][500]
    private final double[] b1;
    private final double[][] w2;   // [100][10]
    private final double[][] w2t;  // [10][100]
    private final double[] b2;
    private final double[] h = new double[100];
    private final double[] z2 = new double[10];
    private final double[] s = new double[10];
    private final double[][] g1 = new double[10][100];
    private final double[][] rows = new double[10][500];
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

    private int nonzero(double[] a, int length) {
        int n = 0;
        for (int k = 0; k < length; k++) {
            if (a[k] != 0.0) {
                active[n++] = k;
            }
        }
        return n;
    }

    /** o = bias + Σ a[k] · w[k] over the n listed k, four weight rows per pass. */
    private static void axpyRows(double[] a, int[] idx, int n, double[][] w, double[] bias, double[] o, int width) {
        System.arraycopy(bias, 0, o, 0, width);
        int t = 0;
        for (; t + 3 < n; t += 4) {
            double a0 = a[idx[t]];
            double a1 = a[idx[t + 1]];
            double a2 = a[idx[t + 2]];
            double a3 = a[idx[t + 3]];
            double[] w0 = w[idx[t]];
            double[] w1 = w[idx[t + 1]];
            double[] w2 = w[idx[t + 2]];
            double[] w3 = w[idx[t + 3]];
            for (int j = 0; j < width; j++) {
                o[j] += a0 * w0[j] + a1 * w1[j] + a2 * w2[j] + a3 * w3[j];
            }
        }
        for (; t < n; t++) {
            double a0 = a[idx[t]];
            double[] w0 = w[idx[t]];
            for (int j = 0; j < width; j++) {
                o[j] += a0 * w0[j];
            }
        }
    }

    /** The cotangent's loops, apart from the forward pass's so that C2 profiles them at their own width. */
    private static void fused4(double[] o, double a0, double[] w0, double a1, double[] w1, double a2, double[] w2,
                               double a3, double[] w3, int width) {
        for (int j = 0; j < width; j++) {
            o[j] += a0 * w0[j] + a1 * w1[j] + a2 * w2[j] + a3 * w3[j];
        }
    }

    private static void fused1(double[] o, double a0, double[] w0, int width) {
        for (int j = 0; j < width; j++) {
            o[j] += a0 * w0[j];
        }
    }

    void forward(double[] x, double[] y) {
        axpyRows(x, active, nonzero(x, 500), w1, b1, h, 100);
        for (int j = 0; j < 100; j++) {
            h[j] = h[j] > 0 ? h[j] : 0.0;   // h = relu(z1); h > 0 marks the active units
        }
        axpyRows(h, active, nonzero(h, 100), w2, b2, z2, 10);
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
        // Softmax then dense 2, active units only: g1[i][k] = s_i (W2[k][i] − Σ_j s_j W2[k][j]), pivoted on the
        // argmax m, Σ_j s_j W2[k][j] = W2[k][m] + c_k with c_k = Σ_{j≠m} s_j (W2[k][j] − W2[k][m]), so that the
        // saturated top row keeps its digits and no product of two tiny probabilities (subnormal, and ~3×
        // slower through every later multiply on this CPU) is ever formed.
        int m = 0;
        for (int j = 1; j < 10; j++) {
            if (s[j] > s[m]) {
                m = j;
            }
        }
        int n = nonzero(h, 100);
        for (int t = 0; t < n; t++) {
            int k = active[t];
            double[] w = w2[k];
            double wm = w[m];
            double c = 0;
            for (int j = 0; j < 10; j++) {
                if (j != m) {
                    c += s[j] * (w[j] - wm);
                }
            }
            for (int i = 0; i < 10; i++) {
                g1[i][k] = s[i] * ((w[i] - wm) - c);
            }
        }
        // Through dense 1: rows[i] = Σ_k g1[i][k] W1ᵀ[k], four weight rows at a time over all ten rows.
        for (double[] row : rows) {
            Arrays.fill(row, 0.0);
        }
        int t = 0;
        for (; t + 3 < n; t += 4) {
            int k0 = active[t];
            int k1 = active[t + 1];
            int k2 = active[t + 2];
            int k3 = active[t + 3];
            double[] v0 = w1t[k0];
            double[] v1 = w1t[k1];
            double[] v2 = w1t[k2];
            double[] v3 = w1t[k3];
            for (int i = 0; i < 10; i++) {
                double[] g = g1[i];
                fused4(rows[i], g[k0], v0, g[k1], v1, g[k2], v2, g[k3], v3, 500);
            }
        }
        for (; t < n; t++) {
            int k = active[t];
            for (int i = 0; i < 10; i++) {
                fused1(rows[i], g1[i][k], w1t[k], 500);
            }
        }
        for (int i = 0; i < 10; i++) {
            System.arraycopy(rows[i], 0, jac, i * 500, 500);
        }
    }
}
