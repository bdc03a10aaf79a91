package dev.netjac.spec;

import dev.netjac.layers.Add;
import dev.netjac.layers.Concatenate;
import dev.netjac.layers.Divide;
import dev.netjac.layers.Layer;
import dev.netjac.layers.Multiply;
import dev.netjac.layers.Subtract;
import java.util.List;

/**
 * Parsers of the spec types that merge two or more inputs (listed in the layer's {@code "inputs"}): where the
 * branches of a residual network meet. Registered, with their arity, in {@link SpecTypes}.
 */
final class MergeParsers {
    private MergeParsers() {}

    static Layer add(JsonObject json, List<int[]> shapes, ParseContext context) {
        return elementwise(json, () -> new Add(context.nextId("add"), shapes));
    }

    static Layer subtract(JsonObject json, List<int[]> shapes, ParseContext context) {
        return elementwise(json, () -> new Subtract(context.nextId("subtract"), shapes));
    }

    static Layer divide(JsonObject json, List<int[]> shapes, ParseContext context) {
        return elementwise(json, () -> new Divide(context.nextId("divide"), shapes));
    }

    static Layer multiply(JsonObject json, List<int[]> shapes, ParseContext context) {
        return elementwise(json, () -> new Multiply(context.nextId("multiply"), shapes));
    }

    private static Layer elementwise(JsonObject json, java.util.function.Supplier<Layer> make) {
        json.rejectUnknownFields(List.of("type", "name", "inputs"));
        return make.get();
    }

    static Layer concatenate(JsonObject json, List<int[]> shapes, ParseContext context) {
        int rank = shapes.get(0).length;
        int axis = json.has("axis") ? json.requireInt("axis", -rank, rank - 1) : -1;
        json.rejectUnknownFields(List.of("type", "name", "inputs", "axis"));
        return new Concatenate(context.nextId("concatenate"), shapes, axis < 0 ? axis + rank : axis);
    }
}
