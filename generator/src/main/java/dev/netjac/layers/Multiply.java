package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import java.util.List;

/**
 * y = x0 ⊙ x1 ⊙ ... (Keras {@code Multiply}). The local Jacobian for input i is diagonal, the product of
 * the other inputs, so rows are scaled, never multiplied by a matrix.
 */
public final class Multiply extends MergeLayer {

    public Multiply(String id, List<int[]> inputShapes) {
        super(id, inputShapes, sameShapes("multiply", inputShapes));
    }

    @Override
    public String kind() {
        return "multiply";
    }

    @Override
    public void forward(double[][] inputs, double[] y) {
        for (int j = 0; j < outputSize(); j++) {
            double product = 1;
            for (double[] x : inputs) {
                product *= x[j];
            }
            y[j] = product;
        }
    }

    @Override
    public double[][] jacobian(int input, double[][] inputs, double[] y) {
        int n = outputSize();
        double[][] jac = new double[n][n];
        for (int j = 0; j < n; j++) {
            double others = 1;
            for (int i = 0; i < inputs.length; i++) {
                if (i != input) {
                    others *= inputs[i][j];
                }
            }
            jac[j][j] = others;
        }
        return jac;
    }

    @Override
    public long rowCost() {
        return (long) arity() * arity() * outputSize();
    }

    @Override
    public long forwardCost() {
        return (long) arity() * outputSize();
    }

    /** "x1[j] * x2[j]": the product of every input but {@code skip}. */
    private String others(int skip) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < arity(); i++) {
            if (i != skip) {
                sb.append(sb.length() == 0 ? "" : " * ").append("x").append(i).append("[j]");
            }
        }
        return sb.toString();
    }

    @Override
    public CodeBlock forwardCode() {
        return CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", outputSize())
                .addStatement("y[j] = $L", joined(" * ", i -> "x" + i + "[j]"))
                .endControlFlow()
                .build();
    }

    @Override
    public CodeBlock tangentCode() {
        return CodeBlock.builder()
                .add("// out = sum over inputs i of in_i scaled by the product of the other inputs\n")
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] o = out[r]")
                .beginControlFlow("for (int j = 0; j < $L; j++)", outputSize())
                .addStatement("o[j] = $L", joined(" + ", i -> "in" + i + "[r][j] * " + others(i)))
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    @Override
    public CodeBlock cotangentCode(int input) {
        return CodeBlock.builder()
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]")
                .beginControlFlow("for (int j = 0; j < $L; j++)", outputSize())
                .addStatement("o[j] = a[j] * $L", others(input))
                .endControlFlow()
                .endControlFlow()
                .build();
    }
}
