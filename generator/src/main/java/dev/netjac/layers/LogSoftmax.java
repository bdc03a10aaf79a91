package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;

/**
 * y = log_softmax(x) = x − max x − log Σ exp(x − max x), stable for any x.
 *
 * <p>Its Jacobian is I − 1·sᵀ with s = softmax(x) = exp(y), which is not symmetric: a tangent row t maps
 * to t − (s·t), a cotangent row g to g − s·Σg. s is computed once per call into scratch.
 */
public final class LogSoftmax extends Layer {

    public LogSoftmax(String id, int size) {
        super(id, new int[] {size}, new int[] {size});
    }

    @Override
    public String kind() {
        return "log_softmax";
    }

    @Override
    public void forward(double[] x, double[] y) {
        int n = inputSize();
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, x[j]);
        }
        double sum = 0.0;
        for (int j = 0; j < n; j++) {
            sum += Math.exp(x[j] - max);
        }
        double logSum = Math.log(sum);
        for (int j = 0; j < n; j++) {
            y[j] = x[j] - max - logSum;
        }
    }

    @Override
    public double[][] jacobian(double[] x, double[] y) {
        int n = inputSize();
        double[][] jac = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                jac[i][j] = (i == j ? 1.0 : 0.0) - Math.exp(y[j]);
            }
        }
        return jac;
    }

    /** The two terms of each entry, added as magnitudes: they cancel when the softmax saturates. */
    @Override
    public double[][] jacobianMagnitude(double[] x, double[] y) {
        int n = inputSize();
        double[][] magnitude = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                magnitude[i][j] = (i == j ? 1.0 : 0.0) + Math.exp(y[j]);
            }
        }
        return magnitude;
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
        int n = inputSize();
        return CodeBlock.builder()
                .addStatement("double max = $T.NEGATIVE_INFINITY", Double.class)
                .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                .addStatement("max = $T.max(max, x[j])", Math.class)
                .endControlFlow()
                .addStatement("double sum = 0.0")
                .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                .addStatement("sum += $T.exp(x[j] - max)", Math.class)
                .endControlFlow()
                .addStatement("double shift = max + $T.log(sum)", Math.class)
                .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                .addStatement("y[j] = x[j] - shift")
                .endControlFlow()
                .build();
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
        int n = inputSize();
        return CodeBlock.builder()
                .add("// row <- row - (s . row), s = softmax(x)\n")
                .addStatement("double[] s = $L", softmaxField())
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]")
                .addStatement("double dot = 0.0")
                .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                .addStatement("dot += a[j] * s[j]")
                .endControlFlow()
                .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                .addStatement("o[j] = a[j] - dot")
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    @Override
    public CodeBlock cotangentCode() {
        int n = inputSize();
        return CodeBlock.builder()
                .add("// row <- row - s * sum(row), s = softmax(x)\n")
                .addStatement("double[] s = $L", softmaxField())
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]")
                .addStatement("double sum = 0.0")
                .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                .addStatement("sum += a[j]")
                .endControlFlow()
                .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                .addStatement("o[j] = a[j] - s[j] * sum")
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    @Override
    public boolean propagatesInPlace() {
        return true;
    }
}
