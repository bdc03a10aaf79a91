package dev.netjac.spark;

import dev.netjac.runtime.Network;
import java.util.Arrays;
import java.util.Comparator;

/**
 * What a user computes without Spark: the in-process class's batch calls, and each reduction written the
 * obvious way (not with the module's code), for bit-for-bit comparison.
 */
final class InProcess {
    final int m;
    final int n;
    final int rows;
    final double[] xs;
    final double[] ys;
    final double[] jacs;
    final double[] forwardYs;
    private final Network net;

    InProcess(Network net, double[] xs) {
        this.net = net;
        this.m = net.outputSize();
        this.n = net.inputSize();
        this.rows = xs.length / n;
        this.xs = xs;
        this.ys = new double[rows * m];
        this.jacs = new double[rows * m * n];
        this.forwardYs = new double[rows * m];
        net.jacobianBatch(xs, ys, jacs, rows);
        net.forwardBatch(xs, forwardYs, rows);
    }

    double[] output(int r) {
        return Arrays.copyOfRange(ys, r * m, (r + 1) * m);
    }

    double[] forwardOutput(int r) {
        return Arrays.copyOfRange(forwardYs, r * m, (r + 1) * m);
    }

    double[] jacobian(int r) {
        return Arrays.copyOfRange(jacs, r * m * n, (r + 1) * m * n);
    }

    double entry(int r, int i, int j) {
        return jacs[r * m * n + i * n + j];
    }

    double[] meanAbs(int r) {
        double[] s = new double[n];
        for (int j = 0; j < n; j++) {
            double sum = 0.0;
            for (int i = 0; i < m; i++) {
                sum += Math.abs(entry(r, i, j));
            }
            s[j] = sum / m;
        }
        return s;
    }

    double[] rowNorms(int r) {
        double[] norms = new double[m];
        for (int i = 0; i < m; i++) {
            double sum = 0.0;
            for (int j = 0; j < n; j++) {
                sum += entry(r, i, j) * entry(r, i, j);
            }
            norms[i] = Math.sqrt(sum);
        }
        return norms;
    }

    /** By sorting all indices: descending |J|, ties to the lower index. */
    int[] top(int r, int k) {
        int[] out = new int[m * k];
        for (int i = 0; i < m; i++) {
            final int output = i;
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) {
                order[j] = j;
            }
            Arrays.sort(order, Comparator.<Integer>comparingDouble(j -> -Math.abs(entry(r, output, j)))
                    .thenComparingInt(j -> j));
            for (int t = 0; t < k; t++) {
                out[i * k + t] = order[t];
            }
        }
        return out;
    }

    double[] vjp(int r, double[] v) {
        double[] out = new double[n];
        net.vjp(Arrays.copyOfRange(xs, r * n, (r + 1) * n), v, out);
        return out;
    }

    double[] jvp(int r, double[] u) {
        double[] out = new double[m];
        net.jvp(Arrays.copyOfRange(xs, r * n, (r + 1) * n), u, out);
        return out;
    }
}
