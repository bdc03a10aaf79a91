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
 *
 * <p>On an input of rank &gt; 1 (Keras applies Dense to the last axis), the same map runs at each of the
 * {@code positions} leading positions: [..., in] → [..., units], a block-diagonal Jacobian of Wᵀ blocks. The
 * kernels take whole rows, not slices of one, so that case gets an emitted loop over positions whose inner
 * loop is the same axpy over a contiguous weight row; a single position (rank 1, or leading dimensions all 1)
 * keeps the kernel calls.
 */
public final class Dense extends Layer {
    private final Tensor kernel;
    private final Tensor bias;
    /** Leading positions the map runs at: 1 for a rank-1 input. */
    private final int positions;
    /** Values per position: the last input axis, and units. */
    private final int in;
    private final int units;

    /**
     * @param kernel shape (in, units)
     * @param bias shape (units,), or null for no bias
     */
    public Dense(String id, int inputSize, Tensor kernel, Tensor bias) {
        this(id, new int[] {inputSize}, kernel, bias);
    }

    /**
     * Dense on the last axis of {@code inputShape}, at every leading position.
     *
     * @param kernel shape (inputShape[-1], units)
     * @param bias shape (units,), or null for no bias
     */
    public Dense(String id, int[] inputShape, Tensor kernel, Tensor bias) {
        super(id, inputShape, outputShape(inputShape, kernel));
        int inputSize = inputShape[inputShape.length - 1];
        if (kernel.rank() != 2 || kernel.dim(0) != inputSize) {
            throw new IllegalArgumentException(id + ": kernel " + kernel.shapeString() + " does not take " + inputSize + " inputs");
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != kernel.dim(1))) {
            throw new IllegalArgumentException(id + ": bias " + bias.shapeString() + " does not match kernel " + kernel.shapeString());
        }
        this.kernel = kernel;
        this.bias = bias;
        this.in = inputSize;
        this.units = kernel.dim(1);
        this.positions = inputSize() / inputSize;
    }

    private static int[] outputShape(int[] inputShape, Tensor kernel) {
        if (inputShape.length == 0 || kernel.rank() != 2) {
            throw new IllegalArgumentException("dense needs an input of rank >= 1 and a rank-2 kernel");
        }
        int[] shape = inputShape.clone();
        shape[shape.length - 1] = kernel.dim(1);
        return shape;
    }

    /** True when the map runs at more than one position, so the emitted code loops over positions. */
    private boolean perPosition() {
        return positions > 1;
    }

    @Override
    public String kind() {
        return "dense";
    }

    @Override
    public String summary() {
        if (inputShape().length > 1) {
            return "dense " + dev.netjac.graph.Shapes.toString(inputShape()) + " -> "
                    + dev.netjac.graph.Shapes.toString(outputShape()) + (bias == null ? " (no bias)" : "");
        }
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
        for (int p = 0; p < positions; p++) {
            for (int j = 0; j < units; j++) {
                double sum = bias == null ? 0.0 : bias.get(j);
                for (int i = 0; i < in; i++) {
                    sum += x[p * in + i] * kernel.get(i * units + j);
                }
                y[p * units + j] = sum;
            }
        }
    }

    @Override
    public double[][] jacobian(double[] x, double[] y) {
        double[][] jac = new double[outputSize()][inputSize()];
        for (int p = 0; p < positions; p++) {
            for (int j = 0; j < units; j++) {
                for (int i = 0; i < in; i++) {
                    jac[p * units + j][p * in + i] = kernel.get(i * units + j);
                }
            }
        }
        return jac;
    }

    @Override
    public long rowCost() {
        return (long) positions * in * units;
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
        if (perPosition()) {
            return positionLoop("x", "y", in, kernelField(), units, true);
        }
        return CodeBlock.builder()
                .add("// y = x * W$L\n", bias == null ? "" : " + b")
                .addStatement("$T.vectorTimesMatrix(x, $L, $L, $L, $L, $L, y, $L)", Kernels.class, inputSize(), kernelField(),
                        kernelTField(), outputSize(), bias == null ? "null" : biasField(), Members.KERNEL_SCRATCH)
                .build();
    }

    /** Per-position kernels run row by row; the plain product reuses each weight row across the block. */
    @Override
    public boolean hasForwardRows() {
        return !perPosition();
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
        if (perPosition()) {
            return overRows(positionLoop("a", "o", in, kernelField(), units, false));
        }
        return CodeBlock.builder()
                .add("// out[r] = in[r] * W\n")
                .addStatement("$T.rowsTimesMatrix(in, rows, $L, $L, $L, null, out, $L)", Kernels.class, inputSize(),
                        kernelField(), outputSize(), Members.KERNEL_SCRATCH)
                .build();
    }

    @Override
    public CodeBlock cotangentCode() {
        if (perPosition()) {
            return overRows(positionLoop("a", "o", units, kernelTField(), in, false));
        }
        return CodeBlock.builder()
                .add("// out[r] = in[r] * W^T\n")
                .addStatement("$T.rowsTimesMatrix(in, rows, $L, $L, $L, null, out, $L)", Kernels.class, outputSize(),
                        kernelTField(), inputSize(), Members.KERNEL_SCRATCH)
                .build();
    }

    /** {@code body} (over a = in[r], o = out[r]) for every row. */
    private static CodeBlock overRows(CodeBlock body) {
        return CodeBlock.builder()
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]")
                .add(body)
                .endControlFlow()
                .build();
    }

    /**
     * At each position p: {@code dst[p*width ..] = src[p*inner ..] · w (+ bias)}, as a sum of the weight rows
     * w[k] scaled by the nonzero inputs: the inner loop is a contiguous axpy.
     */
    private CodeBlock positionLoop(String src, String dst, int inner, String weights, int width, boolean withBias) {
        CodeBlock.Builder code = CodeBlock.builder()
                .add("// $L positions of $L -> $L; at each, $L[p] = $L[p] * $L\n", positions, inner, width, dst, src,
                        weights.equals(kernelTField()) ? "W^T" : withBias && bias != null ? "W + b" : "W")
                .beginControlFlow("for (int p = 0; p < $L; p++)", positions)
                .addStatement("int from = p * $L", inner)
                .addStatement("int to = p * $L", width);
        if (withBias && bias != null) {
            code.addStatement("$T.arraycopy($L, 0, $L, to, $L)", System.class, biasField(), dst, width);
        } else {
            code.addStatement("$T.fill($L, to, to + $L, 0.0)", java.util.Arrays.class, dst, width);
        }
        return code.beginControlFlow("for (int k = 0; k < $L; k++)", inner)
                .addStatement("double v = $L[from + k]", src)
                .beginControlFlow("if (v != 0.0)")
                .addStatement("double[] w = $L[k]", weights)
                .beginControlFlow("for (int j = 0; j < $L; j++)", width)
                .addStatement("$L[to + j] += v * w[j]", dst)
                .endControlFlow()
                .endControlFlow()
                .endControlFlow()
                .endControlFlow()
                .build();
    }
}
