package dev.netjac.spark;

import dev.netjac.runtime.Network;

/**
 * For each output i, the k input indices of largest |J[i][j]|, largest first, ties to the lower index (NaN
 * counts as largest, so a broken row shows up). A partial selection sort: k·N comparisons per output, no
 * boxing, no sort buffers; k is small (a handful of features) where this is used.
 */
final class TopInputs extends Reduction {
    private static final long serialVersionUID = 1L;

    private final int k;

    TopInputs(int k) {
        super("top_inputs", true, true);
        this.k = k;
    }

    @Override
    void check(NetjacModel model) {
        if (k > model.inputSize()) {
            throw new IllegalArgumentException("top_inputs: k is " + k + ", expected at most the "
                    + model.inputSize() + " inputs of " + model.name());
        }
    }

    @Override
    int length(int m, int n) {
        return m * k;
    }

    @Override
    Object value(Network net, double[] x, double[] jacs, int jacOff, int m, int n) {
        int[] top = new int[m * k];
        for (int i = 0; i < m; i++) {
            int row = jacOff + i * n;
            for (int t = 0; t < k; t++) {
                int best = -1;
                double bestValue = 0.0;
                for (int j = 0; j < n; j++) {
                    if (taken(top, i * k, t, j)) {
                        continue;
                    }
                    double v = Math.abs(jacs[row + j]);
                    if (best < 0 || greater(v, bestValue)) {
                        best = j;
                        bestValue = v;
                    }
                }
                top[i * k + t] = best;
            }
        }
        return top;
    }

    /** Strictly greater, with NaN above everything (Double.compare's order). */
    private static boolean greater(double a, double b) {
        return Double.compare(a, b) > 0;
    }

    private static boolean taken(int[] top, int start, int count, int j) {
        for (int t = 0; t < count; t++) {
            if (top[start + t] == j) {
                return true;
            }
        }
        return false;
    }
}
