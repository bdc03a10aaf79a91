package dev.netjac.spec;

import dev.netjac.UserText;
import dev.netjac.graph.Shapes;
import dev.netjac.layers.AveragePooling;
import dev.netjac.layers.GlobalPooling;
import dev.netjac.layers.Layer;
import dev.netjac.layers.MaxPooling;
import dev.netjac.layers.PoolGeometry;
import java.util.Arrays;
import java.util.List;

/**
 * Spec parsers for the pooling layers (registered in {@link SpecTypes}); the math lives in
 * {@link MaxPooling}, {@link AveragePooling}, {@link GlobalPooling} and {@link PoolGeometry}. Field names are
 * Keras's: {@code pool_size} and {@code strides} (an int or a list of one int per spatial axis; strides
 * default to the pool size), {@code padding} ("valid" or "same"), {@code keepdims} for global pooling, and
 * an optional {@code data_format} that must be "channels_last".
 */
final class PoolingParsers {
    private PoolingParsers() {}

    private static final List<String> WINDOW_FIELDS = List.of("type", "name", "pool_size", "strides", "padding", "data_format");
    private static final List<String> GLOBAL_FIELDS = List.of("type", "name", "keepdims", "data_format");

    static List<Layer> maxPooling1d(JsonObject json, int[] shape, ParseContext context) {
        return windowed(json, shape, context, true, 1);
    }

    static List<Layer> maxPooling2d(JsonObject json, int[] shape, ParseContext context) {
        return windowed(json, shape, context, true, 2);
    }

    static List<Layer> averagePooling1d(JsonObject json, int[] shape, ParseContext context) {
        return windowed(json, shape, context, false, 1);
    }

    static List<Layer> averagePooling2d(JsonObject json, int[] shape, ParseContext context) {
        return windowed(json, shape, context, false, 2);
    }

    static List<Layer> globalMaxPooling1d(JsonObject json, int[] shape, ParseContext context) {
        return global(json, shape, context, true, 1);
    }

    static List<Layer> globalMaxPooling2d(JsonObject json, int[] shape, ParseContext context) {
        return global(json, shape, context, true, 2);
    }

    static List<Layer> globalAveragePooling1d(JsonObject json, int[] shape, ParseContext context) {
        return global(json, shape, context, false, 1);
    }

    static List<Layer> globalAveragePooling2d(JsonObject json, int[] shape, ParseContext context) {
        return global(json, shape, context, false, 2);
    }

    private static String typeName(boolean max, boolean global, int rank) {
        return (global ? "global_" : "") + (max ? "max" : "average") + "_pooling" + rank + "d";
    }

    private static List<Layer> windowed(JsonObject json, int[] shape, ParseContext context, boolean max, int rank) {
        String type = typeName(max, false, rank);
        requireRank(json, shape, type, rank);
        int[] pool = json.positiveIntOrList("pool_size", rank, filled(rank, 2));
        int[] strides = json.positiveIntOrList("strides", rank, pool);
        String padding = json.optionalString("padding", "valid");
        if (!padding.equals("valid") && !padding.equals("same")) {
            throw json.error("'padding': expected \"valid\" or \"same\", found " + UserText.quote(padding));
        }
        channelsLast(json);
        boolean same = padding.equals("same");
        String[] axes = rank == 1 ? new String[] {"length"} : new String[] {"height", "width"};
        for (int i = 0; i < rank; i++) {
            if (!same && pool[i] > shape[i]) {
                throw json.error("'pool_size': " + pool[i] + " is larger than the input's " + axes[i] + " of " + shape[i]
                        + " (input shape " + Shapes.toString(shape) + ") with \"padding\": \"valid\"; use a smaller pool or"
                        + " \"padding\": \"same\"");
            }
        }
        json.rejectUnknownFields(WINDOW_FIELDS);
        PoolGeometry geometry = PoolGeometry.of(shape, pool, strides, same);
        String id = context.nextId(max ? "maxPool" : "averagePool");
        return List.of(max ? new MaxPooling(id, shape, geometry) : new AveragePooling(id, shape, geometry));
    }

    private static List<Layer> global(JsonObject json, int[] shape, ParseContext context, boolean max, int rank) {
        requireRank(json, shape, typeName(max, true, rank), rank);
        boolean keepdims = json.optionalBoolean("keepdims", false);
        channelsLast(json);
        json.rejectUnknownFields(GLOBAL_FIELDS);
        String id = context.nextId(max ? "globalMaxPool" : "globalAveragePool");
        return List.of(new GlobalPooling(id, shape, max, keepdims));
    }

    private static void requireRank(JsonObject json, int[] shape, String type, int rank) {
        if (shape.length != rank + 1) {
            String expected = rank == 1 ? "[steps, channels]" : "[height, width, channels]";
            String other = shape.length == 2 || shape.length == 3
                    ? "; for a rank-" + shape.length + " input use " + type.replace(rank + "d", (shape.length - 1) + "d") : "";
            throw json.error(type + " expects a rank-" + (rank + 1) + " input " + expected + ", found shape "
                    + Shapes.toString(shape) + other);
        }
    }

    /** netjac's values are channels_last; a Keras config may say so explicitly. */
    private static void channelsLast(JsonObject json) {
        String format = json.optionalString("data_format", "channels_last");
        if (!format.equals("channels_last")) {
            throw json.error("'data_format': only \"channels_last\" is supported, found " + UserText.quote(format));
        }
    }

    private static int[] filled(int count, int value) {
        int[] values = new int[count];
        Arrays.fill(values, value);
        return values;
    }
}
