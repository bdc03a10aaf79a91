package dev.netjac.picture;

import dev.netjac.NetjacException;
import dev.netjac.graph.Shapes;

/**
 * How a network's flattened input is laid out as a picture: a vector, or an image of height × width × channels
 * stored channels-last (H, W, C: Keras, TensorFlow) or channels-first (C, H, W: ONNX, PyTorch).
 *
 * @param layout how the flat input index maps to (row, column, channel)
 * @param height image rows (1 for a vector)
 * @param width image columns (the input size for a vector)
 * @param channels channels per pixel (1 for a vector)
 */
public record InputGeometry(Layout layout, int height, int width, int channels) {

    /** How the input is stored. */
    public enum Layout {
        /** Image for rank 2 (H, W) and rank 3 with 1–4 channels last, else channels-first when that fits, else vector. */
        AUTO,
        /** One input vector: an M × N heatmap. */
        VECTOR,
        /** (H, W, C) or (H, W). */
        CHANNELS_LAST,
        /** (C, H, W). */
        CHANNELS_FIRST;

        /** Parses {@code auto}, {@code vector}, {@code channels-last}, {@code channels-first}; null when none. */
        public static Layout parse(String text) {
            for (Layout layout : values()) {
                if (layout.name().replace('_', '-').equalsIgnoreCase(text)) {
                    return layout;
                }
            }
            return null;
        }
    }

    /** The largest channel count that reads as colour or alpha planes rather than features. */
    private static final int MAX_IMAGE_CHANNELS = 4;

    /** Resolves {@code requested} for an input of shape {@code shape} (batch dimension excluded). */
    public static InputGeometry of(int[] shape, Layout requested) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        int rank = shape.length;
        switch (requested) {
            case VECTOR:
                return new InputGeometry(Layout.VECTOR, 1, size, 1);
            case CHANNELS_LAST:
                if (rank == 2) {
                    return new InputGeometry(Layout.CHANNELS_LAST, shape[0], shape[1], 1);
                }
                if (rank == 3) {
                    return new InputGeometry(Layout.CHANNELS_LAST, shape[0], shape[1], shape[2]);
                }
                throw new NetjacException("input shape " + Shapes.toString(shape) + " is not an image: channels-last expects (H, W) or (H, W, C)");
            case CHANNELS_FIRST:
                if (rank == 3) {
                    return new InputGeometry(Layout.CHANNELS_FIRST, shape[1], shape[2], shape[0]);
                }
                throw new NetjacException("input shape " + Shapes.toString(shape) + " is not an image: channels-first expects (C, H, W)");
            default:
                if (rank == 2) {
                    return of(shape, Layout.CHANNELS_LAST);
                }
                if (rank == 3 && shape[2] <= MAX_IMAGE_CHANNELS) {
                    return of(shape, Layout.CHANNELS_LAST);
                }
                if (rank == 3 && shape[0] <= MAX_IMAGE_CHANNELS) {
                    return of(shape, Layout.CHANNELS_FIRST);
                }
                return of(shape, Layout.VECTOR);
        }
    }

    public boolean isImage() {
        return layout != Layout.VECTOR;
    }

    public int size() {
        return height * width * channels;
    }

    /** The flat input index of pixel (row, col), channel {@code ch}. */
    public int index(int row, int col, int ch) {
        return layout == Layout.CHANNELS_FIRST ? (ch * height + row) * width + col : (row * width + col) * channels + ch;
    }

    /** The layout's option spelling, e.g. {@code channels-last}. */
    public String layoutName() {
        return layout.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
