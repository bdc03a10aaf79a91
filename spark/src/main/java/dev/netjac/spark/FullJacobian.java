package dev.netjac.spark;

import dev.netjac.runtime.Network;
import java.util.Arrays;

/** The row's M×N Jacobian, row-major. */
final class FullJacobian extends Reduction {
    private static final long serialVersionUID = 1L;

    FullJacobian() {
        super("jacobian", true, false);
    }

    @Override
    int length(int m, int n) {
        return m * n;
    }

    @Override
    Object value(Network net, double[] x, double[] jacs, int jacOff, int m, int n) {
        return Arrays.copyOfRange(jacs, jacOff, jacOff + m * n);
    }
}
