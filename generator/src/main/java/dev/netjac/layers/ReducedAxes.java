package dev.netjac.layers;

import java.util.Arrays;

/**
 * Which output of a reduction each input value goes to: the reduced axes are dropped (or kept with size 1),
 * the others index the output. Shared by {@link ReduceSum} and {@link ReduceMax}.
 */
final class ReducedAxes {
    final int[] axes;
    final boolean keepdims;
    final int[] outputShape;
    /** For every input position (row-major), its output position. */
    final int[] target;
    /** Values per output: the product of the reduced dimensions. */
    final int count;

    /** @param axes distinct axes of {@code inputShape}, 0-based */
    ReducedAxes(int[] inputShape, int[] axes, boolean keepdims) {
        this.axes = axes.clone();
        Arrays.sort(this.axes);
        this.keepdims = keepdims;
        boolean[] reduced = new boolean[inputShape.length];
        int n = 1;
        for (int a : axes) {
            reduced[a] = true;
            n *= inputShape[a];
        }
        this.count = n;
        int[] kept = new int[inputShape.length];
        int rank = 0;
        for (int a = 0; a < inputShape.length; a++) {
            if (keepdims || !reduced[a]) {
                kept[rank++] = reduced[a] ? 1 : inputShape[a];
            }
        }
        // Reducing every axis without keepdims leaves a scalar, which netjac shapes hold as (1,).
        this.outputShape = rank == 0 ? new int[] {1} : Arrays.copyOf(kept, rank);
        // Output strides of the input's axes: 0 along reduced axes.
        int[] strides = new int[inputShape.length];
        int stride = 1;
        for (int a = inputShape.length - 1; a >= 0; a--) {
            if (!reduced[a]) {
                strides[a] = stride;
                stride *= inputShape[a];
            }
        }
        int size = 1;
        for (int d : inputShape) {
            size *= d;
        }
        this.target = new int[size];
        int[] index = new int[inputShape.length];
        int out = 0;
        for (int j = 0; j < size; j++) {
            target[j] = out;
            for (int a = inputShape.length - 1; a >= 0; a--) {
                index[a]++;
                out += strides[a];
                if (index[a] < inputShape[a]) {
                    break;
                }
                out -= strides[a] * index[a];
                index[a] = 0;
            }
        }
    }

    /** For every output, its first input in row-major order. */
    int[] firsts(int outputs) {
        int[] first = new int[outputs];
        Arrays.fill(first, -1);
        for (int j = 0; j < target.length; j++) {
            if (first[target[j]] < 0) {
                first[target[j]] = j;
            }
        }
        return first;
    }

    String describe() {
        return Arrays.toString(axes) + (keepdims ? " keepdims" : "");
    }
}
