package dev.netjac.layers;

import dev.netjac.graph.Shapes;
import java.util.Arrays;

/**
 * numpy.transpose(x, perm) on the input without its batch axis: output axis i is input axis perm[i]. An
 * {@link IndexMap} without constants and a bijection, so a cotangent row is a plain scatter. ONNX's
 * {@code Transpose}, and the layout change between NCHW and netjac's channels-last.
 */
public final class Transpose extends IndexMap {
    private final int[] perm;

    /** @param perm a permutation of 0..rank-1 */
    public Transpose(String id, int[] inputShape, int[] perm) {
        super(id, inputShape, permuted(inputShape, perm), sources(inputShape, perm), 0.0);
        this.perm = perm.clone();
    }

    /** The output shape: dimension i is the input's dimension perm[i]. */
    public static int[] permuted(int[] shape, int[] perm) {
        int[] out = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = shape[perm[i]];
        }
        return out;
    }

    private static int[] sources(int[] inputShape, int[] perm) {
        int[] strides = strides(inputShape);
        return table(permuted(inputShape, perm), index -> {
            int source = 0;
            for (int i = 0; i < perm.length; i++) {
                source += index[i] * strides[perm[i]];
            }
            return source;
        });
    }

    @Override
    public String kind() {
        return "transpose";
    }

    @Override
    public String summary() {
        return "transpose " + Arrays.toString(perm) + " -> " + Shapes.toString(outputShape());
    }
}
