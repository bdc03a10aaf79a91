package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.codegen.Literals;
import dev.netjac.graph.Shapes;
import java.util.Arrays;

/**
 * {@code reduce_sum} and {@code reduce_mean} over a set of axes (ONNX's ReduceSum / ReduceMean, NumPy's
 * {@code sum}/{@code mean} with a tuple of axes): y_o = scale · Σ x_j over the inputs j of output o, scale 1 or
 * 1/count. Linear, so the Jacobian is constant: J[o][j] = scale where j belongs to o. With one table giving each
 * input's output, the forward pass and a tangent row are a scatter-add, a cotangent row a gather; one
 * multiply-add per input either way.
 */
public final class ReduceSum extends Layer {
    private final ReducedAxes r;
    private final boolean mean;
    private final double scale;

    public ReduceSum(String id, int[] inputShape, int[] axes, boolean keepdims, boolean mean) {
        this(id, inputShape, new ReducedAxes(inputShape, axes, keepdims), mean);
    }

    private ReduceSum(String id, int[] inputShape, ReducedAxes r, boolean mean) {
        super(id, inputShape, r.outputShape);
        this.r = r;
        this.mean = mean;
        this.scale = mean ? 1.0 / r.count : 1.0;
    }

    @Override
    public String kind() {
        return mean ? "reduce_mean" : "reduce_sum";
    }

    @Override
    public String summary() {
        return kind() + " " + r.describe() + " -> " + Shapes.toString(outputShape());
    }

    // ---- Reference ----

    @Override
    public void forward(double[] x, double[] y) {
        Arrays.fill(y, 0, outputSize(), 0.0);
        for (int j = 0; j < inputSize(); j++) {
            y[r.target[j]] += x[j] * scale;
        }
    }

    @Override
    public double[][] jacobian(double[] x, double[] y) {
        double[][] jac = new double[outputSize()][inputSize()];
        for (int j = 0; j < inputSize(); j++) {
            jac[r.target[j]][j] = scale;
        }
        return jac;
    }

    // ---- Cost: one multiply-add per input ----

    @Override
    public long rowCost() {
        return inputSize();
    }

    @Override
    public long forwardCost() {
        return inputSize();
    }

    // ---- Generated code ----

    private String targetField() {
        return id() + "Target";
    }

    @Override
    public void declare(Members members) {
        members.indexTable(targetField(), id() + ".target", r.target);
    }

    private String scaled(String value) {
        return mean ? value + " * " + Literals.of(scale) : value;
    }

    /** dst[target[j]] += scale · src[j] onto zeros. */
    private CodeBlock scatter(String src, String dst) {
        return CodeBlock.builder()
                .addStatement("double[] a = $L", src)
                .addStatement("double[] o = $L", dst)
                .addStatement("int[] t = $L", targetField())
                .addStatement("$T.fill(o, 0, $L, 0.0)", Arrays.class, outputSize())
                .beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                .addStatement("o[t[j]] += $L", scaled("a[j]"))
                .endControlFlow()
                .build();
    }

    @Override
    public CodeBlock forwardCode() {
        return scatter("x", "y");
    }

    @Override
    public CodeBlock tangentCode() {
        return CodeBlock.builder()
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .add(scatter("in[r]", "out[r]"))
                .endControlFlow()
                .build();
    }

    /** out[j] = scale · in[target[j]]: every input gets its output's cotangent. */
    @Override
    public CodeBlock cotangentCode() {
        return CodeBlock.builder()
                .addStatement("int[] t = $L", targetField())
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]")
                .beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                .addStatement("o[j] = $L", scaled("a[t[j]]"))
                .endControlFlow()
                .endControlFlow()
                .build();
    }
}
