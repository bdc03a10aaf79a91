package dev.netjac.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.UserText;
import dev.netjac.graph.Shapes;
import dev.netjac.layers.Affine;
import dev.netjac.layers.Broadcasting;
import dev.netjac.layers.Layer;
import dev.netjac.layers.Transpose;
import dev.netjac.weights.Tensor;
import java.util.List;

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
}
