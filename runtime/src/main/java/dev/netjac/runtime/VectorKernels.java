package dev.netjac.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels with explicit SIMD (Vector API, JDK 17+ incubator; loaded only when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}). Two shapes, each chosen because it measured fastest here
 * (docs/benchmarks.md):
 * <ul>
 *   <li>blocks of eight rows: a register-blocked micro-kernel as in BLAS. Eight output rows times a strip of
 *       two vectors are accumulated in sixteen registers across every nonzero multiplier k and stored once,
 *       so each weight vector loaded feeds eight FMAs and the weights stream through the cache once per
 *       eight rows instead of once per row;</li>
 *   <li>single rows (the forward pass, and rows left over from the blocks): axpy over the whole row, four
 *       weight rows per pass, {@code o += a0*w0 + a1*w1 + a2*w2 + a3*w3} with fused multiply-adds.</li>
 * </ul>
 * Rows are padded to whole vectors (see {@link Kernels#padded}), so no loop has a scalar tail.
 */
final class VectorKernels implements Kernels.Impl {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    private static final int BLOCK = 8;

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    public void vectorTimesMatrix(double[] x, int inner, double[][] w, int width, double[] bias, double[] y, int[] scratch) {
        row(x, inner, w, width, bias, y, scratch);
    }

    @Override
    public void rowsTimesMatrix(double[][] in, int rows, int inner, double[][] w, int width, double[] bias,
                                double[][] out, int[] scratch) {
        int r = 0;
        for (; r + BLOCK <= rows; r += BLOCK) {
            int n = 0;
            for (int k = 0; k < inner; k++) {
                if (in[r][k] != 0.0 || in[r + 1][k] != 0.0 || in[r + 2][k] != 0.0 || in[r + 3][k] != 0.0
                        || in[r + 4][k] != 0.0 || in[r + 5][k] != 0.0 || in[r + 6][k] != 0.0 || in[r + 7][k] != 0.0) {
                    scratch[n++] = k;
                }
            }
            eight(in, r, w, width, bias, out, scratch, n);
        }
        for (; r < rows; r++) {
            row(in[r], inner, w, width, bias, out[r], scratch);
        }
    }

    /** One row, axpy style: the output row is read and written once per four nonzero multipliers. */
    private static void row(double[] a, int inner, double[][] w, int width, double[] bias, double[] o, int[] idx) {
        int end = (width + V - 1) / V * V;
        if (bias == null) {
            java.util.Arrays.fill(o, 0, end, 0.0);
        } else {
            System.arraycopy(bias, 0, o, 0, end);
        }
        int n = 0;
        for (int k = 0; k < inner; k++) {
            if (a[k] != 0.0) {
                idx[n++] = k;
            }
        }
        int t = 0;
        for (; t + 3 < n; t += 4) {
            DoubleVector a0 = DoubleVector.broadcast(S, a[idx[t]]);
            DoubleVector a1 = DoubleVector.broadcast(S, a[idx[t + 1]]);
            DoubleVector a2 = DoubleVector.broadcast(S, a[idx[t + 2]]);
            DoubleVector a3 = DoubleVector.broadcast(S, a[idx[t + 3]]);
            double[] w0 = w[idx[t]];
            double[] w1 = w[idx[t + 1]];
            double[] w2 = w[idx[t + 2]];
            double[] w3 = w[idx[t + 3]];
            for (int j = 0; j < end; j += V) {
                DoubleVector c = DoubleVector.fromArray(S, o, j);
                c = DoubleVector.fromArray(S, w0, j).fma(a0, c);
                c = DoubleVector.fromArray(S, w1, j).fma(a1, c);
                c = DoubleVector.fromArray(S, w2, j).fma(a2, c);
                c = DoubleVector.fromArray(S, w3, j).fma(a3, c);
                c.intoArray(o, j);
            }
        }
        for (; t < n; t++) {
            DoubleVector a0 = DoubleVector.broadcast(S, a[idx[t]]);
            double[] w0 = w[idx[t]];
            for (int j = 0; j < end; j += V) {
                DoubleVector.fromArray(S, w0, j).fma(a0, DoubleVector.fromArray(S, o, j)).intoArray(o, j);
            }
        }
    }

    private static DoubleVector start(double[] bias, int j) {
        return bias == null ? DoubleVector.zero(S) : DoubleVector.fromArray(S, bias, j);
    }

    /** Rows r0..r0+7 times the matrix: strips of two vectors, sixteen accumulators. */
    private static void eight(double[][] in, int r0, double[][] w, int width, double[] bias, double[][] out, int[] idx, int n) {
        double[] a0 = in[r0];
        double[] a1 = in[r0 + 1];
        double[] a2 = in[r0 + 2];
        double[] a3 = in[r0 + 3];
        double[] a4 = in[r0 + 4];
        double[] a5 = in[r0 + 5];
        double[] a6 = in[r0 + 6];
        double[] a7 = in[r0 + 7];
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
            DoubleVector c40 = b0;
            DoubleVector c41 = b1;
            DoubleVector c50 = b0;
            DoubleVector c51 = b1;
            DoubleVector c60 = b0;
            DoubleVector c61 = b1;
            DoubleVector c70 = b0;
            DoubleVector c71 = b1;
            for (int t = 0; t < n; t++) {
                int k = idx[t];
                double[] wk = w[k];
                DoubleVector w0 = DoubleVector.fromArray(S, wk, j);
                DoubleVector w1 = DoubleVector.fromArray(S, wk, j + V);
                DoubleVector x = DoubleVector.broadcast(S, a0[k]);
                c00 = w0.fma(x, c00);
                c01 = w1.fma(x, c01);
                x = DoubleVector.broadcast(S, a1[k]);
                c10 = w0.fma(x, c10);
                c11 = w1.fma(x, c11);
                x = DoubleVector.broadcast(S, a2[k]);
                c20 = w0.fma(x, c20);
                c21 = w1.fma(x, c21);
                x = DoubleVector.broadcast(S, a3[k]);
                c30 = w0.fma(x, c30);
                c31 = w1.fma(x, c31);
                x = DoubleVector.broadcast(S, a4[k]);
                c40 = w0.fma(x, c40);
                c41 = w1.fma(x, c41);
                x = DoubleVector.broadcast(S, a5[k]);
                c50 = w0.fma(x, c50);
                c51 = w1.fma(x, c51);
                x = DoubleVector.broadcast(S, a6[k]);
                c60 = w0.fma(x, c60);
                c61 = w1.fma(x, c61);
                x = DoubleVector.broadcast(S, a7[k]);
                c70 = w0.fma(x, c70);
                c71 = w1.fma(x, c71);
            }
            c00.intoArray(out[r0], j);
            c01.intoArray(out[r0], j + V);
            c10.intoArray(out[r0 + 1], j);
            c11.intoArray(out[r0 + 1], j + V);
            c20.intoArray(out[r0 + 2], j);
            c21.intoArray(out[r0 + 2], j + V);
            c30.intoArray(out[r0 + 3], j);
            c31.intoArray(out[r0 + 3], j + V);
            c40.intoArray(out[r0 + 4], j);
            c41.intoArray(out[r0 + 4], j + V);
            c50.intoArray(out[r0 + 5], j);
            c51.intoArray(out[r0 + 5], j + V);
            c60.intoArray(out[r0 + 6], j);
            c61.intoArray(out[r0 + 6], j + V);
            c70.intoArray(out[r0 + 7], j);
            c71.intoArray(out[r0 + 7], j + V);
        }
        for (; j < end; j += V) {
            for (int r = r0; r < r0 + BLOCK; r++) {
                double[] a = in[r];
                DoubleVector c = start(bias, j);
                for (int t = 0; t < n; t++) {
                    int k = idx[t];
                    c = DoubleVector.fromArray(S, w[k], j).fma(DoubleVector.broadcast(S, a[k]), c);
                }
                c.intoArray(out[r], j);
            }
        }
    }
}
