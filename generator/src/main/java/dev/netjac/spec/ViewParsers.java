package dev.netjac.spec;

import dev.netjac.UserText;
import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.graph.Shapes;
import dev.netjac.layers.Identity;
import dev.netjac.layers.Layer;
import dev.netjac.layers.Reshape;
import java.util.List;

/** Spec types that only rename the shape or do nothing at inference: {@code reshape}, {@code identity}, {@code dropout}. */
final class ViewParsers {
    private ViewParsers() {}

    /** {@code reshape}: {@code target_shape}, a list of dimensions without the batch, one of which may be -1. */
    static List<Layer> reshape(JsonObject json, int[] shape, ParseContext context) {
        List<JsonNode> dims = json.requireArray("target_shape");
        if (dims.isEmpty() || dims.size() > 8) {
            throw json.error("'target_shape': expected 1 to 8 dimensions, found " + dims.size());
        }
        int[] target = new int[dims.size()];
        int inferred = -1;
        long known = 1;
        for (int d = 0; d < target.length; d++) {
            JsonNode dim = dims.get(d);
            boolean valid = dim.isIntegralNumber() && dim.canConvertToInt()
                    && (dim.intValue() == -1 || (dim.intValue() >= 1 && dim.intValue() <= Limits.MAX_DIMENSION));
            if (!valid) {
                throw json.error("'target_shape'[" + d + "]: expected -1 or an integer in [1, " + Limits.MAX_DIMENSION
                        + "], found " + UserText.describe(dim));
            }
            target[d] = dim.intValue();
            if (target[d] == -1) {
                if (inferred >= 0) {
                    throw json.error("'target_shape': at most one dimension may be -1, found -1 at [" + inferred
                            + "] and [" + d + "]");
                }
                inferred = d;
            } else {
                known *= target[d];
            }
        }
        int size = Shapes.size(shape);
        if (inferred >= 0) {
            if (known > size || size % known != 0) {
                throw json.error("'target_shape': cannot infer the -1 in " + describe(target) + ": the input "
                        + Shapes.toString(shape) + " has " + size + " values, not a multiple of " + known);
            }
            target[inferred] = (int) (size / known);
        } else if (known != size) {
            throw json.error("'target_shape': " + describe(target) + " has " + known + " values but the input "
                    + Shapes.toString(shape) + " has " + size);
        }
        json.rejectUnknownFields(List.of("type", "name", "target_shape"));
        return List.of(new Reshape(context.nextId("reshape"), shape, target));
    }

    /** {@code identity}: no fields. */
    static List<Layer> identity(JsonObject json, int[] shape, ParseContext context) {
        json.rejectUnknownFields(List.of("type", "name"));
        return List.of(new Identity(context.nextId("identity"), shape, "identity"));
    }

    /** {@code dropout}: {@code rate} in [0, 1) (default 0), checked and then ignored: inference does nothing. */
    static List<Layer> dropout(JsonObject json, int[] shape, ParseContext context) {
        double rate = json.optionalDouble("rate", 0.0);
        if (!(rate >= 0.0 && rate < 1.0)) {
            throw json.error("'rate': expected a number in [0, 1), found " + json.raw("rate").asText());
        }
        json.rejectUnknownFields(List.of("type", "name", "rate"));
        return List.of(new Identity(context.nextId("dropout"), shape, "dropout"));
    }

    /** A target shape as written, e.g. {@code (2, -1)}. */
    private static String describe(int[] target) {
        return Shapes.toString(target);
    }
}
