package dev.netjac.spec;

import dev.netjac.layers.Add;
import dev.netjac.layers.Concatenate;
import dev.netjac.layers.Layer;
import dev.netjac.layers.Multiply;
import dev.netjac.layers.Subtract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry of spec layer types that merge two or more inputs (listed in the layer's {@code "inputs"}):
 * where the branches of a residual network meet.
 */
final class MergeParsers {
    private MergeParsers() {}

    interface Parser {
        Layer parse(JsonObject json, List<int[]> inputShapes, LayerParsers.Context context);
    }

    private static final Map<String, Parser> PARSERS = new TreeMap<>();

    static {
        PARSERS.put("add", (json, shapes, context) -> elementwise(json, () -> new Add(context.nextId("add"), shapes)));
        PARSERS.put("subtract", (json, shapes, context) -> elementwise(json, () -> new Subtract(context.nextId("subtract"), shapes)));
        PARSERS.put("multiply", (json, shapes, context) -> elementwise(json, () -> new Multiply(context.nextId("multiply"), shapes)));
        PARSERS.put("concatenate", MergeParsers::concatenate);
    }

    static Parser forType(String type) {
        return PARSERS.get(type);
    }

    static List<String> knownTypes() {
        return new ArrayList<>(PARSERS.keySet());
    }

    private static Layer elementwise(JsonObject json, java.util.function.Supplier<Layer> make) {
        json.rejectUnknownFields(List.of("type", "name", "inputs"));
        return make.get();
    }

    private static Layer concatenate(JsonObject json, List<int[]> shapes, LayerParsers.Context context) {
        int rank = shapes.get(0).length;
        int axis = json.has("axis") ? json.requireInt("axis", -rank, rank - 1) : -1;
        json.rejectUnknownFields(List.of("type", "name", "inputs", "axis"));
        return new Concatenate(context.nextId("concatenate"), shapes, axis < 0 ? axis + rank : axis);
    }
}
