package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.graph.Shapes;
import java.util.Arrays;

/**
 * {@code reduce_max} over a set of axes (ONNX's ReduceMax, numpy.max with a tuple of axes): each output is the
 * largest of its inputs. Derivative: y_o = x_{a(o)} with a(o) the argmax; ties go to the FIRST maximum in
 * row-major order over the reduced axes, the rule max pooling follows (a later equal value does not take over),
 * so the Jacobian row of o is one 1 at a(o). The derivative method records a(o); a tangent row is a gather and
 * a cotangent row a scatter onto zeros, one copy per output.
 */
public final class ReduceMax extends Layer {
    private final ReducedAxes r;
    private final int[] first;

    public ReduceMax(String id, int[] inputShape, int[] axes, boolean keepdims) {
        this(id, inputShape, new ReducedAxes(inputShape, axes, keepdims));
    }

    private ReduceMax(String id, int[] inputShape, ReducedAxes r) {
        super(id, inputShape, r.outputShape);
        this.r = r;
        this.first = r.firsts(outputSize());
    }

    @Override
    public String kind() {
        return "reduce_max";
    }

    @Override
    public String summary() {
        return "reduce_max " + r.describe() + " -> " + Shapes.toString(outputShape());
    }

    // ---- Reference ----

    /** The input position of each output's maximum: the first one in row-major order. */
    int[] argmax(double[] x) {
        int[] best = first.clone();
        for (int j = 0; j < inputSize(); j++) {
            int o = r.target[j];
            if (x[j] > x[best[o]]) { // strictly greater: a later equal value does not take over
                best[o] = j;
            }
        }
        return best;
    }

    @Override
    public void forward(double[] x, double[] y) {
        int[] best = argmax(x);
        for (int o = 0; o < outputSize(); o++) {
            y[o] = x[best[o]];
        }
    }

    @Override
    public double[][] jacobian(double[] x, double[] y) {
        double[][] jac = new double[outputSize()][inputSize()];
        int[] best = argmax(x);
        for (int o = 0; o < outputSize(); o++) {
            jac[o][best[o]] = 1.0;
        }
        return jac;
    }

    // ---- Cost: the forward pass compares every input, a row copies one value per output ----

    @Override
    public long rowCost() {
        return outputSize();
    }

    @Override
    public long forwardCost() {
        return inputSize();
    }

    // ---- Generated code ----

    private String targetField() {
        return id() + "Target";
    }

    private String firstField() {
        return id() + "First";
    }

    private String argmaxField() {
        return id() + "Argmax";
    }

    @Override
    public void declare(Members members) {
        members.indexTable(targetField(), id() + ".target", r.target);
        members.indexTable(firstField(), id() + ".first", first);
        members.intScratch(argmaxField(), outputSize());
    }

    @Override
    public CodeBlock forwardCode() {
        return CodeBlock.builder()
                .add("// y[o] = the largest input of o: start from its first, replace only when strictly greater\n")
                .addStatement("int[] t = $L", targetField())
                .addStatement("int[] f = $L", firstField())
                .beginControlFlow("for (int o = 0; o < $L; o++)", outputSize())
                .addStatement("y[o] = x[f[o]]")
                .endControlFlow()
                .beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                .beginControlFlow("if (x[j] > y[t[j]])")
                .addStatement("y[t[j]] = x[j]")
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    @Override
    public boolean hasDerivative() {
        return true;
    }

    @Override
    public CodeBlock derivativeCode() {
        return CodeBlock.builder()
                .add("// argmax[o] = input position of o's maximum; the first in row-major order wins ties\n")
                .addStatement("int[] t = $L", targetField())
                .addStatement("int[] argmax = $L", argmaxField())
                .addStatement("$T.arraycopy($L, 0, argmax, 0, $L)", System.class, firstField(), outputSize())
                .beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                .beginControlFlow("if (x[j] > x[argmax[t[j]]])")
                .addStatement("argmax[t[j]] = j")
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    @Override
    public CodeBlock tangentCode() {
        return CodeBlock.builder()
                .add("// out[r][o] = in[r][argmax[o]]: a gather\n")
                .addStatement("int[] argmax = $L", argmaxField())
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]")
                .beginControlFlow("for (int k = 0; k < $L; k++)", outputSize())
                .addStatement("o[k] = a[argmax[k]]")
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    /** The groups are disjoint, so each input receives at most one output's cotangent: a plain scatter. */
    @Override
    public CodeBlock cotangentCode() {
        return CodeBlock.builder()
                .add("// out[r][argmax[o]] = in[r][o] onto zeros: a scatter\n")
                .addStatement("int[] argmax = $L", argmaxField())
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]")
                .addStatement("$T.fill(o, 0, $L, 0.0)", Arrays.class, inputSize())
                .beginControlFlow("for (int k = 0; k < $L; k++)", outputSize())
                .addStatement("o[argmax[k]] = a[k]")
                .endControlFlow()
                .endControlFlow()
                .build();
    }
}
