package dev.netjac.graph;

import dev.netjac.weights.Tensor;

/** Small helpers for shapes, which netjac keeps as plain {@code int[]} without the batch dimension. */
public final class Shapes {
    private Shapes() {}

    /** The number of values in a tensor of this shape. */
    public static int size(int[] shape) {
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + toString(shape) + " has more than 2^31 values");
        }
        return (int) size;
    }

    /** Python's spelling, {@code (500,)} or {@code (28, 28, 1)}, used in every message. */
    public static String toString(int[] shape) {
        return Tensor.shapeString(shape);
    }
}
