package dev.netjac.layers;

import dev.netjac.graph.Shapes;
import java.util.Arrays;

/**
 * Basic slicing, {@code x[start0:end0:step0, start1:end1:step1, ...]} exactly as Python and NumPy mean it
 * (negative bounds count from the end and are clamped; a missing bound runs to the end in the step's
 * direction; steps may be negative): ONNX's {@code Slice} with constant bounds, {@code Split}, crops. An
 * {@link IndexMap} without constants, injective (a cotangent row is a scatter onto zeros).
 */
public final class Slice extends IndexMap {
    private final int[] starts;
    private final int[] steps;

    /**
     * @param starts the first index taken on each axis, after {@link #resolve}
     * @param counts how many indices each axis keeps (≥ 1)
     */
    public Slice(String id, int[] inputShape, int[] starts, int[] steps, int[] counts) {
        super(id, inputShape, counts, sources(inputShape, starts, steps, counts), 0.0);
        this.starts = starts.clone();
        this.steps = steps.clone();
    }

    /**
     * Python's {@code slice(start, end, step).indices(n)} followed by the length: {start, count}, where a
     * null bound is {@code Long.MIN_VALUE}. {@code step} is not 0.
     */
    public static long[] resolve(long start, long end, long step, int n) {
        long lower = step < 0 ? -1 : 0;
        long upper = step < 0 ? n - 1 : n;
        long first = start == Long.MIN_VALUE ? (step < 0 ? upper : lower) : clamp(start, n, lower, upper);
        long stop = end == Long.MIN_VALUE ? (step < 0 ? lower : upper) : clamp(end, n, lower, upper);
        long count = step > 0 ? (stop - first + step - 1) / step : (first - stop - step - 1) / -step;
        return new long[] {first, Math.max(0, count)};
    }

    private static long clamp(long bound, int n, long lower, long upper) {
        long b = bound < 0 ? bound + n : bound;
        return Math.min(Math.max(b, lower), upper);
    }

    private static int[] sources(int[] inputShape, int[] starts, int[] steps, int[] counts) {
        int[] strides = strides(inputShape);
        return table(counts, index -> {
            int source = 0;
            for (int a = 0; a < index.length; a++) {
                source += (starts[a] + index[a] * steps[a]) * strides[a];
            }
            return source;
        });
    }

    @Override
    public String kind() {
        return "slice";
    }

    @Override
    public String summary() {
        return "slice starts " + Arrays.toString(starts) + " steps " + Arrays.toString(steps) + " -> "
                + Shapes.toString(outputShape());
    }
}
