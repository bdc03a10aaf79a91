package dev.netjac.graph;

import dev.netjac.layers.Layer;
import java.util.List;

/**
 * A network as netjac understands it, independent of the file format it came from: an input shape and a
 * chain of layers, each knowing its own shapes and weights. Importers build graphs; everything downstream
 * (reference evaluator, planner, emitter) reads them.
 *
 * @param name the model's name (used for the default class name)
 * @param source where the model came from, for headers and messages (a file name)
 * @param inputShape the input shape, without the batch dimension
 * @param layers the layers in evaluation order; each layer's input shape is its predecessor's output shape
 * @param jacobianMode the accumulation mode the model asks for, {@code auto} unless the spec says otherwise
 */
public record Graph(String name, String source, int[] inputShape, List<Layer> layers, JacobianMode jacobianMode) {

    public Graph {
        inputShape = inputShape.clone();
        layers = List.copyOf(layers);
        int[] shape = inputShape;
        for (Layer layer : layers) {
            if (!java.util.Arrays.equals(layer.inputShape(), shape)) {
                throw new IllegalArgumentException(layer.id() + " expects input " + Shapes.toString(layer.inputShape())
                        + " but follows shape " + Shapes.toString(shape));
            }
            shape = layer.outputShape();
        }
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    public int[] outputShape() {
        return layers.isEmpty() ? inputShape.clone() : layers.get(layers.size() - 1).outputShape();
    }

    /** N. */
    public int inputSize() {
        return Shapes.size(inputShape);
    }

    /** M. */
    public int outputSize() {
        return Shapes.size(outputShape());
    }

    public long parameterCount() {
        long count = 0;
        for (Layer layer : layers) {
            count += layer.parameterCount();
        }
        return count;
    }
}
