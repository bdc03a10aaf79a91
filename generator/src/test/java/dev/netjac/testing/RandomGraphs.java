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
        if (random.nextInt(3) == 0) {
            // An image through a residual conv block, then pooled and flattened to the dense blocks.
            inputShape = new int[] {3 + random.nextInt(4), 3 + random.nextInt(4), 1 + random.nextInt(3)};
            current = flatten(pool(convResidualBlock(Graph.INPUT)));
        } else if (random.nextInt(4) == 0) {
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

    /**
     * y = relu(bn(conv(relu(bn(conv(x))))) + skip(x)), the skip a 1x1 conv (a projection) or x itself when the
     * channels already match: the block of a ResNet, all convs with "same" padding and stride 1.
     */
    private int convResidualBlock(int from) {
        int[] shape = shape(from);
        int filters = random.nextBoolean() ? shape[2] : 1 + random.nextInt(4);
        int a = add(conv("conv2d" + position, shape, 3, filters), from);
        a = add(dev.netjac.testing.NormNetworks.batchNorm("batchNorm" + position, shape(a), 2, random.nextBoolean(),
                random.nextBoolean(), random), a);
        a = add(relu(shape(a)), a);
        int b = add(conv("conv2d" + position, shape(a), 1 + 2 * random.nextInt(2), filters), a);
        int skip = filters == shape[2] && random.nextBoolean() ? from : add(conv("conv2d" + position, shape, 1, filters), from);
        int sum = add(new Add("add" + position, List.of(shape(b), shape(skip))), b, skip);
        return add(relu(shape(sum)), sum);
    }

    private Layer relu(int[] shape) {
        return new dev.netjac.layers.ActivationLayer("relu" + position, shape, dev.netjac.layers.Activation.RELU, Double.NaN);
    }

    private dev.netjac.layers.Conv2D conv(String id, int[] shape, int k, int filters) {
        return new dev.netjac.layers.Conv2D(id, shape, RandomConvNetworks.kernel(new int[] {k, k, shape[2], filters}, random),
                random.nextBoolean() ? RandomConvNetworks.bias(filters, random) : null,
                new int[] {1, 1}, dev.netjac.layers.ConvPadding.SAME, new int[] {1, 1});
    }

    /** A 2x2 max or average pool, or a global one. */
    private int pool(int from) {
        int[] shape = shape(from);
        switch (random.nextInt(3)) {
            case 0:
                return add(new dev.netjac.layers.MaxPooling("maxPool" + position, shape,
                        dev.netjac.layers.PoolGeometry.of(shape, new int[] {2, 2}, new int[] {2, 2}, true)), from);
            case 1:
                return add(new dev.netjac.layers.AveragePooling("averagePool" + position, shape,
                        dev.netjac.layers.PoolGeometry.of(shape, new int[] {2, 2}, new int[] {1, 1}, false)), from);
            default:
                return add(new dev.netjac.layers.GlobalPooling("globalPool" + position, shape, random.nextBoolean(), false), from);
        }
    }

    private int flatten(int from) {
        return shape(from).length == 1 ? from : add(new Flatten("flatten" + position, shape(from)), from);
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
