package dev.netjac.spark;

import dev.netjac.runtime.Network;

/** ‖J[i][·]‖₂ = sqrt(Σ_j J[i][j]²) per output i, summed over j in ascending order. */
final class RowNorms extends Reduction {
    private static final long serialVersionUID = 1L;

    RowNorms() {
        super("jacobian_row_norms", true, false);
    }

    @Override
    int length(int m, int n) {
        return m;
    }

    @Override
    Object value(Network net, double[] x, double[] jacs, int jacOff, int m, int n) {
        double[] norms = new double[m];
        for (int i = 0; i < m; i++) {
            int row = jacOff + i * n;
            double sum = 0.0;
            for (int j = 0; j < n; j++) {
                double v = jacs[row + j];
                sum += v * v;
            }
            norms[i] = Math.sqrt(sum);
        }
        return norms;
    }
}
