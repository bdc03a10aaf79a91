package dev.netjac.testing;

import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Activation;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.Dense;
import dev.netjac.layers.Flatten;
import dev.netjac.layers.Layer;
import dev.netjac.layers.LogSoftmax;
import dev.netjac.layers.Softmax;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random networks for differential tests: every layer kind and activation, widths 1..64, depths 1..6.
 * Network {@code seed} always contains activation {@code seed % ACTIVATIONS.length}, so that many consecutive
 * seeds cover all.
 */
public final class RandomNetworks {
    private RandomNetworks() {}

    /** Every activation defined on all reals (log, sqrt and reciprocal would meet negative pre-activations). */
    public static final Activation[] ACTIVATIONS = java.util.Arrays.stream(Activation.values())
            .filter(Activation::realDomain).toArray(Activation[]::new);

    public static Graph create(long seed) {
        Random random = new Random(seed * 7919 + 17);
        Activation featured = ACTIVATIONS[(int) (seed % ACTIVATIONS.length)];
        List<Layer> layers = new ArrayList<>();
        int[] inputShape;
        int position = 0;
        if (random.nextInt(6) == 0) {
            inputShape = new int[] {1 + random.nextInt(6), 1 + random.nextInt(6)};
            layers.add(new Flatten("flatten" + position++, inputShape));
        } else {
            inputShape = new int[] {width(random)};
        }
        int width = inputShape.length == 1 ? inputShape[0] : inputShape[0] * inputShape[1];
        int depth = 1 + random.nextInt(5);
        int featuredAt = random.nextInt(depth);
        for (int d = 0; d < depth; d++) {
            int units = width(random);
            layers.add(dense("dense" + position++, width, units, random));
            width = units;
            Activation activation = d == featuredAt ? featured : ACTIVATIONS[random.nextInt(ACTIVATIONS.length)];
            layers.add(activation(activation.method() + (activation.method().matches(".*\\d") ? "_" : "") + position++,
                    width, activation, random));
        }
        switch (random.nextInt(4)) {
            case 0:
                layers.add(new Softmax("softmax" + position++, width));
                break;
            case 1:
                layers.add(new LogSoftmax("logSoftmax" + position++, width));
                break;
            default:
                if (random.nextBoolean()) {
                    layers.add(dense("dense" + position++, width, width(random), random));
                }
        }
        return new Graph("Random" + seed, "random-" + seed, inputShape, layers, JacobianMode.AUTO);
    }

    /** Widths 1..64, biased towards the small and the edges. */
    public static int width(Random random) {
        switch (random.nextInt(5)) {
            case 0:
                return 1;
            case 1:
                return 64;
            default:
                return 1 + random.nextInt(random.nextBoolean() ? 8 : 64);
        }
    }

    public static Dense dense(String id, int in, int out, Random random) {
        double scale = 1.0 / Math.sqrt(in);
        double[] w = new double[in * out];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextGaussian() * scale;
        }
        Tensor bias = null;
        if (random.nextInt(4) != 0) {
            double[] b = new double[out];
            for (int j = 0; j < out; j++) {
                b[j] = 0.3 * random.nextGaussian();
            }
            bias = Tensor.of(new int[] {out}, b);
        }
        return new Dense(id, in, Tensor.of(new int[] {in, out}, w), bias);
    }

    public static Layer activation(String id, int width, Activation activation, Random random) {
        double alpha = activation.hasAlpha() ? 0.01 + random.nextDouble() : Double.NaN;
        return new ActivationLayer(id, new int[] {width}, activation, alpha);
    }
}
