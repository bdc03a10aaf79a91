package dev.netjac.layers;

import dev.netjac.graph.Shapes;

/**
 * What max and average pooling share: a window over [steps, C] or [H, W, C] described by a
 * {@link PoolGeometry}. The rules themselves (a maximum with its argmax, a mean) live in the subclasses.
 */
abstract class WindowPooling extends Layer {
    protected final PoolGeometry g;
    private final String name;

    /** @param name {@code "max_pooling"} or {@code "average_pooling"}; the kind adds 1d or 2d */
    WindowPooling(String id, int[] inputShape, PoolGeometry geometry, String name) {
        super(id, inputShape, geometry.outputShape());
        this.g = geometry;
        this.name = name;
    }

    public PoolGeometry geometry() {
        return g;
    }

    @Override
    public String kind() {
        return name + (g.oneD() ? "1d" : "2d");
    }

    @Override
    public String summary() {
        return kind() + " " + g.describe() + " -> " + Shapes.toString(outputShape());
    }
}
