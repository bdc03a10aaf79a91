package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.graph.Shapes;

/**
 * y = softmax(x) = exp(x - max x) / Σ exp(x - max x), stable for any x, over the last axis: a rank-1 input is
 * one group, an input [..., n] is normalized over each run of n at every leading position (Keras's
 * {@code Softmax} layer with its default axis -1).
 *
 * <p>Its Jacobian is block diagonal with blocks diag(s) − s·sᵀ (s = y of the group), symmetric, so tangent and
 * cotangent rows use the same rule, s ⊙ (g − (g·s)) per group, written pivoted on the argmax so that it keeps
 * full relative accuracy through a saturated softmax (see {@link #propagate}): three passes over the row,
 * never a matrix.
 */
public final class Softmax extends Layer {
    private final AxisGroups groups;

    public Softmax(String id, int size) {
        this(id, new int[] {size});
    }

    /** Softmax over the last axis of {@code shape}. */
    public Softmax(String id, int[] shape) {
        this(id, shape, shape.length - 1);
    }

    /** Softmax over {@code axis} (0 ≤ axis &lt; rank, no batch axis) of {@code shape}. */
    public Softmax(String id, int[] shape, int axis) {
        super(id, shape, shape);
        this.groups = new AxisGroups(shape, axis);
    }

    @Override
    public String kind() {
        return "softmax";
    }

    @Override
    public String summary() {
        return kind() + (groups.lastAxis() ? "" : " along axis " + groups.axis) + " -> " + Shapes.toString(outputShape());
    }

    @Override
    public void forward(double[] x, double[] y) {
        for (int base : groups.bases()) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = base; j < groups.end(base); j += groups.stride) {
                max = Math.max(max, x[j]);
            }
            double sum = 0.0;
            for (int j = base; j < groups.end(base); j += groups.stride) {
                y[j] = Math.exp(x[j] - max);
                sum += y[j];
            }
            for (int j = base; j < groups.end(base); j += groups.stride) {
                y[j] /= sum;
            }
        }
    }

    @Override
    public double[][] jacobian(double[] x, double[] y) {
        return local(y, -1.0);
    }

    /** The two terms of each entry, added as magnitudes: they cancel when the softmax saturates. */
    @Override
    public double[][] jacobianMagnitude(double[] x, double[] y) {
        return local(y, 1.0);
    }

    /** Per group, entry (i, j) is {@code (i == j ? y[i] : 0) + sign * y[i] * y[j]}: the Jacobian for sign −1. */
    private double[][] local(double[] y, double sign) {
        int size = inputSize();
        double[][] jac = new double[size][size];
        for (int i = 0; i < size; i++) {
            int base = groups.base(i);
            for (int j = base; j < groups.end(base); j += groups.stride) {
                jac[i][j] = (i == j ? y[i] : 0.0) + sign * y[i] * y[j];
            }
        }
        return jac;
    }

    @Override
    public long rowCost() {
        return 2L * inputSize();
    }

    @Override
    public long forwardCost() {
        return 3L * inputSize();
    }

    @Override
    public CodeBlock forwardCode() {
        CodeBlock.Builder code = CodeBlock.builder();
        groups.openGroups(code);
        code.addStatement("double max = $T.NEGATIVE_INFINITY", Double.class);
        groups.openElements(code);
        code.addStatement("max = $T.max(max, x[j])", Math.class)
                .endControlFlow()
                .addStatement("double sum = 0.0");
        groups.openElements(code);
        code.addStatement("double e = $T.exp(x[j] - max)", Math.class)
                .addStatement("y[j] = e")
                .addStatement("sum += e")
                .endControlFlow()
                .addStatement("double scale = 1.0 / sum");
        groups.openElements(code);
        code.addStatement("y[j] *= scale")
                .endControlFlow();
        groups.closeGroups(code);
        return code.build();
    }

    @Override
    public CodeBlock tangentCode() {
        return propagate();
    }

    @Override
    public CodeBlock cotangentCode() {
        return propagate();
    }

    /**
     * Per group, with m the argmax of s: row − row·s = (row − row[m]) − c, c = Σ_j s_j (row_j − row[m]), since
     * Σ s = 1. The textbook s ⊙ (row − row·s) subtracts two numbers near row[m] when s saturates (s_m = 1 − ε)
     * and keeps only ~ε/2⁻⁵³ of the result's digits; relative to row[m] every term here is small, so each
     * entry keeps full relative accuracy (the j = m term of c is exactly zero).
     */
    private CodeBlock propagate() {
        CodeBlock.Builder code = CodeBlock.builder()
                .add("// row <- s * ((row - row[m]) - c), c = sum_j s_j (row_j - row[m]), m = argmax s$L:\n",
                        groups.describe())
                .add("// s * (row - (row . s)) without cancelling near row[m]; diag(s) - s s^T is symmetric\n")
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]");
        groups.openGroups(code);
        code.addStatement("int m = $L", groups.single() ? "0" : "base");
        groups.openElements(code);
        code.beginControlFlow("if (y[j] > y[m])")
                .addStatement("m = j")
                .endControlFlow()
                .endControlFlow()
                .addStatement("double am = a[m]")
                .addStatement("double c = 0.0");
        groups.openElements(code);
        code.addStatement("c += y[j] * (a[j] - am)")
                .endControlFlow();
        groups.openElements(code);
        code.addStatement("o[j] = y[j] * ((a[j] - am) - c)")
                .endControlFlow();
        groups.closeGroups(code);
        return code.endControlFlow().build();
    }

    @Override
    public boolean hasSymmetricJacobian() {
        return true;
    }

    @Override
    public boolean propagatesInPlace() {
        return true;
    }
}
