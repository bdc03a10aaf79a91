package dev.netjac.spec;

import dev.netjac.layers.Layer;
import java.util.List;

/**
 * Reads one spec layer object into layers (a dense layer with an activation gives two). The input shapes
 * are those of the nodes the layer reads, as many as its {@link Arity} allows: {@link SpecTypes} checks the
 * count before calling.
 */
interface LayerParser {
    List<Layer> parse(JsonObject json, List<int[]> inputShapes, ParseContext context);

    /** The form most types are written in: a parser of a layer that reads one input. */
    interface OneInput {
        List<Layer> parse(JsonObject json, int[] inputShape, ParseContext context);
    }

    /** A parser of a layer that merges several inputs into one layer. */
    interface Merge {
        Layer parse(JsonObject json, List<int[]> inputShapes, ParseContext context);
    }
}
