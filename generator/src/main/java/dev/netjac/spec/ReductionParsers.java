package dev.netjac.spec;

import dev.netjac.layers.Layer;
import dev.netjac.layers.ReduceMax;
import dev.netjac.layers.ReduceSum;
import java.util.List;

/**
 * Parsers of {@code reduce_sum}, {@code reduce_mean} and {@code reduce_max}: {@code axes} (distinct, negative
 * counting from the end; absent: every axis, as ONNX) and {@code keepdims} (default true, as ONNX). Registered
 * in {@link SpecTypes}; documented in docs/layers-tensor.md.
 */
final class ReductionParsers {
    private ReductionParsers() {}

    static List<Layer> reduceSum(JsonObject json, int[] shape, ParseContext context) {
        return List.of(new ReduceSum(context.nextId("reduceSum"), shape, axes(json, shape), keepdims(json), false));
    }

    static List<Layer> reduceMean(JsonObject json, int[] shape, ParseContext context) {
        return List.of(new ReduceSum(context.nextId("reduceMean"), shape, axes(json, shape), keepdims(json), true));
    }

    static List<Layer> reduceMax(JsonObject json, int[] shape, ParseContext context) {
        return List.of(new ReduceMax(context.nextId("reduceMax"), shape, axes(json, shape), keepdims(json)));
    }

    private static boolean keepdims(JsonObject json) {
        boolean keepdims = json.optionalBoolean("keepdims", true);
        json.rejectUnknownFields(List.of("type", "name", "axes", "keepdims"));
        return keepdims;
    }

    private static int[] axes(JsonObject json, int[] shape) {
        if (!json.has("axes")) {
            json.raw("axes");
            int[] all = new int[shape.length];
            for (int a = 0; a < all.length; a++) {
                all[a] = a;
            }
            return all;
        }
        int[] axes = TensorParsers.axes(json, "axes", shape);
        if (axes.length == 0) {
            throw json.error("'axes': expected at least one axis, found []; omit 'axes' to reduce over every axis");
        }
        for (int i = 0; i < axes.length; i++) {
            for (int k = 0; k < i; k++) {
                if (axes[k] == axes[i]) {
                    throw json.error("'axes': expected distinct axes, found " + TensorParsers.written(json.raw("axes"))
                            + " (axis " + axes[i] + " twice)");
                }
            }
        }
        return axes;
    }
}
