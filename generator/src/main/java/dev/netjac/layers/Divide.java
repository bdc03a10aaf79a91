package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import java.util.List;

/**
 * y = x0 / x1 elementwise (ONNX's {@code Div} between two computed tensors; a division by a constant is an
 * {@link Affine}). Local Jacobians diag(1/x1) and diag(−x0/x1²) = diag(−y/x1), so rows are scaled, never
 * multiplied by a matrix. Division by zero follows IEEE arithmetic (±∞ or NaN), as NumPy and torch do.
 */
public final class Divide extends MergeLayer {

    public Divide(String id, List<int[]> inputShapes) {
        super(id, inputShapes, sameShapes("divide", inputShapes));
        if (inputShapes.size() != 2) {
            throw new IllegalArgumentException("divide needs exactly two inputs, found " + inputShapes.size());
        }
    }

    @Override
    public String kind() {
        return "divide";
    }

    @Override
    public void forward(double[][] inputs, double[] y) {
        for (int j = 0; j < outputSize(); j++) {
            y[j] = inputs[0][j] / inputs[1][j];
        }
    }

    @Override
    public double[][] jacobian(int input, double[][] inputs, double[] y) {
        int n = outputSize();
        double[][] jac = new double[n][n];
        for (int j = 0; j < n; j++) {
            double b = inputs[1][j];
            jac[j][j] = input == 0 ? 1.0 / b : -(inputs[0][j] / b) / b;
        }
        return jac;
    }

    /** One scaled value per input and output. */
    @Override
    public long rowCost() {
        return 2L * outputSize();
    }

    @Override
    public long forwardCost() {
        return outputSize();
    }

    @Override
    public CodeBlock forwardCode() {
        return CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", outputSize())
                .addStatement("y[j] = x0[j] / x1[j]")
                .endControlFlow()
                .build();
    }

    /** out = (t0 − y·t1) / x1. */
    @Override
    public CodeBlock tangentCode() {
        return CodeBlock.builder()
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in0[r]")
                .addStatement("double[] b = in1[r]")
                .addStatement("double[] o = out[r]")
                .beginControlFlow("for (int j = 0; j < $L; j++)", outputSize())
                .addStatement("o[j] = (a[j] - y[j] * b[j]) / x1[j]")
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    /** Input 0: g / x1; input 1: −g·y / x1. */
    @Override
    public CodeBlock cotangentCode(int input) {
        return CodeBlock.builder()
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]")
                .beginControlFlow("for (int j = 0; j < $L; j++)", outputSize())
                .addStatement(input == 0 ? "o[j] = a[j] / x1[j]" : "o[j] = -(a[j] * y[j]) / x1[j]")
                .endControlFlow()
                .endControlFlow()
                .build();
    }
}
