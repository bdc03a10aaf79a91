package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;

/**
 * A layer that keeps every value where it is and changes at most the shape (reshape, identity, inference-time
 * dropout). Values are stored flat in row-major order, so such a layer is a view: identity math, Jacobian I,
 * and no generated code at all (the emitter hands its input buffer on as its output).
 */
public abstract class ShapeView extends Layer {

    protected ShapeView(String id, int[] inputShape, int[] outputShape) {
        super(id, inputShape, outputShape);
        if (inputSize() != outputSize()) {
            throw new IllegalArgumentException(id + ": a view cannot change the number of values, "
                    + inputSize() + " -> " + outputSize());
        }
    }

    @Override
    public final void forward(double[] x, double[] y) {
        System.arraycopy(x, 0, y, 0, inputSize());
    }

    @Override
    public final double[][] jacobian(double[] x, double[] y) {
        int n = inputSize();
        double[][] jac = new double[n][n];
        for (int j = 0; j < n; j++) {
            jac[j][j] = 1.0;
        }
        return jac;
    }

    @Override
    public final long rowCost() {
        return 0;
    }

    @Override
    public final long forwardCost() {
        return 0;
    }

    @Override
    public final boolean isView() {
        return true;
    }

    @Override
    public final CodeBlock forwardCode() {
        throw new UnsupportedOperationException(kind() + " is a view and has no code");
    }

    @Override
    public final CodeBlock tangentCode() {
        throw new UnsupportedOperationException(kind() + " is a view and has no code");
    }

    @Override
    public final CodeBlock cotangentCode() {
        throw new UnsupportedOperationException(kind() + " is a view and has no code");
    }
}
