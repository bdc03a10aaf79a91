package dev.netjac.testing;

import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Activation;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.AveragePooling;
import dev.netjac.layers.Flatten;
import dev.netjac.layers.GlobalPooling;
import dev.netjac.layers.Layer;
import dev.netjac.layers.MaxPooling;
import dev.netjac.layers.PoolGeometry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random chains with pooling layers for differential tests, such as [H, W, C] -> tanh -> max_pooling2d ->
 * average_pooling2d -> flatten -> dense -> tanh, 1D pools and global pools; and the edge cases (pool as large
 * as the input, 1x1 output, one channel, stride larger than the pool, a 1x1 input with same padding).
 */
public final class RandomPoolNetworks {
    private RandomPoolNetworks() {}

    /** Builds a chain layer by layer, naming each layer uniquely. */
    private static final class Chain {
        final int[] inputShape;
        final List<Layer> layers = new ArrayList<>();
        int[] shape;

        Chain(int... inputShape) {
            this.inputShape = inputShape;
            this.shape = inputShape;
        }

        Chain add(Layer layer) {
            layers.add(layer);
            shape = layer.outputShape();
            return this;
        }

        String id(String kind) {
            return kind + layers.size();
        }

        Chain max(int[] pool, int[] strides, boolean same) {
            return add(new MaxPooling(id("maxPool"), shape, PoolGeometry.of(shape, pool, strides, same)));
        }

        Chain average(int[] pool, int[] strides, boolean same) {
            return add(new AveragePooling(id("averagePool"), shape, PoolGeometry.of(shape, pool, strides, same)));
        }

        Chain global(boolean max, boolean keepdims) {
            return add(new GlobalPooling(id("globalPool"), shape, max, keepdims));
        }

        Chain tanh() {
            return add(new ActivationLayer(id("tanh"), shape, Activation.TANH, Double.NaN));
        }

        Chain flatten() {
            return add(new Flatten(id("flatten"), shape));
        }

        Chain dense(int units, Random random) {
            if (shape.length != 1) {
                flatten();
            }
            return add(RandomNetworks.dense(id("dense"), shape[0], units, random));
        }

        Graph graph(String name) {
            return new Graph(name, name, inputShape, layers, JacobianMode.AUTO);
        }
    }

    public static Graph create(long seed) {
        Random random = new Random(seed * 31L + 7);
        boolean twoD = random.nextInt(3) != 0;
        Chain chain = twoD
                ? new Chain(1 + random.nextInt(7), 1 + random.nextInt(7), 1 + random.nextInt(3))
                : new Chain(1 + random.nextInt(9), 1 + random.nextInt(3));
        if (random.nextBoolean()) {
            chain.tanh();
        }
        int pools = 1 + random.nextInt(2);
        for (int k = 0; k < pools; k++) {
            int rank = chain.shape.length - 1;
            int[] pool = new int[rank];
            int[] strides = new int[rank];
            boolean same = random.nextBoolean();
            for (int a = 0; a < rank; a++) {
                pool[a] = 1 + random.nextInt(4);
                strides[a] = random.nextInt(3) == 0 ? pool[a] : 1 + random.nextInt(3);
                if (!same && pool[a] > chain.shape[a]) {
                    pool[a] = chain.shape[a];
                }
            }
            if (random.nextBoolean()) {
                chain.max(pool, strides, same);
            } else {
                chain.average(pool, strides, same);
            }
        }
        if (random.nextInt(3) == 0) {
            chain.global(random.nextBoolean(), random.nextBoolean());
        }
        chain.dense(1 + random.nextInt(5), random);
        if (random.nextBoolean()) {
            chain.tanh();
        }
        return chain.graph("PoolRandom" + seed);
    }

    public static List<Graph> edgeCases() {
        Random random = new Random(99);
        List<Graph> graphs = new ArrayList<>();
        // Pool as large as the input: one output position.
        graphs.add(new Chain(4, 5, 2).max(new int[] {4, 5}, new int[] {4, 5}, false).dense(3, random).graph("PoolWhole"));
        graphs.add(new Chain(4, 5, 2).average(new int[] {4, 5}, new int[] {1, 1}, false).graph("AverageWhole"));
        // One channel, output 1x1 through same padding with a stride past the input.
        graphs.add(new Chain(3, 3, 1).max(new int[] {2, 2}, new int[] {3, 3}, true).graph("PoolOneByOne"));
        graphs.add(new Chain(1, 1, 1).average(new int[] {3, 3}, new int[] {2, 2}, true).graph("PoolSingleCell"));
        // Stride larger than the pool: some inputs reach no output (zero Jacobian columns).
        graphs.add(new Chain(7, 7, 2).max(new int[] {2, 2}, new int[] {3, 3}, false).dense(2, random).tanh().graph("PoolSkips"));
        graphs.add(new Chain(9, 1).average(new int[] {1}, new int[] {3}, true).graph("AverageSkips1d"));
        // Asymmetric same padding in both axes, then global pools with and without keepdims.
        graphs.add(new Chain(6, 5, 3).tanh().average(new int[] {4, 3}, new int[] {1, 2}, true).global(true, true).graph("Asymmetric"));
        graphs.add(new Chain(8, 3).max(new int[] {3}, new int[] {2}, true).global(false, false).graph("Pool1dGlobal"));
        graphs.add(new Chain(5, 4, 3).global(true, false).graph("GlobalMax2d"));
        graphs.add(new Chain(5, 4, 3).global(false, true).graph("GlobalAverage2dKeep"));
        graphs.add(new Chain(1, 4).global(true, true).graph("GlobalMaxOneStep"));
        // Wider than one SIMD vector of channels, to exercise the padded row buffers.
        graphs.add(new Chain(4, 4, 11).max(new int[] {2, 2}, new int[] {2, 2}, true).average(new int[] {2, 2}, new int[] {1, 1}, true)
                .dense(4, random).graph("WideChannels"));
        return graphs;
    }
}
