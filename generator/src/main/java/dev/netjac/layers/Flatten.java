package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.graph.Shapes;

/**
 * Flattens the input to rank 1. Values are already stored flat in row-major order, so this is a view:
 * identity math, no generated code.
 */
public final class Flatten extends Layer {

    public Flatten(String id, int[] inputShape) {
        super(id, inputShape, new int[] {Shapes.size(inputShape)});
    }

    @Override
    public String kind() {
        return "flatten";
    }

    @Override
    public void forward(double[] x, double[] y) {
        System.arraycopy(x, 0, y, 0, inputSize());
    }

    @Override
    public double[][] jacobian(double[] x, double[] y) {
        int n = inputSize();
        double[][] jac = new double[n][n];
        for (int j = 0; j < n; j++) {
            jac[j][j] = 1.0;
        }
        return jac;
    }

    @Override
    public long rowCost() {
        return 0;
    }

    @Override
    public long forwardCost() {
        return 0;
    }

    @Override
    public boolean isView() {
        return true;
    }

    @Override
    public CodeBlock forwardCode() {
        throw new UnsupportedOperationException("flatten is a view and has no code");
    }

    @Override
    public CodeBlock tangentCode() {
        throw new UnsupportedOperationException("flatten is a view and has no code");
    }

    @Override
    public CodeBlock cotangentCode() {
        throw new UnsupportedOperationException("flatten is a view and has no code");
    }
}
