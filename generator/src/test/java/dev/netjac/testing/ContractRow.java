package dev.netjac.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.graph.Shapes;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the {@link LayerContractTable}: a spec layer object exactly as a user writes it (weights inline),
 * the shapes it reads, and the rule by which its cost model is counted.
 *
 * <p>The row becomes a whole spec ({@link #spec()}) with one network input. A one-input row reads it directly.
 * A merge row of k inputs reads k slices of it: slice i is cut out by a dense layer whose kernel is a 0/1
 * selection matrix (exact in float64: each output is 1.0·x plus zeros) and reshaped to the i-th input shape.
 * The network's Jacobian is then the merge's local Jacobians side by side, [J₀ | J₁ | …].
 */
public record ContractRow(String name, List<int[]> inputShapes, ObjectNode layer, CostRule cost, boolean positive) {

    public ContractRow(String name, List<int[]> inputShapes, ObjectNode layer, CostRule cost) {
        this(name, inputShapes, layer, cost, false);
    }

    /**
     * A random network input: standard normal, or for a row of a function defined only for positive numbers
     * (log, sqrt, reciprocal: {@link #positive()}) |z| + 0.25, away from the pole at 0.
     */
    public double[] point(java.util.Random random) {
        double[] x = dev.netjac.check.Verifier.gaussian(random, networkInputSize());
        if (positive) {
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.abs(x[i]) + 0.25;
            }
        }
        return x;
    }

    /** The spec type under test, e.g. {@code conv2d}. */
    public String type() {
        return layer.get("type").asText();
    }

    public int arity() {
        return inputShapes.size();
    }

    /** Where input slice {@code i} starts in the network input. */
    public int offset(int i) {
        int offset = 0;
        for (int k = 0; k < i; k++) {
            offset += Shapes.size(inputShapes.get(k));
        }
        return offset;
    }

    /** The network input's size: all slices end to end. */
    public int networkInputSize() {
        return offset(arity());
    }

    /** The network's input split into the layer's inputs (a copy of x itself for a one-input row). */
    public double[][] split(double[] x) {
        double[][] inputs = new double[arity()][];
        for (int i = 0; i < arity(); i++) {
            inputs[i] = java.util.Arrays.copyOfRange(x, offset(i), offset(i + 1));
        }
        return inputs;
    }

    /** The spec of the one-layer network (plus the slicing layers of a merge row). */
    public ObjectNode spec() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode spec = f.objectNode().put("netjac", 1).put("name", "ContractRow");
        ArrayNode layers = spec.putArray("layers");
        ObjectNode layerUnderTest = layer.deepCopy();
        if (arity() == 1) {
            spec.putObject("input").set("shape", shape(inputShapes.get(0)));
        } else {
            int total = networkInputSize();
            spec.putObject("input").set("shape", shape(new int[] {total}));
            ArrayNode names = layerUnderTest.putArray("inputs");
            for (int i = 0; i < arity(); i++) {
                int size = Shapes.size(inputShapes.get(i));
                ArrayNode kernel = f.arrayNode();
                for (int j = 0; j < total; j++) {
                    ArrayNode row = kernel.addArray();
                    for (int u = 0; u < size; u++) {
                        row.add(j == offset(i) + u ? 1.0 : 0.0);
                    }
                }
                ObjectNode slice = layers.addObject().put("type", "dense").put("name", "slice" + i).put("units", size)
                        .put("use_bias", false);
                slice.putArray("inputs").add("input");
                slice.set("kernel", kernel);
                layers.addObject().put("type", "reshape").put("name", "input" + i).set("target_shape", shape(inputShapes.get(i)));
                names.add("input" + i);
            }
        }
        layers.add(layerUnderTest);
        return spec;
    }

    private static ArrayNode shape(int[] shape) {
        ArrayNode node = JsonNodeFactory.instance.arrayNode();
        for (int d : shape) {
            node.add(d);
        }
        return node;
    }

    /** Shapes as "(2, 3) and (2, 3)", for messages. */
    public String shapes() {
        List<String> parts = new ArrayList<>();
        for (int[] s : inputShapes) {
            parts.add(Shapes.toString(s));
        }
        return String.join(" and ", parts);
    }

    @Override
    public String toString() {
        return name;
    }
}
