package dev.netjac.layers;

import dev.netjac.graph.Shapes;
import dev.netjac.weights.Tensor;

/**
 * Keras's {@code Conv2D}, channels last: input (H, W, C), kernel (KH, KW, C, F), bias (F,), output (H', W', F)
 * with H', W' and the padding from {@link ConvPadding} (TensorFlow's asymmetric "same"). The math, its
 * Jacobian and the generated code are in {@link Convolution}; this class only fixes the shapes.
 */
public final class Conv2D extends Convolution {

    /**
     * @param inputShape (H, W, C)
     * @param kernel shape (KH, KW, C, F)
     * @param bias shape (F,), or null
     * @param strides (sy, sx), each ≥ 1
     * @param dilation (dy, dx), each ≥ 1
     */
    public Conv2D(String id, int[] inputShape, Tensor kernel, Tensor bias, int[] strides, ConvPadding padding, int[] dilation) {
        this(id, inputShape, kernel, bias, axis(inputShape, kernel, 0, strides, padding, dilation),
                axis(inputShape, kernel, 1, strides, padding, dilation));
    }

    private Conv2D(String id, int[] inputShape, Tensor kernel, Tensor bias, ConvAxis rows, ConvAxis cols) {
        super(id, inputShape, new int[] {rows.out(), cols.out(), kernel.dim(3)}, rows, cols, kernel, bias);
    }

    private static ConvAxis axis(int[] inputShape, Tensor kernel, int axis, int[] strides, ConvPadding padding, int[] dilation) {
        if (inputShape.length != 3 || kernel.rank() != 4 || kernel.dim(2) != inputShape[2]) {
            throw new IllegalArgumentException("conv2d needs an (H, W, C) input and a (KH, KW, C, F) kernel, found input "
                    + Shapes.toString(inputShape) + " and kernel " + kernel.shapeString());
        }
        if (padding == ConvPadding.CAUSAL) {
            throw new IllegalArgumentException("conv2d has no causal padding");
        }
        return new ConvAxis(inputShape[axis], kernel.dim(axis), strides[axis], dilation[axis], padding);
    }

    @Override
    public String kind() {
        return "conv2d";
    }

    @Override
    public String summary() {
        return "conv2d -> " + Shapes.toString(outputShape()) + " (" + geometry(true) + ")";
    }
}
