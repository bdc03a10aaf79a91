package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.runtime.Kernels;
import dev.netjac.weights.Tensor;

/**
 * Affine layer y = x·W + b with W of shape (in, out), as in Keras and the blog post (PyTorch's (out, in)
 * kernels are transposed on import).
 *
 * <p>Local Jacobian: J = Wᵀ, so a tangent row maps to t·W and a cotangent row to g·Wᵀ. All three (the
 * forward pass too) are "rows times a matrix held as row arrays", done by the runtime's
 * {@link Kernels}: sums of contiguous weight rows, which vectorize (a dot-product reduction would not).
 * Tangents and the forward pass use the rows of W, cotangents the rows of a transposed copy. Zero multipliers
 * are skipped, which skips inactive ReLU units and the zeros of the identity seed for free.
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
        return CodeBlock.builder()
                .add("// y = x * W$L\n", bias == null ? "" : " + b")
                .addStatement("$T.vectorTimesMatrix(x, $L, $L, $L, $L, $L, y, $L)", Kernels.class, inputSize(), kernelField(),
                        kernelTField(), outputSize(), bias == null ? "null" : biasField(), Members.KERNEL_SCRATCH)
                .build();
    }

    @Override
    public CodeBlock forwardRowsCode() {
        return CodeBlock.builder()
                .add("// y[r] = x[r] * W$L, each weight row reused across the block\n", bias == null ? "" : " + b")
                .addStatement("$T.rowsTimesMatrix(x, rows, $L, $L, $L, $L, y, $L)", Kernels.class, inputSize(), kernelField(),
                        outputSize(), bias == null ? "null" : biasField(), Members.KERNEL_SCRATCH)
                .build();
    }

    @Override
    public CodeBlock tangentCode() {
        return CodeBlock.builder()
                .add("// out[r] = in[r] * W\n")
                .addStatement("$T.rowsTimesMatrix(in, rows, $L, $L, $L, null, out, $L)", Kernels.class, inputSize(),
                        kernelField(), outputSize(), Members.KERNEL_SCRATCH)
                .build();
    }

    @Override
    public CodeBlock cotangentCode() {
        return CodeBlock.builder()
                .add("// out[r] = in[r] * W^T\n")
                .addStatement("$T.rowsTimesMatrix(in, rows, $L, $L, $L, null, out, $L)", Kernels.class, outputSize(),
                        kernelTField(), inputSize(), Members.KERNEL_SCRATCH)
                .build();
    }
}
