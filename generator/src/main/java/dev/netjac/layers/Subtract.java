package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import java.util.List;

/** y = x0 − x1 (Keras {@code Subtract}): local Jacobians I and −I. */
public final class Subtract extends MergeLayer {

    public Subtract(String id, List<int[]> inputShapes) {
        super(id, inputShapes, sameShapes("subtract", inputShapes));
        if (inputShapes.size() != 2) {
            throw new IllegalArgumentException("subtract needs exactly two inputs, found " + inputShapes.size());
        }
    }

    @Override
    public String kind() {
        return "subtract";
    }

    @Override
    public void forward(double[][] inputs, double[] y) {
        for (int j = 0; j < outputSize(); j++) {
            y[j] = inputs[0][j] - inputs[1][j];
        }
    }

    @Override
    public double[][] jacobian(int input, double[][] inputs, double[] y) {
        return identity(outputSize(), input == 0 ? 1.0 : -1.0);
    }

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
                .addStatement("y[j] = x0[j] - x1[j]")
                .endControlFlow()
                .build();
    }

    @Override
    public CodeBlock tangentCode() {
        return CodeBlock.builder()
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in0[r]")
                .addStatement("double[] b = in1[r]")
                .addStatement("double[] o = out[r]")
                .beginControlFlow("for (int j = 0; j < $L; j++)", outputSize())
                .addStatement("o[j] = a[j] - b[j]")
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    @Override
    public boolean isIdentity(int input) {
        return input == 0;
    }

    @Override
    public CodeBlock cotangentCode(int input) {
        if (isIdentity(input)) {
            throw new UnsupportedOperationException("subtract passes its first input's cotangent rows on unchanged");
        }
        return CodeBlock.builder()
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]")
                .beginControlFlow("for (int j = 0; j < $L; j++)", outputSize())
                .addStatement("o[j] = -a[j]")
                .endControlFlow()
                .endControlFlow()
                .build();
    }
}
