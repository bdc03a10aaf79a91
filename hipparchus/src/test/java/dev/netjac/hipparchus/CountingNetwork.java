package dev.netjac.hipparchus;

import dev.netjac.runtime.Network;

/**
 * A network that counts the calls made to it and records the range of inputs it saw, so tests can assert that
 * one fused {@code jacobian} call served each evaluation and that bounded solves never left the box.
 */
final class CountingNetwork implements Network {
    private final Network delegate;
    int forwardCalls;
    int jacobianCalls;
    int otherCalls;
    final double[] minSeen;
    final double[] maxSeen;

    CountingNetwork(Network delegate) {
        this.delegate = delegate;
        this.minSeen = new double[delegate.inputSize()];
        this.maxSeen = new double[delegate.inputSize()];
        java.util.Arrays.fill(minSeen, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(maxSeen, Double.NEGATIVE_INFINITY);
    }

    private void saw(double[] x) {
        for (int j = 0; j < x.length; j++) {
            minSeen[j] = Math.min(minSeen[j], x[j]);
            maxSeen[j] = Math.max(maxSeen[j], x[j]);
        }
    }

    @Override public int inputSize() { return delegate.inputSize(); }
    @Override public int outputSize() { return delegate.outputSize(); }
    @Override public int[] inputShape() { return delegate.inputShape(); }
    @Override public int[] outputShape() { return delegate.outputShape(); }

    @Override
    public void forward(double[] x, double[] y) {
        forwardCalls++;
        saw(x);
        delegate.forward(x, y);
    }

    @Override
    public void jacobian(double[] x, double[] y, double[] jac) {
        jacobianCalls++;
        saw(x);
        delegate.jacobian(x, y, jac);
    }

    @Override
    public void vjp(double[] x, double[] v, double[] out) {
        otherCalls++;
        delegate.vjp(x, v, out);
    }

    @Override
    public void jvp(double[] x, double[] u, double[] out) {
        otherCalls++;
        delegate.jvp(x, u, out);
    }

    @Override
    public void forwardBatch(double[] xs, double[] ys, int count) {
        otherCalls++;
        delegate.forwardBatch(xs, ys, count);
    }

    @Override
    public void jacobianBatch(double[] xs, double[] ys, double[] jacs, int count) {
        otherCalls++;
        delegate.jacobianBatch(xs, ys, jacs, count);
    }

    @Override
    public Network newInstance() {
        return new CountingNetwork(delegate.newInstance());
    }
}
