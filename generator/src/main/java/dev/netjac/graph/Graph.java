package dev.netjac.graph;

import dev.netjac.layers.Layer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A network as netjac understands it, independent of the file format it came from: an input shape and
 * layers in evaluation (topological) order, each reading the outputs of earlier layers or the network
 * input. A chain is the common case; residual networks fan out and merge again. The last layer is the
 * output. Importers build graphs; everything downstream (reference evaluator, planner, emitter) reads them.
 *
 * <p>Nodes are numbered by layer position; {@link #INPUT} (-1) stands for the network input.
 *
 * @param name the model's name (used for the default class name)
 * @param source where the model came from, for headers and messages (a file name)
 * @param inputShape the input shape, without the batch dimension
 * @param layers the layers in evaluation order
 * @param inputs for each layer, the nodes it reads, one per layer input ({@link Layer#arity()})
 * @param jacobianMode the accumulation mode the model asks for, {@code auto} unless the spec says otherwise
 */
public record Graph(String name, String source, int[] inputShape, List<Layer> layers, List<int[]> inputs,
                    JacobianMode jacobianMode) {

    /** The node number of the network input. */
    public static final int INPUT = -1;

    /** A chain: each layer reads its predecessor. */
    public Graph(String name, String source, int[] inputShape, List<Layer> layers, JacobianMode jacobianMode) {
        this(name, source, inputShape, layers, chain(layers.size()), jacobianMode);
    }

    public Graph {
        inputShape = inputShape.clone();
        layers = List.copyOf(layers);
        if (inputs.size() != layers.size()) {
            throw new IllegalArgumentException(layers.size() + " layers but " + inputs.size() + " input lists");
        }
        List<int[]> copies = new ArrayList<>();
        boolean[] used = new boolean[layers.size()];
        boolean inputUsed = layers.isEmpty();
        for (int k = 0; k < layers.size(); k++) {
            Layer layer = layers.get(k);
            int[] from = inputs.get(k).clone();
            if (from.length != layer.arity()) {
                throw new IllegalArgumentException(layer.id() + " takes " + layer.arity() + " inputs, given " + from.length);
            }
            List<int[]> expected = layer.inputShapes();
            for (int i = 0; i < from.length; i++) {
                if (from[i] < INPUT || from[i] >= k) {
                    throw new IllegalArgumentException(layer.id() + " reads node " + from[i] + ", which is not an earlier layer");
                }
                int[] shape = from[i] == INPUT ? inputShape : layers.get(from[i]).outputShape();
                if (!Arrays.equals(expected.get(i), shape)) {
                    throw new IllegalArgumentException(layer.id() + " expects input " + Shapes.toString(expected.get(i))
                            + " but reads shape " + Shapes.toString(shape)
                            + (from[i] == INPUT ? " (the network input)" : " from " + layers.get(from[i]).id()));
                }
                if (from[i] == INPUT) {
                    inputUsed = true;
                } else {
                    used[from[i]] = true;
                }
            }
            copies.add(from);
        }
        for (int k = 0; k + 1 < layers.size(); k++) {
            if (!used[k]) {
                throw new IllegalArgumentException(layers.get(k).id() + " is not read by any later layer and is not the output");
            }
        }
        if (!inputUsed) {
            throw new IllegalArgumentException("no layer reads the network input");
        }
        inputs = List.copyOf(copies);
    }

    private static List<int[]> chain(int size) {
        List<int[]> inputs = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            inputs.add(new int[] {k - 1});
        }
        return inputs;
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** The nodes layer {@code k} reads. */
    public int[] inputsOf(int k) {
        return inputs.get(k).clone();
    }

    /** The shape of node {@code node}'s value ({@link #INPUT} for the network input). */
    public int[] shapeOf(int node) {
        return node == INPUT ? inputShape.clone() : layers.get(node).outputShape();
    }

    /** True when every layer reads exactly its predecessor. */
    public boolean isChain() {
        for (int k = 0; k < layers.size(); k++) {
            int[] from = inputs.get(k);
            if (from.length != 1 || from[0] != k - 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when every path from the input to the output passes through node {@code k}: no layer after k
     * reads a node before it. Such a node splits the Jacobian into a product of two Jacobians.
     */
    public boolean isCut(int k) {
        for (int v = k + 1; v < layers.size(); v++) {
            for (int from : inputs.get(v)) {
                if (from < k) {
                    return false;
                }
            }
        }
        return true;
    }

    /** How many layer inputs read node {@code node}. */
    public int readers(int node) {
        int count = 0;
        for (int[] from : inputs) {
            for (int f : from) {
                if (f == node) {
                    count++;
                }
            }
        }
        return count;
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
