package dev.netjac.layers;

import dev.netjac.graph.Shapes;
import dev.netjac.weights.Tensor;

/**
 * Keras's {@code Conv1D}, channels last: input (steps, C), kernel (K, C, F), bias (F,), output (steps', F),
 * with "valid", "same" or "causal" padding ({@link ConvPadding}). It is a {@link Convolution} over a
 * (1, steps, C) image with a (1, K, C, F) kernel — the same values in the same order — whose row axis the
 * generated code leaves out.
 */
public final class Conv1D extends Convolution {

    /**
     * @param inputShape (steps, C)
     * @param kernel shape (K, C, F)
     * @param bias shape (F,), or null
     */
    public Conv1D(String id, int[] inputShape, Tensor kernel, Tensor bias, int stride, ConvPadding padding, int dilation) {
        this(id, inputShape, kernel, bias, axis(inputShape, kernel, stride, padding, dilation));
    }

    private Conv1D(String id, int[] inputShape, Tensor kernel, Tensor bias, ConvAxis steps) {
        super(id, inputShape, new int[] {steps.out(), kernel.dim(2)}, ConvAxis.trivial(), steps, kernel, bias);
    }

    private static ConvAxis axis(int[] inputShape, Tensor kernel, int stride, ConvPadding padding, int dilation) {
        if (inputShape.length != 2 || kernel.rank() != 3 || kernel.dim(1) != inputShape[1]) {
            throw new IllegalArgumentException("conv1d needs a (steps, C) input and a (K, C, F) kernel, found input "
                    + Shapes.toString(inputShape) + " and kernel " + kernel.shapeString());
        }
        return new ConvAxis(inputShape[0], kernel.dim(0), stride, dilation, padding);
    }

    @Override
    public String kind() {
        return "conv1d";
    }

    @Override
    public String summary() {
        return "conv1d -> " + Shapes.toString(outputShape()) + " (" + geometry(false) + ")";
    }
}
