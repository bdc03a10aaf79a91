package dev.netjac.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels with explicit SIMD (Vector API, JDK 17+ incubator; loaded only when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}).
 *
 * <p>A register-blocked micro-kernel, as in BLAS: a block of up to four output rows times a strip of two
 * vectors of columns is accumulated in registers across every nonzero multiplier k, then stored once. Each
 * weight vector loaded is reused for all rows of the block, and the output is written once instead of once
 * per weight row.
 */
final class VectorKernels implements Kernels.Impl {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    public void vectorTimesMatrix(double[] x, int inner, double[][] w, int width, double[] bias, double[] y, int[] scratch) {
        int n = 0;
        for (int k = 0; k < inner; k++) {
            if (x[k] != 0.0) {
                scratch[n++] = k;
            }
        }
        one(x, w, width, bias, y, scratch, n);
    }

    @Override
    public void rowsTimesMatrix(double[][] in, int rows, int inner, double[][] w, int width, double[] bias,
                                double[][] out, int[] scratch) {
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            double[] a0 = in[r];
            double[] a1 = in[r + 1];
            double[] a2 = in[r + 2];
            double[] a3 = in[r + 3];
            int n = 0;
            for (int k = 0; k < inner; k++) {
                if (a0[k] != 0.0 || a1[k] != 0.0 || a2[k] != 0.0 || a3[k] != 0.0) {
                    scratch[n++] = k;
                }
            }
            four(a0, a1, a2, a3, w, width, bias, out[r], out[r + 1], out[r + 2], out[r + 3], scratch, n);
        }
        for (; r < rows; r++) {
            double[] a = in[r];
            int n = 0;
            for (int k = 0; k < inner; k++) {
                if (a[k] != 0.0) {
                    scratch[n++] = k;
                }
            }
            one(a, w, width, bias, out[r], scratch, n);
        }
    }

    private static DoubleVector start(double[] bias, int j) {
        return bias == null ? DoubleVector.zero(S) : DoubleVector.fromArray(S, bias, j);
    }

    /**
     * One row: strips of four vectors, so four independent accumulator chains hide the FMA latency. Rows are
     * padded (see {@link Kernels#padded}), so the last strip may run past {@code width} into zeros.
     */
    private static void one(double[] a, double[][] w, int width, double[] bias, double[] o, int[] idx, int n) {
        int end = (width + V - 1) / V * V;
        int j = 0;
        for (; j + 4 * V <= end; j += 4 * V) {
            DoubleVector c0 = start(bias, j);
            DoubleVector c1 = start(bias, j + V);
            DoubleVector c2 = start(bias, j + 2 * V);
            DoubleVector c3 = start(bias, j + 3 * V);
            for (int t = 0; t < n; t++) {
                int k = idx[t];
                double[] wk = w[k];
                DoubleVector ak = DoubleVector.broadcast(S, a[k]);
                c0 = DoubleVector.fromArray(S, wk, j).fma(ak, c0);
                c1 = DoubleVector.fromArray(S, wk, j + V).fma(ak, c1);
                c2 = DoubleVector.fromArray(S, wk, j + 2 * V).fma(ak, c2);
                c3 = DoubleVector.fromArray(S, wk, j + 3 * V).fma(ak, c3);
            }
            c0.intoArray(o, j);
            c1.intoArray(o, j + V);
            c2.intoArray(o, j + 2 * V);
            c3.intoArray(o, j + 3 * V);
        }
        for (; j < end; j += V) {
            DoubleVector c0 = start(bias, j);
            for (int t = 0; t < n; t++) {
                int k = idx[t];
                c0 = DoubleVector.fromArray(S, w[k], j).fma(DoubleVector.broadcast(S, a[k]), c0);
            }
            c0.intoArray(o, j);
        }
    }

    /** Four rows: strips of two vectors, eight accumulators; each weight vector feeds four FMAs. */
    private static void four(double[] a0, double[] a1, double[] a2, double[] a3, double[][] w, int width, double[] bias,
                             double[] o0, double[] o1, double[] o2, double[] o3, int[] idx, int n) {
        int end = (width + V - 1) / V * V;
        int j = 0;
        for (; j + 2 * V <= end; j += 2 * V) {
            DoubleVector b0 = start(bias, j);
            DoubleVector b1 = start(bias, j + V);
            DoubleVector c00 = b0;
            DoubleVector c01 = b1;
            DoubleVector c10 = b0;
            DoubleVector c11 = b1;
            DoubleVector c20 = b0;
            DoubleVector c21 = b1;
            DoubleVector c30 = b0;
            DoubleVector c31 = b1;
            for (int t = 0; t < n; t++) {
                int k = idx[t];
                double[] wk = w[k];
                DoubleVector w0 = DoubleVector.fromArray(S, wk, j);
                DoubleVector w1 = DoubleVector.fromArray(S, wk, j + V);
                DoubleVector x0 = DoubleVector.broadcast(S, a0[k]);
                DoubleVector x1 = DoubleVector.broadcast(S, a1[k]);
                DoubleVector x2 = DoubleVector.broadcast(S, a2[k]);
                DoubleVector x3 = DoubleVector.broadcast(S, a3[k]);
                c00 = w0.fma(x0, c00);
                c01 = w1.fma(x0, c01);
                c10 = w0.fma(x1, c10);
                c11 = w1.fma(x1, c11);
                c20 = w0.fma(x2, c20);
                c21 = w1.fma(x2, c21);
                c30 = w0.fma(x3, c30);
                c31 = w1.fma(x3, c31);
            }
            c00.intoArray(o0, j);
            c01.intoArray(o0, j + V);
            c10.intoArray(o1, j);
            c11.intoArray(o1, j + V);
            c20.intoArray(o2, j);
            c21.intoArray(o2, j + V);
            c30.intoArray(o3, j);
            c31.intoArray(o3, j + V);
        }
        for (; j < end; j += V) {
            DoubleVector b0 = start(bias, j);
            DoubleVector c0 = b0;
            DoubleVector c1 = b0;
            DoubleVector c2 = b0;
            DoubleVector c3 = b0;
            for (int t = 0; t < n; t++) {
                int k = idx[t];
                DoubleVector w0 = DoubleVector.fromArray(S, w[k], j);
                c0 = w0.fma(DoubleVector.broadcast(S, a0[k]), c0);
                c1 = w0.fma(DoubleVector.broadcast(S, a1[k]), c1);
                c2 = w0.fma(DoubleVector.broadcast(S, a2[k]), c2);
                c3 = w0.fma(DoubleVector.broadcast(S, a3[k]), c3);
            }
            c0.intoArray(o0, j);
            c1.intoArray(o1, j);
            c2.intoArray(o2, j);
            c3.intoArray(o3, j);
        }
    }
}
