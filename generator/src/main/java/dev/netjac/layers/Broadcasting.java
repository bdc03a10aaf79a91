package dev.netjac.layers;

import dev.netjac.weights.Tensor;

/**
 * NumPy's broadcasting rule, right-aligned: a shape broadcasts to a target when, comparing trailing axes, each
 * of its dimensions is 1 or equal to the target's, and it has no more axes than the target. Shared by
 * {@link Affine} (weights stretched to the input) and {@code broadcast} (the input stretched to a shape).
 */
public final class Broadcasting {
    private Broadcasting() {}

    /** True when {@code from} broadcasts to {@code to}. */
    public static boolean fits(int[] from, int[] to) {
        if (from.length > to.length) {
            return false;
        }
        int lead = to.length - from.length;
        for (int a = 0; a < from.length; a++) {
            if (from[a] != 1 && from[a] != to[lead + a]) {
                return false;
            }
        }
        return true;
    }

    /**
     * For every flat (row-major) position of {@code to}, the flat position of {@code from} it reads; the
     * caller has checked {@link #fits}.
     */
    public static int[] sources(int[] from, int[] to) {
        int lead = to.length - from.length;
        // Stride in `from` of each target axis: 0 where the axis is new or stretched from 1.
        int[] strides = new int[to.length];
        int stride = 1;
        for (int a = from.length - 1; a >= 0; a--) {
            strides[lead + a] = from[a] == 1 ? 0 : stride;
            stride *= from[a];
        }
        int size = 1;
        for (int d : to) {
            size *= d;
        }
        int[] sources = new int[size];
        int[] index = new int[to.length];
        int source = 0;
        for (int flat = 0; flat < size; flat++) {
            sources[flat] = source;
            // Odometer step over the target's multi-index, keeping the source position in step.
            for (int a = to.length - 1; a >= 0; a--) {
                index[a]++;
                source += strides[a];
                if (index[a] < to[a]) {
                    break;
                }
                source -= strides[a] * index[a];
                index[a] = 0;
            }
        }
        return sources;
    }

    /** {@code tensor} stretched to {@code shape}: the values numpy.broadcast_to gives, as a new tensor. */
    public static Tensor expand(Tensor tensor, int[] shape) {
        int[] sources = sources(tensor.shape(), shape);
        double[] data = new double[sources.length];
        for (int k = 0; k < data.length; k++) {
            data[k] = tensor.get(sources[k]);
        }
        return Tensor.of(shape, data);
    }
}
