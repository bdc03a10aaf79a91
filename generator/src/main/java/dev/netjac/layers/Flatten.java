package dev.netjac.layers;

import dev.netjac.graph.Shapes;

/** Flattens the input to rank 1: values are already stored flat in row-major order, so this is a view. */
public final class Flatten extends ShapeView {

    public Flatten(String id, int[] inputShape) {
        super(id, inputShape, new int[] {Shapes.size(inputShape)});
    }

    @Override
    public String kind() {
        return "flatten";
    }
}
