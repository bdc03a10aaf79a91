package dev.netjac.spark;

import dev.netjac.runtime.Network;

/**
 * vᵀJ (reverse, {@link Network#vjp}) or J·u (forward, {@link Network#jvp}) with one fixed vector for every
 * row: one pass per row instead of the M (or N) passes of a full Jacobian.
 */
final class VectorProduct extends Reduction {
    private static final long serialVersionUID = 1L;

    private final boolean reverse;
    private final double[] vector;

    VectorProduct(String column, boolean reverse, double[] vector) {
        super(column, false, false);
        if (vector == null) {
            throw new IllegalArgumentException(column + ": the vector must not be null");
        }
        this.reverse = reverse;
        this.vector = vector.clone();
    }

    @Override
    void check(NetjacModel model) {
        int expected = reverse ? model.outputSize() : model.inputSize();
        if (vector.length != expected) {
            throw new IllegalArgumentException(column() + ": the vector has " + vector.length + " values, expected "
                    + expected + " (" + (reverse ? "the outputs" : "the inputs") + " of " + model.name() + ")");
        }
    }

    @Override
    int length(int m, int n) {
        return reverse ? n : m;
    }

    @Override
    Object value(Network net, double[] x, double[] jacs, int jacOff, int m, int n) {
        double[] out = new double[reverse ? n : m];
        if (reverse) {
            net.vjp(x, vector, out);
        } else {
            net.jvp(x, vector, out);
        }
        return out;
    }
}
