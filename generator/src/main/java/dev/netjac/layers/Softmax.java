package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;

/**
 * y = softmax(x) = exp(x - max x) / Σ exp(x - max x), stable for any x.
 *
 * <p>Its Jacobian diag(s) − s·sᵀ (with s = y) is symmetric, so tangent and cotangent rows use the same rule,
 * s ⊙ (g − (g·s)): two passes over the row, never the M×M matrix.
 */
public final class Softmax extends Layer {

    public Softmax(String id, int size) {
        super(id, new int[] {size}, new int[] {size});
    }

    @Override
    public String kind() {
        return "softmax";
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
            y[j] = Math.exp(x[j] - max);
            sum += y[j];
        }
        for (int j = 0; j < n; j++) {
            y[j] /= sum;
        }
    }

    @Override
    public double[][] jacobian(double[] x, double[] y) {
        int n = inputSize();
        double[][] jac = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                jac[i][j] = (i == j ? y[i] : 0.0) - y[i] * y[j];
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
                magnitude[i][j] = (i == j ? y[i] : 0.0) + y[i] * y[j];
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
                .addStatement("double e = $T.exp(x[j] - max)", Math.class)
                .addStatement("y[j] = e")
                .addStatement("sum += e")
                .endControlFlow()
                .addStatement("double scale = 1.0 / sum")
                .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                .addStatement("y[j] *= scale")
                .endControlFlow()
                .build();
    }

    @Override
    public CodeBlock tangentCode() {
        return propagate();
    }

    @Override
    public CodeBlock cotangentCode() {
        return propagate();
    }

    private CodeBlock propagate() {
        int n = inputSize();
        return CodeBlock.builder()
                .add("// row <- s * (row - (row . s)), s = y; the Jacobian diag(s) - s s^T is symmetric\n")
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]")
                .addStatement("double dot = 0.0")
                .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                .addStatement("dot += a[j] * y[j]")
                .endControlFlow()
                .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                .addStatement("o[j] = y[j] * (a[j] - dot)")
                .endControlFlow()
                .endControlFlow()
                .build();
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
