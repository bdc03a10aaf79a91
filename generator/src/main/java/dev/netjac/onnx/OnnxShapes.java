package dev.netjac.onnx;

import dev.netjac.weights.Tensor;
import java.util.Arrays;
import java.util.List;

/** Shape rules of ONNX operators (on full ONNX shapes, batch axis included), shared by folding and translation. */
final class OnnxShapes {
    private OnnxShapes() {}

    static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    /** NumPy's right-aligned broadcast of two shapes, or null when they do not broadcast. */
    static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                return null;
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    static int[] unsqueezed(int[] shape, long[] axes) {
        int rank = shape.length + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            inserted[(int) (a < 0 ? a + rank : a)] = true;
        }
        int[] out = new int[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            out[i] = inserted[i] ? 1 : shape[j++];
        }
        return out;
    }

    /** Without {@code axes}, every dimension of 1 goes. */
    static int[] squeezed(int[] shape, long[] axes) {
        boolean[] removed = new boolean[shape.length];
        if (axes == null) {
            for (int i = 0; i < shape.length; i++) {
                removed[i] = shape[i] == 1;
            }
        } else {
            for (long a : axes) {
                int axis = (int) (a < 0 ? a + shape.length : a);
                if (shape[axis] != 1) {
                    throw new IllegalArgumentException("axis " + a + " has size " + shape[axis] + ", expected 1");
                }
                removed[axis] = true;
            }
        }
        return Arrays.stream(range(shape.length)).filter(i -> !removed[i]).map(i -> shape[i]).toArray();
    }

    /** Reshape's target: 0 copies the input's dimension (unless allowzero), one -1 is inferred. */
    static int[] reshapeTarget(int[] shape, long[] target, boolean allowZero) {
        int[] out = new int[target.length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            long d = target[i];
            if (d == 0 && !allowZero) {
                d = shape[i];
            }
            if (d == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("more than one -1 in target shape " + Arrays.toString(target));
                }
                inferred = i;
                continue;
            }
            if (d < 0) {
                throw new IllegalArgumentException("dimension " + d + " in target shape " + Arrays.toString(target));
            }
            out[i] = (int) d;
            known *= d;
        }
        int total = size(shape);
        if (inferred >= 0) {
            if (known == 0 || total % known != 0) {
                throw new IllegalArgumentException("cannot infer the -1 of " + Arrays.toString(target) + " for "
                        + total + " values");
            }
            out[inferred] = (int) (total / known);
        } else if (known != total) {
            throw new IllegalArgumentException("target shape " + Arrays.toString(target) + " holds " + known
                    + " values, the input " + Arrays.toString(shape) + " has " + total);
        }
        return out;
    }

    static int[] flattened(int[] shape, int axis) {
        axis = axis < 0 ? axis + shape.length : axis;
        int outer = size(Arrays.copyOf(shape, axis));
        return new int[] {outer, size(Arrays.copyOfRange(shape, axis, shape.length))};
    }

    /**
     * Slice's bounds per axis of {@code shape}, resolved and clamped like Python's {@code x[start:end:step]}:
     * rows of {start, end, step}, where end may be -1 for "before index 0" with a negative step.
     */
    static int[][] sliceSpec(OnnxNode node, List<Tensor> in, int[] shape) {
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps = null;
        if (node.opset < 10) {
            starts = node.ints("starts");
            ends = node.ints("ends");
            axes = node.ints("axes");
        } else {
            starts = OnnxFolder.ints(in.get(1));
            ends = OnnxFolder.ints(in.get(2));
            axes = in.size() > 3 && in.get(3) != null ? OnnxFolder.ints(in.get(3)) : null;
            steps = in.size() > 4 && in.get(4) != null ? OnnxFolder.ints(in.get(4)) : null;
        }
        int[][] spec = new int[shape.length][];
        for (int a = 0; a < shape.length; a++) {
            spec[a] = new int[] {0, shape[a], 1};
        }
        for (int i = 0; i < starts.length; i++) {
            int axis = (int) (axes == null ? i : axes[i] < 0 ? axes[i] + shape.length : axes[i]);
            long step = steps == null ? 1 : steps[i];
            if (step == 0) {
                throw new IllegalArgumentException("a step of 0");
            }
            long n = shape[axis];
            long start = starts[i] < 0 ? starts[i] + n : starts[i];
            long end = ends[i] < 0 ? ends[i] + n : ends[i];
            if (step > 0) {
                start = Math.max(0, Math.min(start, n));
                end = Math.max(0, Math.min(end, n));
            } else {
                start = Math.max(-1, Math.min(start, n - 1));
                end = Math.max(-1, Math.min(end, n - 1));
            }
            spec[axis] = new int[] {(int) start, (int) end, (int) step};
        }
        return spec;
    }

    static int sliceLength(int[] s) {
        int start = s[0];
        int end = s[1];
        int step = s[2];
        return step > 0 ? Math.max(0, (end - start + step - 1) / step) : Math.max(0, (start - end - step - 1) / -step);
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** Row-major strides of {@code shape}. */
    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = stride;
            stride *= shape[i];
        }
        return s;
    }
}
