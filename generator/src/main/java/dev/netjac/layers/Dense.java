package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.weights.Tensor;

/**
 * Affine layer y = x·W + b with W of shape (in, out), as in Keras and the blog post (PyTorch's (out, in)
 * kernels are transposed on import).
 *
 * <p>Local Jacobian: J = Wᵀ, so a tangent row maps to t·W and a cotangent row to g·Wᵀ. Both are written
 * as axpy loops over contiguous weight rows, which C2 vectorizes (a dot-product reduction it would not):
 * tangents and the forward pass walk the rows of W, cotangents the rows of a transposed copy. The outer loop
 * runs over weight rows so that each row is reused from cache across all propagated rows, and zero
 * multipliers are skipped, which skips inactive ReLU units and the zeros of the identity seed for free.
 */
public final class Dense extends Layer {
    private final Tensor kernel;
    private final Tensor bias;

    /**
     * @param kernel shape (in, units)
     * @param bias shape (units,), or null for no bias
     */
    public Dense(String id, int inputSize, Tensor kernel, Tensor bias) {
        super(id, new int[] {inputSize}, new int[] {kernel.dim(1)});
        if (kernel.rank() != 2 || kernel.dim(0) != inputSize) {
            throw new IllegalArgumentException(id + ": kernel " + kernel.shapeString() + " does not take " + inputSize + " inputs");
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != kernel.dim(1))) {
            throw new IllegalArgumentException(id + ": bias " + bias.shapeString() + " does not match kernel " + kernel.shapeString());
        }
        this.kernel = kernel;
        this.bias = bias;
    }

    @Override
    public String kind() {
        return "dense";
    }

    @Override
    public String summary() {
        return "dense " + inputSize() + " -> " + outputSize() + (bias == null ? " (no bias)" : "");
    }

    public Tensor kernel() {
        return kernel;
    }

    public Tensor bias() {
        return bias;
    }

    @Override
    public long parameterCount() {
        return kernel.size() + (bias == null ? 0 : bias.size());
    }

    @Override
    public void forward(double[] x, double[] y) {
        int in = inputSize();
        int out = outputSize();
        for (int j = 0; j < out; j++) {
            double sum = bias == null ? 0.0 : bias.get(j);
            for (int i = 0; i < in; i++) {
                sum += x[i] * kernel.get(i * out + j);
            }
            y[j] = sum;
        }
    }

    @Override
    public double[][] jacobian(double[] x, double[] y) {
        int in = inputSize();
        int out = outputSize();
        double[][] jac = new double[out][in];
        for (int j = 0; j < out; j++) {
            for (int i = 0; i < in; i++) {
                jac[j][i] = kernel.get(i * out + j);
            }
        }
        return jac;
    }

    @Override
    public long rowCost() {
        return (long) inputSize() * outputSize();
    }

    @Override
    public long forwardCost() {
        return rowCost();
    }

    private String kernelField() {
        return id() + "Kernel";
    }

    private String kernelTField() {
        return id() + "KernelT";
    }

    private String biasField() {
        return id() + "Bias";
    }

    @Override
    public void declare(Members members) {
        members.weightRows(kernelField(), id() + ".kernel", kernel);
        members.weightRowsTransposed(kernelTField(), id() + ".kernel", kernel);
        if (bias != null) {
            members.weightVector(biasField(), id() + ".bias", bias);
        }
    }

    @Override
    public CodeBlock forwardCode() {
        CodeBlock.Builder code = CodeBlock.builder();
        if (bias != null) {
            code.addStatement("$T.arraycopy($L, 0, y, 0, $L)", System.class, biasField(), outputSize());
        } else {
            code.addStatement("$T.fill(y, 0, $L, 0.0)", java.util.Arrays.class, outputSize());
        }
        code.beginControlFlow("for (int i = 0; i < $L; i++)", inputSize())
                .addStatement("double a = x[i]")
                .beginControlFlow("if (a == 0.0)").addStatement("continue").endControlFlow()
                .addStatement("double[] w = $L[i]", kernelField())
                .beginControlFlow("for (int j = 0; j < $L; j++)", outputSize())
                .addStatement("y[j] += a * w[j]")
                .endControlFlow()
                .endControlFlow();
        return code.build();
    }

    @Override
    public CodeBlock tangentCode() {
        return axpyRows(kernelField(), inputSize(), outputSize(), "t = in * W");
    }

    @Override
    public CodeBlock cotangentCode() {
        return axpyRows(kernelTField(), outputSize(), inputSize(), "g = in * W^T");
    }

    /** out[r] = Σ_k in[r][k] · weights[k] for r &lt; rows: a row-vector times a matrix held as row arrays. */
    private static CodeBlock axpyRows(String weights, int inner, int width, String comment) {
        return CodeBlock.builder()
                .add("// $L, weight row k reused from cache across all rows\n", comment)
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("$T.fill(out[r], 0, $L, 0.0)", java.util.Arrays.class, width)
                .endControlFlow()
                .beginControlFlow("for (int k = 0; k < $L; k++)", inner)
                .addStatement("double[] w = $L[k]", weights)
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double a = in[r][k]")
                .beginControlFlow("if (a == 0.0)").addStatement("continue").endControlFlow()
                .addStatement("double[] o = out[r]")
                .beginControlFlow("for (int j = 0; j < $L; j++)", width)
                .addStatement("o[j] += a * w[j]")
                .endControlFlow()
                .endControlFlow()
                .endControlFlow()
                .build();
    }
}
