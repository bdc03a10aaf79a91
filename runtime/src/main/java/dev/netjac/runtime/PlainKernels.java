package dev.netjac.runtime;

import java.util.Arrays;

/**
 * The kernels in plain Java. Each output row is built as a sum of weight rows, four at a time
 * ({@code o[j] += a0*w0[j] + a1*w1[j] + a2*w2[j] + a3*w3[j]}): contiguous axpy-style loops that C2
 * vectorizes, with one load and store of the output per four weight rows instead of per row.
 */
public final class PlainKernels implements Kernels.Impl {
    @Override
    public String name() {
        return "plain";
    }

    @Override
    public void rowsTimesMatrix(double[][] in, int rows, int inner, double[][] w, int width, double[] bias,
                                double[][] out, int[] scratch) {
        for (int r = 0; r < rows; r++) {
            row(in[r], inner, w, width, bias, out[r], scratch);
        }
    }

    @Override
    public void vectorTimesMatrix(double[] x, int inner, double[][] w, int width, double[] bias, double[] y, int[] scratch) {
        row(x, inner, w, width, bias, y, scratch);
    }

    @Override
    public void vectorTimesMatrix(double[] x, int inner, double[][] w, double[][] wT, int width, double[] bias,
                                  double[] y, int[] scratch) {
        row(x, inner, w, width, bias, y, scratch);
    }

    private static void row(double[] a, int inner, double[][] w, int width, double[] bias, double[] o, int[] idx) {
        if (bias == null) {
            Arrays.fill(o, 0, width, 0.0);
        } else {
            System.arraycopy(bias, 0, o, 0, width);
        }
        int n = 0;
        for (int k = 0; k < inner; k++) {
            if (a[k] != 0.0) {
                idx[n++] = k;
            }
        }
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
}
