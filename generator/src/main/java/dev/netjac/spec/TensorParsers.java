package dev.netjac.spec;

import dev.netjac.graph.Shapes;
import dev.netjac.layers.Affine;
import dev.netjac.layers.Broadcasting;
import dev.netjac.layers.Layer;
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
}
