package dev.netjac.layers;

import dev.netjac.graph.Shapes;

/**
 * numpy.broadcast_to(x, shape): the input stretched along its size-1 axes and new leading axes (ONNX's
 * {@code Expand}, and a computed operand of an elementwise op broadcast to the other's shape). An
 * {@link IndexMap} that reads inputs several times, so a cotangent row is a scatter-add: the sum over the
 * copies.
 */
public final class Broadcast extends IndexMap {

    /** @param shape a shape {@code inputShape} broadcasts to ({@link Broadcasting#fits}) */
    public Broadcast(String id, int[] inputShape, int[] shape) {
        super(id, inputShape, shape, Broadcasting.sources(inputShape, shape), 0.0);
    }

    @Override
    public String kind() {
        return "broadcast";
    }

    @Override
    public String summary() {
        return "broadcast " + Shapes.toString(inputShape()) + " -> " + Shapes.toString(outputShape());
    }
}
