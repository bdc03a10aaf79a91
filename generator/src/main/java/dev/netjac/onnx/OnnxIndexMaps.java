package dev.netjac.onnx;

import dev.netjac.weights.Tensor;
import java.util.Arrays;

/**
 * Index maps: operators whose every output element is one input element or a constant (Transpose, Slice,
 * Pad, broadcasting). They fold constants, and check a Pad or Slice of a computed tensor (its output shape, and
 * reflect pads that would need more cells than the input has) before its spec layer is written.
 */
final class OnnxIndexMaps {
    /** For each output element (row-major), its input element, or -1 for {@code fill}. */
    record IndexMap(int[] inShape, int[] outShape, int[] source, double fill) {
        Tensor apply(Tensor x) {
            double[] out = new double[source.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = source[i] < 0 ? fill : x.get(source[i]);
            }
            return Tensor.of(outShape, out);
        }
    }

    private OnnxIndexMaps() {}

    static IndexMap transpose(int[] shape, int[] perm) {
        int rank = shape.length;
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = shape[perm[i]];
        }
        int[] inStrides = OnnxShapes.strides(shape);
        int[] source = new int[OnnxShapes.size(out)];
        int[] index = new int[rank];
        for (int i = 0; i < source.length; i++) {
            int s = 0;
            for (int a = 0; a < rank; a++) {
                s += index[a] * inStrides[perm[a]];
            }
            source[i] = s;
            increment(index, out);
        }
        return new IndexMap(shape, out, source, 0);
    }

    /** spec rows {start, end, step} as {@link OnnxShapes#sliceSpec} resolves them. */
    static IndexMap slice(int[] shape, int[][] spec) {
        int rank = shape.length;
        int[] out = new int[rank];
        for (int a = 0; a < rank; a++) {
            out[a] = OnnxShapes.sliceLength(spec[a]);
        }
        int[] inStrides = OnnxShapes.strides(shape);
        int[] source = new int[OnnxShapes.size(out)];
        int[] index = new int[rank];
        for (int i = 0; i < source.length; i++) {
            int s = 0;
            for (int a = 0; a < rank; a++) {
                s += (spec[a][0] + index[a] * spec[a][2]) * inStrides[a];
            }
            source[i] = s;
            increment(index, out);
        }
        return new IndexMap(shape, out, source, 0);
    }

    /** pads[a] = {before, after} (negative crops); mode constant, reflect (numpy's, edge excluded) or edge. */
    static IndexMap pad(int[] shape, int[][] pads, String mode, double value) {
        int rank = shape.length;
        int[] out = new int[rank];
        for (int a = 0; a < rank; a++) {
            out[a] = shape[a] + pads[a][0] + pads[a][1];
            if (out[a] < 0) {
                throw new IllegalArgumentException("pads " + Arrays.deepToString(pads) + " crop more than the input "
                        + Arrays.toString(shape));
            }
            if (mode.equals("reflect") && (pads[a][0] >= shape[a] || pads[a][1] >= shape[a]) && (pads[a][0] > 0 || pads[a][1] > 0)) {
                throw new IllegalArgumentException("reflect padding of " + Arrays.toString(pads[a]) + " needs more than "
                        + shape[a] + " values along axis " + a);
            }
        }
        int[] inStrides = OnnxShapes.strides(shape);
        int[] source = new int[OnnxShapes.size(out)];
        int[] index = new int[rank];
        for (int i = 0; i < source.length; i++) {
            int s = 0;
            for (int a = 0; a < rank && s >= 0; a++) {
                int j = index[a] - pads[a][0];
                int n = shape[a];
                if (j < 0 || j >= n) {
                    if (mode.equals("constant")) {
                        s = -1;
                        break;
                    }
                    if (mode.equals("edge")) {
                        j = Math.max(0, Math.min(j, n - 1));
                    } else {
                        int period = 2 * (n - 1);
                        j = period == 0 ? 0 : Math.floorMod(j, period);
                        j = j >= n ? period - j : j;
                    }
                }
                s += j * inStrides[a];
            }
            source[i] = s;
            increment(index, out);
        }
        return new IndexMap(shape, out, source, value);
    }

    /** The source element of each element of numpy.broadcast_to(x of {@code from}, {@code to}). */
    static int[] broadcastSources(int[] from, int[] to) {
        int offset = to.length - from.length;
        int[] strides = OnnxShapes.strides(from);
        int[] source = new int[OnnxShapes.size(to)];
        int[] index = new int[to.length];
        for (int i = 0; i < source.length; i++) {
            int s = 0;
            for (int a = 0; a < from.length; a++) {
                s += (from[a] == 1 ? 0 : index[a + offset]) * strides[a];
            }
            source[i] = s;
            increment(index, to);
        }
        return source;
    }

    private static void increment(int[] index, int[] shape) {
        for (int a = shape.length - 1; a >= 0; a--) {
            if (++index[a] < shape[a]) {
                return;
            }
            index[a] = 0;
        }
    }
}
