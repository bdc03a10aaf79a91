package dev.netjac.testing;

import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Activation;
import dev.netjac.layers.Add;
import dev.netjac.layers.Concatenate;
import dev.netjac.layers.Flatten;
import dev.netjac.layers.Layer;
import dev.netjac.layers.Multiply;
import dev.netjac.layers.Softmax;
import dev.netjac.layers.Subtract;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random residual graphs for differential tests: branches that fan out and meet again through every merge
 * kind (add of two or three, subtract, multiply, concatenate on the last or first axis), a value read twice
 * by one merge, branches that skip several layers, and views on a branch.
 */
public final class RandomGraphs {
    private final Random random;
    private final List<Layer> layers = new ArrayList<>();
    private final List<int[]> inputs = new ArrayList<>();
    private int position;
    private int[] inputShape;

    private RandomGraphs(long seed) {
        this.random = new Random(seed * 104729 + 7);
    }

    public static Graph create(long seed) {
        return new RandomGraphs(seed).build(seed);
    }

    private Graph build(long seed) {
        int current;
        if (random.nextInt(4) == 0) {
            // A rank-2 input joined with itself along its first axis, then flattened.
            inputShape = new int[] {1 + random.nextInt(4), 1 + random.nextInt(5)};
            int joined = add(new Concatenate("concatenate" + position, List.of(inputShape, inputShape), 0), Graph.INPUT, Graph.INPUT);
            current = add(new Flatten("flatten" + position, shape(joined)), joined);
        } else {
            inputShape = new int[] {RandomNetworks.width(random)};
            current = denseBlock(Graph.INPUT, RandomNetworks.width(random));
        }
        int blocks = 1 + random.nextInt(4);
        for (int b = 0; b < blocks; b++) {
            current = block(current);
        }
        if (random.nextBoolean()) {
            current = add(new Softmax("softmax" + position, size(current)), current);
        } else if (random.nextBoolean()) {
            current = denseBlock(current, RandomNetworks.width(random));
        }
        return new Graph("RandomGraph" + seed, "random-graph-" + seed, inputShape, layers, inputs, JacobianMode.AUTO);
    }

    /** One residual-style block starting at {@code from}; returns the node it ends in. */
    private int block(int from) {
        int w = size(from);
        switch (random.nextInt(6)) {
            case 0: {
                // y = from + f(from)
                int branch = denseBlock(from, w);
                return add(new Add("add" + position, List.of(new int[] {w}, new int[] {w})), from, branch);
            }
            case 1: {
                // y = f(from) - g(from)
                int left = denseBlock(from, w);
                int right = denseBlock(from, w);
                return add(new Subtract("subtract" + position, List.of(new int[] {w}, new int[] {w})), left, right);
            }
            case 2: {
                // y = f(from) * g(f(from)): a gate, the first branch skipping a layer
                int left = denseBlock(from, w);
                int right = denseBlock(left, w);
                return add(new Multiply("multiply" + position, List.of(new int[] {w}, new int[] {w})), left, right);
            }
            case 3: {
                // y = concat(f(from), g(from)) of different widths
                int a = denseBlock(from, RandomNetworks.width(random));
                int b = denseBlock(from, RandomNetworks.width(random));
                return add(new Concatenate("concatenate" + position, List.of(new int[] {size(a)}, new int[] {size(b)}), 0), a, b);
            }
            case 4: {
                // y = from + f(from) + g(f(from)): three inputs
                int a = denseBlock(from, w);
                int b = denseBlock(a, w);
                return add(new Add("add" + position, List.of(new int[] {w}, new int[] {w}, new int[] {w})), from, a, b);
            }
            default: {
                // y = f(from) * f(from): one value read twice by one merge
                int a = denseBlock(from, w);
                return add(new Multiply("multiply" + position, List.of(new int[] {w}, new int[] {w})), a, a);
            }
        }
    }

    /** dense then a random activation. */
    private int denseBlock(int from, int units) {
        int dense = add(RandomNetworks.dense("dense" + position, size(from), units, random), from);
        Activation activation = RandomNetworks.ACTIVATIONS[random.nextInt(RandomNetworks.ACTIVATIONS.length)];
        String id = activation.method() + (activation.method().matches(".*\\d") ? "_" : "") + position;
        return add(RandomNetworks.activation(id, units, activation, random), dense);
    }

    private int add(Layer layer, int... from) {
        layers.add(layer);
        inputs.add(from);
        position++;
        return layers.size() - 1;
    }

    private int[] shape(int node) {
        return node == Graph.INPUT ? inputShape.clone() : layers.get(node).outputShape();
    }

    private int size(int node) {
        int size = 1;
        for (int d : shape(node)) {
            size *= d;
        }
        return size;
    }
}
