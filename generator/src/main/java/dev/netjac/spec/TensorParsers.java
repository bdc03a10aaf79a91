package dev.netjac.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.UserText;
import dev.netjac.graph.Shapes;
import dev.netjac.layers.Affine;
import dev.netjac.layers.Broadcasting;
import dev.netjac.layers.Broadcast;
import dev.netjac.layers.Layer;
import dev.netjac.layers.Pad;
import dev.netjac.layers.Patches;
import dev.netjac.layers.Slice;
import dev.netjac.layers.Transpose;
import dev.netjac.weights.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Parsers of the tensor spec types that ONNX and scikit-learn models need: {@code affine} and the index maps
 * ({@code transpose}, ...), whose layers are documented in docs/layers-tensor.md. Registered in
 * {@link SpecTypes}.
 */
final class TensorParsers {
    private TensorParsers() {}

    /** {@code affine}: weights {@code scale} and/or {@code offset}, each broadcasting to the input. */
    static List<Layer> affine(JsonObject json, int[] shape, ParseContext context) {
        if (!json.has("scale") && !json.has("offset")) {
            throw json.missing("scale", "an affine layer needs 'scale', 'offset' or both");
        }
        Tensor scale = broadcastWeight(json, "scale", shape, context);
        Tensor offset = broadcastWeight(json, "offset", shape, context);
        json.rejectUnknownFields(List.of("type", "name", "scale", "offset"));
        return List.of(new Affine(context.nextId("affine"), shape, scale, offset));
    }

    /** The optional weight {@code field}, checked to broadcast to {@code shape}; null when absent. */
    private static Tensor broadcastWeight(JsonObject json, String field, int[] shape, ParseContext context) {
        if (!json.has(field)) {
            json.raw(field);
            return null;
        }
        Tensor weight = context.weight(json, field);
        if (!Broadcasting.fits(weight.shape(), shape)) {
            throw json.error(field + " " + CoreParsers.refName(json, field) + "has shape " + weight.shapeString()
                    + ", which does not broadcast to the input " + Shapes.toString(shape)
                    + " (expected each trailing dimension 1 or equal to the input's)");
        }
        return weight;
    }

    /**
     * {@code transpose}: {@code perm}, a permutation of the input's axes (negative axes count from the end);
     * absent, the axes are reversed, as numpy.transpose does.
     */
    static List<Layer> transpose(JsonObject json, int[] shape, ParseContext context) {
        int rank = shape.length;
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = rank - 1 - i;
        }
        if (json.has("perm")) {
            perm = axes(json, "perm", shape);
            if (perm.length != rank) {
                throw json.error("'perm': expected " + rank + " axes, one per axis of the input " + Shapes.toString(shape)
                        + ", found " + perm.length);
            }
            for (int i = 0; i < rank; i++) {
                for (int k = 0; k < i; k++) {
                    if (perm[k] == perm[i]) {
                        throw json.error("'perm': expected a permutation of 0.." + (rank - 1) + ", found "
                                + written(json.raw("perm")) + " (axis " + perm[i] + " twice)");
                    }
                }
            }
        } else {
            json.raw("perm");
        }
        json.rejectUnknownFields(List.of("type", "name", "perm"));
        return List.of(new Transpose(context.nextId("transpose"), shape, perm));
    }

    /**
     * A list of axes of {@code shape} in {@code field}, each in [-rank, rank - 1], returned as 0..rank-1 (no
     * batch axis, as everywhere in a spec).
     */
    static int[] axes(JsonObject json, String field, int[] shape) {
        int rank = shape.length;
        List<JsonNode> items = json.requireArray(field);
        int[] axes = new int[items.size()];
        for (int i = 0; i < axes.length; i++) {
            JsonNode item = items.get(i);
            if (!item.isIntegralNumber() || !item.canConvertToInt() || item.intValue() < -rank || item.intValue() >= rank) {
                throw json.error("'" + field + "'[" + i + "]: expected an axis in [" + -rank + ", " + (rank - 1)
                        + "] of the input " + Shapes.toString(shape) + " (no batch axis), found " + UserText.describe(item));
            }
            axes[i] = item.intValue() < 0 ? item.intValue() + rank : item.intValue();
        }
        return axes;
    }

    /** A list of ints as the user wrote it, e.g. {@code [0, -1]}, for messages. */
    static String written(JsonNode list) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < list.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(list.get(i).asText());
        }
        return sb.append(']').toString();
    }

    /** {@code pad}: {@code pads} (a [before, after] pair per axis), {@code mode} and, for constant, {@code value}. */
    static List<Layer> pad(JsonObject json, int[] shape, ParseContext context) {
        int[][] pads = pairs(json, "pads", shape.length, shape, true);
        String modeName = json.optionalString("mode", "constant");
        Pad.Mode mode;
        try {
            mode = Pad.Mode.valueOf(modeName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw json.error("'mode': expected \"constant\", \"reflect\" or \"edge\", found " + UserText.quote(modeName));
        }
        if (mode != Pad.Mode.CONSTANT && json.has("value")) {
            throw json.error("'value' given but mode " + modeName + " takes its values from the input; remove it");
        }
        double value = padValue(json, "value");
        for (int a = 0; a < shape.length; a++) {
            int kept = Pad.cropped(shape, pads, a);
            if (kept < 1 || kept + Math.max(0, pads[a][0]) + Math.max(0, pads[a][1]) > Limits.MAX_DIMENSION) {
                throw json.error("'pads'[" + a + "]: " + written(json.raw("pads").get(a)) + " leaves " + kept
                        + " of the " + shape[a] + " cells of axis " + a + " of the input " + Shapes.toString(shape)
                        + ", expected at least 1");
            }
        }
        long size = 1;
        for (int d : Pad.padded(shape, pads)) {
            size *= d;
        }
        if (size > Limits.MAX_DIMENSION) {
            throw json.error("'pads': the padded output " + Shapes.toString(Pad.padded(shape, pads)) + " has more than "
                    + Limits.MAX_DIMENSION + " values");
        }
        json.rejectUnknownFields(List.of("type", "name", "pads", "mode", "value"));
        return List.of(new Pad(context.nextId("pad"), shape, pads, mode, value));
    }

    /** A pad value: a finite number, or the string "-inf" or "inf" (a max pool's padding); 0 when absent. */
    static double padValue(JsonObject json, String field) {
        if (json.has(field) && json.raw(field).isTextual()) {
            String text = json.requireString(field);
            if (text.equals("-inf")) {
                return Double.NEGATIVE_INFINITY;
            }
            if (text.equals("inf")) {
                return Double.POSITIVE_INFINITY;
            }
            throw json.error("'" + field + "': expected a number, \"-inf\" or \"inf\", found " + UserText.quote(text));
        }
        return json.optionalDouble(field, 0.0);
    }

    /**
     * {@code count} pairs of ints in {@code field}, [[b0, a0], [b1, a1], ...]: for {@code pads}, one per axis
     * of {@code shape} ({@code negative}: counts below 0 allowed, they crop).
     */
    static int[][] pairs(JsonObject json, String field, int count, int[] shape, boolean negative) {
        List<JsonNode> items = json.requireArray(field);
        if (items.size() != count) {
            throw json.error("'" + field + "': expected " + count + " [before, after] pairs, one per axis of the input "
                    + Shapes.toString(shape) + ", found " + items.size());
        }
        int[][] pairs = new int[count][2];
        for (int i = 0; i < count; i++) {
            JsonNode pair = items.get(i);
            boolean ok = pair.isArray() && pair.size() == 2;
            for (int k = 0; ok && k < 2; k++) {
                JsonNode v = pair.get(k);
                ok = v.isIntegralNumber() && v.canConvertToInt() && Math.abs(v.intValue()) <= Limits.MAX_DIMENSION
                        && (negative || v.intValue() >= 0);
                pairs[i][k] = ok ? v.intValue() : 0;
            }
            if (!ok) {
                throw json.error("'" + field + "'[" + i + "]: expected [before, after], two integers"
                        + (negative ? "" : " >= 0") + ", found " + UserText.describe(pair));
            }
        }
        return pairs;
    }

    /**
     * {@code slice}: {@code starts}, {@code ends} and {@code steps} (default 1), one entry per axis, each axis
     * {@code x[start:end:step]} as in Python; a null start or end runs to the end in the step's direction.
     */
    static List<Layer> slice(JsonObject json, int[] shape, ParseContext context) {
        int rank = shape.length;
        long[] starts = bounds(json, "starts", shape, true, 0);
        long[] ends = bounds(json, "ends", shape, true, 0);
        long[] steps = json.has("steps") ? bounds(json, "steps", shape, false, 1) : null;
        if (!json.has("steps")) {
            json.raw("steps");
            steps = new long[rank];
            Arrays.fill(steps, 1);
        }
        int[] first = new int[rank];
        int[] step = new int[rank];
        int[] counts = new int[rank];
        for (int a = 0; a < rank; a++) {
            if (steps[a] == 0) {
                throw json.error("'steps'[" + a + "]: expected a non-zero step, found 0");
            }
            long[] resolved = Slice.resolve(starts[a], ends[a], steps[a], shape[a]);
            if (resolved[1] < 1) {
                throw json.error("axis " + a + " of the input " + Shapes.toString(shape) + ": [" + bound(starts[a]) + ":"
                        + bound(ends[a]) + ":" + steps[a] + "] selects nothing, expected at least one index");
            }
            first[a] = (int) resolved[0];
            step[a] = (int) Math.max(-Limits.MAX_DIMENSION, Math.min(Limits.MAX_DIMENSION, steps[a]));
            counts[a] = (int) resolved[1];
        }
        json.rejectUnknownFields(List.of("type", "name", "starts", "ends", "steps"));
        return List.of(new Slice(context.nextId("slice"), shape, first, step, counts));
    }

    private static String bound(long value) {
        return value == Long.MIN_VALUE ? "" : Long.toString(value);
    }

    /** One integer (or, {@code nullable}, null: Long.MIN_VALUE) per axis; any size, as Python clamps. */
    private static long[] bounds(JsonObject json, String field, int[] shape, boolean nullable, long fallback) {
        List<JsonNode> items = json.requireArray(field);
        if (items.size() != shape.length) {
            throw json.error("'" + field + "': expected " + shape.length + " entries, one per axis of the input "
                    + Shapes.toString(shape) + ", found " + items.size());
        }
        long[] values = new long[items.size()];
        for (int a = 0; a < values.length; a++) {
            JsonNode item = items.get(a);
            if (nullable && item.isNull()) {
                values[a] = Long.MIN_VALUE;
            } else if (item.isIntegralNumber() && item.canConvertToLong() && item.longValue() != Long.MIN_VALUE) {
                values[a] = item.longValue();
            } else {
                throw json.error("'" + field + "'[" + a + "]: expected an integer" + (nullable ? " or null" : "")
                        + ", found " + UserText.describe(item));
            }
        }
        return values;
    }

    /** {@code broadcast}: {@code shape}, a shape the input broadcasts to (numpy.broadcast_to). */
    static List<Layer> broadcast(JsonObject json, int[] shape, ParseContext context) {
        List<JsonNode> dims = json.requireArray("shape");
        int[] target = new int[dims.size()];
        for (int d = 0; d < target.length; d++) {
            JsonNode dim = dims.get(d);
            if (!dim.isIntegralNumber() || !dim.canConvertToInt() || dim.intValue() < 1 || dim.intValue() > Limits.MAX_DIMENSION) {
                throw json.error("'shape'[" + d + "]: expected an integer in [1, " + Limits.MAX_DIMENSION + "], found "
                        + UserText.describe(dim));
            }
            target[d] = dim.intValue();
        }
        if (target.length < 1 || target.length > 8 || !Broadcasting.fits(shape, target)) {
            throw json.error("'shape': the input " + Shapes.toString(shape) + " does not broadcast to "
                    + Shapes.toString(target) + " (expected at least as many axes, each input dimension 1 or equal)");
        }
        if ((long) Shapes.size(target) > Limits.MAX_DIMENSION) {
            throw json.error("'shape': " + Shapes.toString(target) + " has more than " + Limits.MAX_DIMENSION + " values");
        }
        json.rejectUnknownFields(List.of("type", "name", "shape"));
        return List.of(new Broadcast(context.nextId("broadcast"), shape, target));
    }

    /** {@code patches}: im2col on a channels-last input with 1 to 3 spatial axes. */
    static List<Layer> patches(JsonObject json, int[] shape, ParseContext context) {
        int k = shape.length - 1;
        if (k < 1 || k > 3) {
            throw json.error("expected a channels-last input with 1 to 3 spatial axes, (s1, ..., sk, C), found "
                    + Shapes.toString(shape));
        }
        int[] ones = new int[k];
        Arrays.fill(ones, 1);
        int[] kernel = json.positiveIntOrList("kernel_size", k, null);
        int[] strides = json.positiveIntOrList("strides", k, ones);
        int[] dilations = json.positiveIntOrList("dilation_rate", k, ones);
        int[] inputDilations = json.positiveIntOrList("input_dilation", k, ones);
        int[] spatial = Arrays.copyOf(shape, k);
        int[][] pads = json.has("pads") ? pairs(json, "pads", k, spatial, true) : new int[k][2];
        double padValue = padValue(json, "pad_value");
        Patches.Geometry g = new Patches.Geometry(kernel, strides, dilations, pads, inputDilations);
        long size = shape[k];
        for (int i = 0; i < k; i++) {
            long o = g.outputSize(i, shape[i]);
            if (o < 1) {
                throw json.error("spatial axis " + i + " of the input " + Shapes.toString(shape) + ": a kernel of "
                        + kernel[i] + " with dilation " + dilations[i] + " does not fit the " + shape[i]
                        + " cells (input dilation " + inputDilations[i] + ", pads [" + pads[i][0] + ", " + pads[i][1]
                        + "]), expected at least one window");
            }
            size *= o * kernel[i];
        }
        if (size > Limits.MAX_DIMENSION) {
            throw json.error("the patches have more than " + Limits.MAX_DIMENSION + " values");
        }
        json.rejectUnknownFields(List.of("type", "name", "kernel_size", "strides", "dilation_rate", "pads",
                "input_dilation", "pad_value"));
        return List.of(new Patches(context.nextId("patches"), shape, g, padValue));
    }
}
