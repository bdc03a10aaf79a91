package dev.netjac.layers;

import dev.netjac.graph.Shapes;

/**
 * Keras {@code Reshape}: the same values, row-major, under another shape of the same size. A view.
 */
public final class Reshape extends ShapeView {

    public Reshape(String id, int[] inputShape, int[] targetShape) {
        super(id, inputShape, targetShape);
    }

    @Override
    public String kind() {
        return "reshape";
    }

    @Override
    public String summary() {
        return "reshape " + Shapes.toString(inputShape()) + " -> " + Shapes.toString(outputShape());
    }
}
