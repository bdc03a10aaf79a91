package dev.netjac.layers;

import dev.netjac.graph.Shapes;
import java.util.Arrays;

/**
 * Padding of every axis, ONNX's {@code Pad} and numpy.pad: per axis {@code before} and {@code after} cells,
 * filled by the mode: {@code constant} (the value, possibly ±∞ for a max pool's padding), {@code reflect}
 * (mirrored without repeating the edge, numpy's {@code reflect}, repeating the reflection when the pad is longer
 * than the axis) or {@code edge} (the edge value repeated). A negative count crops instead: the axis is cut
 * first, then the positive counts pad what is left. An {@link IndexMap}; only {@code constant} has constants.
 */
public final class Pad extends IndexMap {
    /** How padded cells get their values. */
    public enum Mode { CONSTANT, REFLECT, EDGE }

    private final int[][] pads;
    private final Mode mode;

    /** @param pads one {before, after} pair per axis; negative counts crop */
    public Pad(String id, int[] inputShape, int[][] pads, Mode mode, double value) {
        super(id, inputShape, padded(inputShape, pads), sources(inputShape, pads, mode), value);
        this.pads = new int[pads.length][];
        for (int a = 0; a < pads.length; a++) {
            this.pads[a] = pads[a].clone();
        }
        this.mode = mode;
    }

    /** The output shape: each axis n + before + after. */
    public static int[] padded(int[] shape, int[][] pads) {
        int[] out = new int[shape.length];
        for (int a = 0; a < shape.length; a++) {
            out[a] = shape[a] + pads[a][0] + pads[a][1];
        }
        return out;
    }

    /** The size of axis {@code a} after cropping by the negative counts (before any padding). */
    public static int cropped(int[] shape, int[][] pads, int a) {
        return shape[a] - Math.max(0, -pads[a][0]) - Math.max(0, -pads[a][1]);
    }

    private static int[] sources(int[] inputShape, int[][] pads, Mode mode) {
        int[] strides = strides(inputShape);
        return table(padded(inputShape, pads), index -> {
            int source = 0;
            for (int a = 0; a < index.length; a++) {
                int m = cropped(inputShape, pads, a);
                int c = coordinate(index[a] - Math.max(0, pads[a][0]), m, mode);
                if (c < 0) {
                    return CONSTANT;
                }
                source += (c + Math.max(0, -pads[a][0])) * strides[a];
            }
            return source;
        });
    }

    /** The position in an axis of size m that padded position c (0 = the first kept cell) reads; -1: the constant. */
    static int coordinate(int c, int m, Mode mode) {
        if (c >= 0 && c < m) {
            return c;
        }
        switch (mode) {
            case CONSTANT:
                return -1;
            case EDGE:
                return c < 0 ? 0 : m - 1;
            case REFLECT: {
                if (m == 1) {
                    return 0;
                }
                int period = 2 * (m - 1);
                int r = Math.floorMod(c, period);
                return r < m ? r : period - r;
            }
            default:
                throw new AssertionError(mode);
        }
    }

    @Override
    public String kind() {
        return "pad";
    }

    @Override
    public String summary() {
        return "pad " + mode.name().toLowerCase(java.util.Locale.ROOT) + " " + Arrays.deepToString(pads)
                + (mode == Mode.CONSTANT ? " value " + fill() : "") + " -> " + Shapes.toString(outputShape());
    }
}
