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
        if (rows == 1 || "rows".equals(ORDER)) {
            for (int r = 0; r < rows; r++) {
                row(in[r], inner, w, width, bias, out[r], scratch);
            }
            return;
        }
        // Weight rows outermost: four weight rows (the k where any row's multiplier is nonzero) are applied to
        // every output row before the next four, so they are read from L1 once per output row instead of
        // streaming the whole matrix from L2 once per output row.
        for (int r = 0; r < rows; r++) {
            if (bias == null) {
                Arrays.fill(out[r], 0, width, 0.0);
            } else {
                System.arraycopy(bias, 0, out[r], 0, width);
            }
        }
        int n = 0;
        for (int k = 0; k < inner; k++) {
            for (int r = 0; r < rows; r++) {
                if (in[r][k] != 0.0) {
                    scratch[n++] = k;
                    break;
                }
            }
        }
        int t = 0;
        for (; t + 3 < n; t += 4) {
            int k0 = scratch[t];
            int k1 = scratch[t + 1];
            int k2 = scratch[t + 2];
            int k3 = scratch[t + 3];
            double[] w0 = w[k0];
            double[] w1 = w[k1];
            double[] w2 = w[k2];
            double[] w3 = w[k3];
            for (int r = 0; r < rows; r++) {
                double[] a = in[r];
                axpy4(a[k0], w0, a[k1], w1, a[k2], w2, a[k3], w3, out[r], width);
            }
        }
        for (; t < n; t++) {
            int k0 = scratch[t];
            double[] w0 = w[k0];
            for (int r = 0; r < rows; r++) {
                double a0 = in[r][k0];
                double[] o = out[r];
                for (int j = 0; j < width; j++) {
                    o[j] += a0 * w0[j];
                }
            }
        }
    }

    /** {@code -Dnetjac.plainOrder=rows} restores row-by-row order, for interleaved A/B measurements. */
    private static final String ORDER = System.getProperty("netjac.plainOrder", "weights");

    private static void axpy4(double a0, double[] w0, double a1, double[] w1, double a2, double[] w2, double a3,
                              double[] w3, double[] o, int width) {
        for (int j = 0; j < width; j++) {
            o[j] += a0 * w0[j] + a1 * w1[j] + a2 * w2[j] + a3 * w3[j];
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
