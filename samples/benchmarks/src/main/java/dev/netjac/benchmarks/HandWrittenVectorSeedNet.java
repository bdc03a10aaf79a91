package dev.netjac.benchmarks;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The blog's network written by hand with the Vector API, the way the performance issue's 14.8 µs comparator
 * is described: per-row weight arrays padded to whole vectors, explicit fused multiply-add axpy loops (two weight rows per pass),
 * reverse mode pushing the 10 × 10 identity back, inactive ReLU units skipped. Needs
 * {@code --add-modules jdk.incubator.vector}; {@link SeedAlternativesBenchmark} only loads it then.
 */
final class HandWrittenVectorSeedNet {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    private static final int H = 104;   // 100 hidden units, padded
    private static final int N = 504;   // 500 inputs, padded

    private final double[][] w1;   // [500][104]
    private final double[][] w1t;  // [100][504]
    private final double[] b1;     // [104]
    private final double[][] w2t;  // [10][100]
    private final double[] b2;
    private final double[] z1 = new double[H];
    private final double[] z2 = new double[10];
    private final double[] s = new double[10];
    private final double[][] g1 = new double[10][100];
    private final double[] row = new double[N];
    private final int[] active = new int[100];

    HandWrittenVectorSeedNet(double[] w1Flat, double[] b1, double[] w2Flat, double[] b2) {
        w1 = new double[500][H];
        w1t = new double[100][N];
        for (int i = 0; i < 500; i++) {
            for (int j = 0; j < 100; j++) {
                w1[i][j] = w1Flat[i * 100 + j];
                w1t[j][i] = w1Flat[i * 100 + j];
            }
        }
        w2t = new double[10][100];
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < 10; j++) {
                w2t[j][i] = w2Flat[i * 10 + j];
            }
        }
        this.b1 = java.util.Arrays.copyOf(b1, H);
        this.b2 = b2.clone();
    }

    void forward(double[] x, double[] y) {
        // z1 = b1 + sum_i x_i W1[i]: vector axpy, two weight rows per pass.
        System.arraycopy(b1, 0, z1, 0, H);
        for (int i = 0; i < 500; i += 2) {
            DoubleVector a0 = DoubleVector.broadcast(S, x[i]);
            DoubleVector a1 = DoubleVector.broadcast(S, x[i + 1]);
            double[] w0 = w1[i];
            double[] w = w1[i + 1];
            for (int j = 0; j < H; j += V) {
                DoubleVector c = DoubleVector.fromArray(S, w0, j).fma(a0, DoubleVector.fromArray(S, z1, j));
                DoubleVector.fromArray(S, w, j).fma(a1, c).intoArray(z1, j);
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < 10; m++) {
            double sum = b2[m];
            double[] w = w2t[m];
            for (int k = 0; k < 100; k++) {
                double h = z1[k] > 0 ? z1[k] : 0.0;
                sum += h * w[k];
            }
            z2[m] = sum;
            max = Math.max(max, sum);
        }
        double total = 0;
        for (int m = 0; m < 10; m++) {
            s[m] = Math.exp(z2[m] - max);
            total += s[m];
        }
        for (int m = 0; m < 10; m++) {
            s[m] /= total;
            y[m] = s[m];
        }
    }

    /** jac is 10 × 500 row-major. */
    void jacobian(double[] x, double[] y, double[] jac) {
        forward(x, y);
        int n = 0;
        for (int k = 0; k < 100; k++) {
            if (z1[k] > 0) {
                active[n++] = k;
            }
        }
        // g1[i][k] = sum_m s_i (delta_im - s_m) W2[k][m], on active units only.
        for (int i = 0; i < 10; i++) {
            for (int t = 0; t < n; t++) {
                int k = active[t];
                double sum = 0;
                for (int m = 0; m < 10; m++) {
                    sum += s[i] * ((i == m ? 1.0 : 0.0) - s[m]) * w2t[m][k];
                }
                g1[i][k] = sum;
            }
        }
        // Row i of J = sum over active k of g1[i][k] W1T[k]: vector axpy, two weight rows per pass.
        for (int i = 0; i < 10; i++) {
            java.util.Arrays.fill(row, 0.0);
            double[] g = g1[i];
            int t = 0;
            for (; t + 1 < n; t += 2) {
                DoubleVector a0 = DoubleVector.broadcast(S, g[active[t]]);
                DoubleVector a1 = DoubleVector.broadcast(S, g[active[t + 1]]);
                double[] w0 = w1t[active[t]];
                double[] w = w1t[active[t + 1]];
                for (int j = 0; j < N; j += V) {
                    DoubleVector c = DoubleVector.fromArray(S, w0, j).fma(a0, DoubleVector.fromArray(S, row, j));
                    DoubleVector.fromArray(S, w, j).fma(a1, c).intoArray(row, j);
                }
            }
            for (; t < n; t++) {
                DoubleVector a0 = DoubleVector.broadcast(S, g[active[t]]);
                double[] w0 = w1t[active[t]];
                for (int j = 0; j < N; j += V) {
                    DoubleVector.fromArray(S, w0, j).fma(a0, DoubleVector.fromArray(S, row, j)).intoArray(row, j);
                }
            }
            System.arraycopy(row, 0, jac, i * 500, 500);
        }
    }
}
