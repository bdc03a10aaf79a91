package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.codegen.Literals;
import dev.netjac.graph.Shapes;
import java.util.Arrays;

/**
 * Global max or average pooling over every position of a [steps, C] (1D) or [H, W, C] (2D) input: one value
 * per channel, output [C], or [1, C] / [1, 1, C] with keepdims (same values either way).
 *
 * <p>Position p's channel c is input x[p·C + c], P positions in all. Average: y_c = Σ_p x[p·C + c] / P,
 * a fixed linear map (∂y_c/∂x[p·C + c] = 1/P). Max: y_c = x[a(c)] with a(c) the first maximum in position
 * order (the row-major scan, TensorFlow's tie convention, as in {@link MaxPooling}); the derivative method
 * records a(c) in an int scratch, tangents gather and cotangents scatter.
 */
public final class GlobalPooling extends Layer {
    private final boolean max;
    private final boolean keepdims;
    private final int positions;
    private final int channels;

    /**
     * @param inputShape [steps, C] or [H, W, C]
     * @param max max pooling when true, average pooling when false
     */
    public GlobalPooling(String id, int[] inputShape, boolean max, boolean keepdims) {
        super(id, inputShape, outputShape(inputShape, keepdims));
        this.max = max;
        this.keepdims = keepdims;
        this.channels = inputShape[inputShape.length - 1];
        this.positions = Shapes.size(inputShape) / channels;
    }

    private static int[] outputShape(int[] inputShape, boolean keepdims) {
        if (inputShape.length != 2 && inputShape.length != 3) {
            throw new IllegalArgumentException("global pooling expects an input of rank 2 [steps, channels] or 3"
                    + " [height, width, channels], found rank " + inputShape.length);
        }
        int[] shape = new int[keepdims ? inputShape.length : 1];
        Arrays.fill(shape, 1);
        shape[shape.length - 1] = inputShape[inputShape.length - 1];
        return shape;
    }

    public boolean isMax() {
        return max;
    }

    public boolean keepdims() {
        return keepdims;
    }

    @Override
    public String kind() {
        return "global_" + (max ? "max" : "average") + "_pooling" + (inputShape().length - 1) + "d";
    }

    @Override
    public String summary() {
        return kind() + (keepdims ? " (keepdims)" : "") + " -> " + Shapes.toString(outputShape());
    }

    // ---- Reference math ----

    /** The input index of channel c's maximum: the first in position order. */
    int argmax(double[] x, int c) {
        int best = c;
        for (int p = 1; p < positions; p++) {
            if (x[p * channels + c] > x[best]) {
                best = p * channels + c;
            }
        }
        return best;
    }

    @Override
    public void forward(double[] x, double[] y) {
        for (int c = 0; c < channels; c++) {
            if (max) {
                y[c] = x[argmax(x, c)];
            } else {
                double sum = 0.0;
                for (int p = 0; p < positions; p++) {
                    sum += x[p * channels + c];
                }
                y[c] = sum / positions;
            }
        }
    }

    @Override
    public double[][] jacobian(double[] x, double[] y) {
        double[][] jac = new double[channels][inputSize()];
        for (int c = 0; c < channels; c++) {
            if (max) {
                jac[c][argmax(x, c)] = 1.0;
            } else {
                for (int p = 0; p < positions; p++) {
                    jac[c][p * channels + c] = 1.0 / positions;
                }
            }
        }
        return jac;
    }

    // ---- Cost ----

    /** Max: one gather or scatter per channel. Average: one multiply-add per input. */
    @Override
    public long rowCost() {
        return max ? channels : inputSize();
    }

    @Override
    public long forwardCost() {
        return inputSize();
    }

    // ---- Generated code ----

    private String argmaxField() {
        return id() + "Argmax";
    }

    @Override
    public void declare(Members members) {
        if (max) {
            members.intScratch(argmaxField(), channels);
        }
    }

    @Override
    public CodeBlock forwardCode() {
        CodeBlock.Builder code = CodeBlock.builder();
        if (max) {
            code.add("// y[c] = max over positions p of x[p * C + c]\n")
                    .addStatement("$T.arraycopy(x, 0, y, 0, $L)", System.class, channels)
                    .beginControlFlow("for (int p = 1; p < $L; p++)", positions)
                    .addStatement("int base = p * $L", channels)
                    .beginControlFlow("for (int c = 0; c < $L; c++)", channels)
                    .addStatement("double v = x[base + c]")
                    .beginControlFlow("if (v > y[c])")
                    .addStatement("y[c] = v")
                    .endControlFlow()
                    .endControlFlow()
                    .endControlFlow();
        } else {
            code.add("// y[c] = mean over positions p of x[p * C + c]\n")
                    .addStatement("$T.fill(y, 0, $L, 0.0)", Arrays.class, channels)
                    .beginControlFlow("for (int p = 0; p < $L; p++)", positions)
                    .addStatement("int base = p * $L", channels)
                    .beginControlFlow("for (int c = 0; c < $L; c++)", channels)
                    .addStatement("y[c] += x[base + c]")
                    .endControlFlow()
                    .endControlFlow()
                    .beginControlFlow("for (int c = 0; c < $L; c++)", channels)
                    .addStatement("y[c] /= $L", positions + ".0")
                    .endControlFlow();
        }
        return code.build();
    }

    /** Max pooling records each channel's argmax; averages need nothing. */
    @Override
    public boolean hasDerivative() {
        return max;
    }

    @Override
    public CodeBlock derivativeCode() {
        return CodeBlock.builder()
                .add("// argmax[c] = input index of channel c's maximum; the first position wins ties\n")
                .addStatement("int[] argmax = $L", argmaxField())
                .beginControlFlow("for (int c = 0; c < $L; c++)", channels)
                .addStatement("argmax[c] = c")
                .endControlFlow()
                .beginControlFlow("for (int p = 1; p < $L; p++)", positions)
                .addStatement("int base = p * $L", channels)
                .beginControlFlow("for (int c = 0; c < $L; c++)", channels)
                .beginControlFlow("if (x[base + c] > x[argmax[c]])")
                .addStatement("argmax[c] = base + c")
                .endControlFlow()
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    @Override
    public CodeBlock tangentCode() {
        CodeBlock.Builder code = CodeBlock.builder();
        if (max) {
            code.add("// out[r][c] = in[r][argmax[c]]: a gather\n")
                    .addStatement("int[] argmax = $L", argmaxField())
                    .beginControlFlow("for (int r = 0; r < rows; r++)")
                    .addStatement("double[] a = in[r]")
                    .addStatement("double[] o = out[r]")
                    .beginControlFlow("for (int c = 0; c < $L; c++)", channels)
                    .addStatement("o[c] = a[argmax[c]]")
                    .endControlFlow()
                    .endControlFlow();
        } else {
            code.add("// out[r][c] = sum over positions p of in[r][p * C + c] / P\n")
                    .beginControlFlow("for (int r = 0; r < rows; r++)")
                    .addStatement("double[] a = in[r]")
                    .addStatement("double[] o = out[r]")
                    .addStatement("$T.fill(o, 0, $L, 0.0)", Arrays.class, channels)
                    .beginControlFlow("for (int p = 0; p < $L; p++)", positions)
                    .addStatement("int base = p * $L", channels)
                    .beginControlFlow("for (int c = 0; c < $L; c++)", channels)
                    .addStatement("o[c] += a[base + c]")
                    .endControlFlow()
                    .endControlFlow()
                    .beginControlFlow("for (int c = 0; c < $L; c++)", channels)
                    .addStatement("o[c] *= $L", Literals.of(1.0 / positions))
                    .endControlFlow()
                    .endControlFlow();
        }
        return code.build();
    }

    @Override
    public CodeBlock cotangentCode() {
        CodeBlock.Builder code = CodeBlock.builder();
        if (max) {
            code.add("// out[r][argmax[c]] += in[r][c]: a scatter-add onto zeros; zero multipliers skipped\n")
                    .addStatement("int[] argmax = $L", argmaxField())
                    .beginControlFlow("for (int r = 0; r < rows; r++)")
                    .addStatement("double[] a = in[r]")
                    .addStatement("double[] o = out[r]")
                    .addStatement("$T.fill(o, 0, $L, 0.0)", Arrays.class, inputSize())
                    .beginControlFlow("for (int c = 0; c < $L; c++)", channels)
                    .addStatement("double gc = a[c]")
                    .beginControlFlow("if (gc != 0.0)")
                    .addStatement("o[argmax[c]] += gc")
                    .endControlFlow()
                    .endControlFlow()
                    .endControlFlow();
        } else {
            code.add("// out[r][p * C + c] = in[r][c] / P at every position p\n")
                    .beginControlFlow("for (int r = 0; r < rows; r++)")
                    .addStatement("double[] a = in[r]")
                    .addStatement("double[] o = out[r]")
                    .beginControlFlow("for (int p = 0; p < $L; p++)", positions)
                    .addStatement("int base = p * $L", channels)
                    .beginControlFlow("for (int c = 0; c < $L; c++)", channels)
                    .addStatement("o[base + c] = a[c] * $L", Literals.of(1.0 / positions))
                    .endControlFlow()
                    .endControlFlow()
                    .endControlFlow();
        }
        return code.build();
    }
}
