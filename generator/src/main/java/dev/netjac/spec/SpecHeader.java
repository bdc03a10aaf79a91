package dev.netjac.spec;

import dev.netjac.UserText;
import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.graph.JacobianMode;
import dev.netjac.graph.Shapes;
import java.util.List;

/**
 * A spec's top-level fields, checked: the version ({@code "netjac": 1}), {@code name}, {@code description},
 * {@code input} (shape and name), the {@code jacobian} options and the {@code layers} array, whose elements
 * {@link GraphBuilder} reads.
 */
record SpecHeader(JsonObject root, String name, int[] inputShape, String inputName, JacobianMode mode,
        List<JsonNode> layers) {

    static SpecHeader read(JsonObject root, String defaultName) {
        if (!root.has("netjac")) {
            throw root.missing("netjac", "expected the spec version, {\"netjac\": 1, ...}, at the top of a netjac spec");
        }
        JsonNode version = root.require("netjac");
        if (!version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() != 1) {
            throw root.error("'netjac': expected spec version 1, found " + UserText.describe(version));
        }
        String name = root.optionalString("name", defaultName);
        root.optionalString("description", "");
        JsonObject input = root.requireObject("input");
        int[] inputShape = shape(input, "shape");
        String inputName = input.optionalString("name", "input");
        input.rejectUnknownFields(List.of("shape", "name"));
        JacobianMode mode = jacobianMode(root);

        List<JsonNode> layers = root.requireArray("layers");
        if (layers.isEmpty()) {
            throw root.error("'layers': expected at least one layer, found none");
        }
        if (layers.size() > Limits.MAX_LAYERS) {
            throw root.error("'layers': " + layers.size() + " layers, more than the limit of " + Limits.MAX_LAYERS);
        }
        root.rejectUnknownFields(List.of("netjac", "name", "description", "input", "jacobian", "layers"));
        return new SpecHeader(root, name, inputShape, inputName, mode, layers);
    }

    private static JacobianMode jacobianMode(JsonObject root) {
        if (!root.has("jacobian")) {
            return JacobianMode.AUTO;
        }
        JsonObject jacobian = root.requireObject("jacobian");
        String modeName = jacobian.optionalString("mode", "auto");
        JacobianMode mode = JacobianMode.parse(modeName);
        if (mode == null) {
            throw jacobian.error("'mode': expected auto, reverse, forward or mixed, found " + UserText.quote(modeName));
        }
        jacobian.rejectUnknownFields(List.of("mode"));
        return mode;
    }

    private static int[] shape(JsonObject obj, String field) {
        List<JsonNode> dims = obj.requireArray(field);
        if (dims.isEmpty() || dims.size() > 8) {
            throw obj.error("'" + field + "': expected 1 to 8 dimensions, found " + dims.size());
        }
        int[] shape = new int[dims.size()];
        long size = 1;
        for (int d = 0; d < shape.length; d++) {
            JsonNode dim = dims.get(d);
            if (!dim.isIntegralNumber() || !dim.canConvertToInt() || dim.intValue() < 1 || dim.intValue() > Limits.MAX_DIMENSION) {
                throw obj.error("'" + field + "'[" + d + "]: expected an integer in [1, " + Limits.MAX_DIMENSION
                        + "], found " + UserText.describe(dim));
            }
            shape[d] = dim.intValue();
            size *= shape[d];
        }
        if (size > Limits.MAX_DIMENSION) {
            throw obj.error("'" + field + "': " + Shapes.toString(shape) + " has more than " + Limits.MAX_DIMENSION + " values");
        }
        return shape;
    }
}
