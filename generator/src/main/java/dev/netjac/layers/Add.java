package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import java.util.List;

/** y = x0 + x1 + ... (Keras {@code Add}). Every local Jacobian is the identity. */
public final class Add extends MergeLayer {

    public Add(String id, List<int[]> inputShapes) {
        super(id, inputShapes, sameShapes("add", inputShapes));
    }

    @Override
    public String kind() {
        return "add";
    }

    @Override
    public void forward(double[][] inputs, double[] y) {
        for (int j = 0; j < outputSize(); j++) {
            double sum = 0;
            for (double[] x : inputs) {
                sum += x[j];
            }
            y[j] = sum;
        }
    }

    @Override
    public double[][] jacobian(int input, double[][] inputs, double[] y) {
        return identity(outputSize(), 1.0);
    }

    @Override
    public long rowCost() {
        return (long) arity() * outputSize();
    }

    @Override
    public long forwardCost() {
        return rowCost();
    }

    @Override
    public CodeBlock forwardCode() {
        return CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", outputSize())
                .addStatement("y[j] = $L", joined(" + ", i -> "x" + i + "[j]"))
                .endControlFlow()
                .build();
    }

    @Override
    public CodeBlock tangentCode() {
        return CodeBlock.builder()
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] o = out[r]")
                .beginControlFlow("for (int j = 0; j < $L; j++)", outputSize())
                .addStatement("o[j] = $L", joined(" + ", i -> "in" + i + "[r][j]"))
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    @Override
    public boolean isIdentity(int input) {
        return true;
    }

    @Override
    public CodeBlock cotangentCode(int input) {
        throw new UnsupportedOperationException("add passes every input's cotangent rows on unchanged");
    }
}
