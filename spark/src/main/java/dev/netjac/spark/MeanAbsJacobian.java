package dev.netjac.spark;

import dev.netjac.runtime.Network;

/** s_j = (Σ_i |J[i][j]|) / M, summed over i in ascending order. */
final class MeanAbsJacobian extends Reduction {
    private static final long serialVersionUID = 1L;

    MeanAbsJacobian() {
        super("mean_abs_jacobian", true, false);
    }

    @Override
    int length(int m, int n) {
        return n;
    }

    @Override
    Object value(Network net, double[] x, double[] jacs, int jacOff, int m, int n) {
        double[] s = new double[n];
        for (int i = 0; i < m; i++) {
            int row = jacOff + i * n;
            for (int j = 0; j < n; j++) {
                s[j] += Math.abs(jacs[row + j]);
            }
        }
        for (int j = 0; j < n; j++) {
            s[j] /= m;
        }
        return s;
    }
}
