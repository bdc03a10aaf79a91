package dev.netjac.testing;

import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Activation;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.Flatten;
import dev.netjac.layers.KerasRelu;
import dev.netjac.layers.Layer;
import dev.netjac.layers.LogSoftmax;
import dev.netjac.layers.PRelu;
import dev.netjac.layers.Softmax;
import dev.netjac.layers.ThresholdedRelu;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random small networks built around the standalone activation layers: a rank-2 or rank-3 input goes through
 * 1..3 shape-preserving layers (prelu with random shared axes, relu with options, thresholded_relu,
 * leaky_relu, elu, softmax/log_softmax over the last axis), is sometimes flattened into dense layers followed
 * by the same layers on rank 1, and sometimes left at rank &gt; 1 as the output.
 */
public final class ActivationChains {
    private ActivationChains() {}

    public static Graph create(long seed) {
        Random random = new Random(seed * 31 + 7);
        int rank = 2 + random.nextInt(2);
        int[] shape = new int[rank];
        for (int a = 0; a < rank; a++) {
            shape[a] = 1 + random.nextInt(4);
        }
        List<Layer> layers = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            layers.add(shapePreserving(random, "l" + layers.size(), shape, (int) (seed + i)));
        }
        if (random.nextInt(4) != 0) {
            layers.add(new Flatten("flatten" + layers.size(), shape));
            int width = 1;
            for (int d : shape) {
                width *= d;
            }
            int units = 1 + random.nextInt(8);
            layers.add(RandomNetworks.dense("dense" + layers.size(), width, units, random));
            int more = random.nextInt(3);
            for (int i = 0; i < more; i++) {
                layers.add(shapePreserving(random, "l" + layers.size(), new int[] {units}, random.nextInt(7)));
            }
            if (random.nextBoolean()) {
                int out = 1 + random.nextInt(5);
                layers.add(RandomNetworks.dense("dense" + layers.size(), units, out, random));
            }
        }
        return new Graph("Chain" + seed, "chain-" + seed, shape, layers, JacobianMode.AUTO);
    }

    /** Layer kind {@code kind % 7}, with random parameters. */
    public static Layer shapePreserving(Random random, String id, int[] shape, int kind) {
        switch (Math.floorMod(kind, 7)) {
            case 0:
                return prelu(random, id, shape);
            case 1: {
                double maxValue = random.nextBoolean() ? Double.POSITIVE_INFINITY : 0.5 + 2 * random.nextDouble();
                double slope = random.nextBoolean() ? 0.0 : 0.5 * random.nextDouble();
                double threshold = random.nextBoolean() ? 0.0 : random.nextDouble();
                return new KerasRelu(id, shape, slope, maxValue, threshold);
            }
            case 2:
                return new ThresholdedRelu(id, shape, random.nextDouble() * 2 - 0.5);
            case 3:
                return new ActivationLayer(id, shape, Activation.LEAKY_RELU, 0.01 + random.nextDouble());
            case 4:
                return new ActivationLayer(id, shape, Activation.ELU, 0.1 + random.nextDouble());
            case 5:
                return new Softmax(id, shape);
            default:
                return new LogSoftmax(id, shape);
        }
    }

    public static PRelu prelu(Random random, String id, int[] shape) {
        List<Integer> axes = new ArrayList<>();
        for (int a = 0; a < shape.length; a++) {
            if (random.nextInt(3) == 0) {
                axes.add(a);
            }
        }
        int[] shared = axes.stream().mapToInt(Integer::intValue).toArray();
        int[] alphaShape = PRelu.alphaShape(shape, shared);
        int size = 1;
        for (int d : alphaShape) {
            size *= d;
        }
        double[] alpha = new double[size];
        for (int i = 0; i < size; i++) {
            alpha[i] = random.nextDouble() * 1.2 - 0.4;
        }
        return new PRelu(id, shape, shared, Tensor.of(alphaShape, alpha));
    }
}
