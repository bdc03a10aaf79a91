package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.graph.Shapes;

/**
 * y = log_softmax(x) = x − max x − log Σ exp(x − max x), stable for any x, over the last axis (one group for a
 * rank-1 input, each run of n at every leading position for [..., n]).
 *
 * <p>Its Jacobian is block diagonal with blocks I − 1·sᵀ, s = softmax(x) = exp(y) of the group, which are not
 * symmetric: a tangent row t maps to t − (s·t), a cotangent row g to g − s·Σg, per group. s is computed once
 * per call into scratch. Both are written so that they keep full relative accuracy when s saturates
 * (s_m = 1 − ε at the argmax m): pivoted on m, and with 1 − s_m taken as −expm1(y_m).
 */
public final class LogSoftmax extends Layer {
    private final AxisGroups groups;

    public LogSoftmax(String id, int size) {
        this(id, new int[] {size});
    }

    /** log_softmax over the last axis of {@code shape}. */
    public LogSoftmax(String id, int[] shape) {
        this(id, shape, shape.length - 1);
    }

    /** Log-softmax over {@code axis} (0 ≤ axis &lt; rank, no batch axis) of {@code shape}. */
    public LogSoftmax(String id, int[] shape, int axis) {
        super(id, shape, shape);
        this.groups = new AxisGroups(shape, axis);
    }

    @Override
    public String kind() {
        return "log_softmax";
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
            int m = base;
            for (int j = base; j < groups.end(base); j += groups.stride) {
                m = x[j] > x[m] ? j : m;
            }
            double rest = 0.0;
            for (int j = base; j < groups.end(base); j += groups.stride) {
                rest += j == m ? 0.0 : Math.exp(x[j] - max);
            }
            double logSum = Math.log1p(rest);
            for (int j = base; j < groups.end(base); j += groups.stride) {
                y[j] = (x[j] - max) - logSum;
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

    /** Per group, entry (i, j) is {@code (i == j ? 1.0 : 0) + sign * Math.exp(y[j])}: the Jacobian for sign −1. */
    private double[][] local(double[] y, double sign) {
        int size = inputSize();
        double[][] jac = new double[size][size];
        for (int i = 0; i < size; i++) {
            int base = groups.base(i);
            for (int j = base; j < groups.end(base); j += groups.stride) {
                jac[i][j] = (i == j ? 1.0 : 0.0) + sign * Math.exp(y[j]);
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

    private String softmaxField() {
        return id() + "Softmax";
    }

    @Override
    public void declare(Members members) {
        members.scratch(softmaxField(), inputSize());
    }

    @Override
    public CodeBlock forwardCode() {
        CodeBlock.Builder code = CodeBlock.builder();
        groups.openGroups(code);
        code.addStatement("double max = $T.NEGATIVE_INFINITY", Double.class);
        groups.openElements(code);
        code.addStatement("max = $T.max(max, x[j])", Math.class)
                .endControlFlow()
                .add("// log sum exp(x - max) = log1p(the terms other than the first max's exp(0) = 1), so that\n")
                .add("// y at the max keeps its digits when the softmax saturates\n")
                .addStatement("int m = $L", groups.single() ? "0" : "base");
        groups.openElements(code);
        code.beginControlFlow("if (x[j] > x[m])")
                .addStatement("m = j")
                .endControlFlow()
                .endControlFlow()
                .addStatement("double rest = 0.0");
        groups.openElements(code);
        code.addStatement("rest += j == m ? 0.0 : $T.exp(x[j] - max)", Math.class)
                .endControlFlow()
                .addStatement("double logSum = $T.log1p(rest)", Math.class);
        groups.openElements(code);
        code.addStatement("y[j] = (x[j] - max) - logSum")
                .endControlFlow();
        groups.closeGroups(code);
        return code.build();
    }

    /** s = exp(y) elementwise: the same for one group or many. */
    @Override
    public boolean hasDerivative() {
        return true;
    }

    @Override
    public CodeBlock derivativeCode() {
        return CodeBlock.builder()
                .addStatement("double[] s = $L", softmaxField())
                .beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                .addStatement("s[j] = $T.exp(y[j])", Math.class)
                .endControlFlow()
                .build();
    }

    @Override
    public CodeBlock tangentCode() {
        CodeBlock.Builder code = CodeBlock.builder()
                .add("// row <- (row - row[m]) - c, c = sum_j s_j (row_j - row[m]), m = argmax s, s = softmax(x)$L:\n",
                        perGroup())
                .add("// row - (s . row) without cancelling near row[m] when s saturates\n")
                .addStatement("double[] s = $L", softmaxField())
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]");
        groups.openGroups(code);
        argmax(code);
        code.addStatement("double am = a[m]")
                .addStatement("double c = 0.0");
        groups.openElements(code);
        code.addStatement("c += s[j] * (a[j] - am)")
                .endControlFlow();
        groups.openElements(code);
        code.addStatement("o[j] = (a[j] - am) - c")
                .endControlFlow();
        groups.closeGroups(code);
        return code.endControlFlow().build();
    }

    @Override
    public CodeBlock cotangentCode() {
        CodeBlock.Builder code = CodeBlock.builder()
                .add("// row <- row - s * sum(row)$L, s = softmax(x); at m = argmax s written as\n", perGroup())
                .add("// row[m] (1 - s_m) - s_m sum_{j != m} row_j with 1 - s_m = -expm1(y_m), which keeps its digits\n")
                .add("// when s saturates\n")
                .addStatement("double[] s = $L", softmaxField())
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]");
        groups.openGroups(code);
        argmax(code);
        code.addStatement("double am = a[m]")
                .addStatement("double rest = 0.0");
        groups.openElements(code);
        code.addStatement("rest += j == m ? 0.0 : a[j]")
                .endControlFlow()
                .addStatement("double sum = rest + am");
        groups.openElements(code);
        code.addStatement("o[j] = a[j] - s[j] * sum")
                .endControlFlow()
                .addStatement("o[m] = -am * $T.expm1(y[m]) - s[m] * rest", Math.class);
        groups.closeGroups(code);
        return code.endControlFlow().build();
    }

    /** {@code int m}: the first index of the group's largest s (equivalently y). */
    private void argmax(CodeBlock.Builder code) {
        code.addStatement("int m = $L", groups.single() ? "0" : "base");
        groups.openElements(code);
        code.beginControlFlow("if (y[j] > y[m])")
                .addStatement("m = j")
                .endControlFlow()
                .endControlFlow();
    }

    private String perGroup() {
        return groups.describe();
    }

    @Override
    public boolean propagatesInPlace() {
        return true;
    }
}
