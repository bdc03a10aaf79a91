package dev.netjac.testing;

import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.graph.Shapes;
import dev.netjac.layers.Activation;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.BatchNormalization;
import dev.netjac.layers.Dense;
import dev.netjac.layers.Flatten;
import dev.netjac.layers.Identity;
import dev.netjac.layers.Layer;
import dev.netjac.layers.LayerNormalization;
import dev.netjac.layers.Reshape;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random small chains mixing batch/layer normalization, reshape, identity, dropout and dense on rank &gt; 1 with
 * the older layers (dense, activations, flatten), for differential tests of those layers.
 */
public final class NormNetworks {
    private NormNetworks() {}

    public static BatchNormalization batchNorm(String id, int[] shape, int axis, boolean scale, boolean center, Random random) {
        int c = shape[axis];
        return new BatchNormalization(id, shape, axis, random.nextBoolean() ? 1e-3 : 1e-5,
                scale ? vector(c, 1.0, 0.8, random) : null, center ? vector(c, 0.0, 0.5, random) : null,
                vector(c, 0.0, 0.7, random), positive(c, random));
    }

    public static LayerNormalization layerNorm(String id, int[] shape, int axes, boolean scale, boolean center, Random random) {
        int n = 1;
        for (int d = shape.length - axes; d < shape.length; d++) {
            n *= shape[d];
        }
        return new LayerNormalization(id, shape, axes, random.nextBoolean() ? 1e-3 : 1e-5,
                scale ? vector(n, 1.0, 0.8, random) : null, center ? vector(n, 0.0, 0.5, random) : null);
    }

    /** Dense on the last axis of {@code shape}. */
    public static Dense dense(String id, int[] shape, int units, boolean bias, Random random) {
        int in = shape[shape.length - 1];
        double[] w = new double[in * units];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextGaussian() / Math.sqrt(in);
        }
        return new Dense(id, shape, Tensor.of(new int[] {in, units}, w), bias ? vector(units, 0.0, 0.3, random) : null);
    }

    static Tensor vector(int n, double center, double spread, Random random) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = center + spread * random.nextGaussian();
        }
        return Tensor.of(new int[] {n}, v);
    }

    static Tensor positive(int n, Random random) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.05 + 3 * random.nextDouble();
        }
        return Tensor.of(new int[] {n}, v);
    }

    /** A rank-1 to rank-3 shape with small dimensions (1..5). */
    static int[] shape(Random random) {
        int rank = 1 + random.nextInt(3);
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = 1 + random.nextInt(random.nextInt(4) == 0 ? 2 : 5);
        }
        return shape;
    }

    /** Network {@code seed}: 2..7 layers drawn from the new kinds and dense/activations/flatten. */
    public static Graph create(long seed) {
        Random random = new Random(seed * 31 + 5);
        int[] inputShape = shape(random);
        int[] shape = inputShape;
        List<Layer> layers = new ArrayList<>();
        int depth = 2 + random.nextInt(6);
        for (int k = 0; k < depth; k++) {
            String id = "l" + k;
            Layer layer;
            switch (random.nextInt(8)) {
                case 0:
                    layer = batchNorm("batchNorm" + k, shape, random.nextInt(shape.length), random.nextBoolean(),
                            random.nextBoolean(), random);
                    break;
                case 1:
                case 2:
                    int axes = 1 + random.nextInt(shape.length);
                    if (groupSize(shape, axes) == 2) {
                        // Over two values x-hat = (a, -a) with a^2 = var / (var + eps), and the whole Jacobian is
                        // gamma * inv * (1 - a^2) / 2 * [[1, -1], [-1, 1]]: ~eps / var, reached by cancelling
                        // 1 - a^2. Reference and generated code then agree to ~1e-16 * inv absolutely, ~1e-10 relative
                        // to that tiny Jacobian, below Verifier's 1e-11 (see docs/layers-normalization.md); the
                        // golden fixtures, which compare absolutely, cover it instead.
                        layer = batchNorm("batchNorm" + k, shape, shape.length - 1, true, true, random);
                    } else {
                        layer = layerNorm("layerNorm" + k, shape, axes, random.nextInt(4) != 0, random.nextInt(4) != 0, random);
                    }
                    break;
                case 3:
                    layer = dense("dense" + k, shape, 1 + random.nextInt(6), random.nextBoolean(), random);
                    break;
                case 4:
                    layer = reshape("reshape" + k, shape, random);
                    break;
                case 5:
                    layer = new Identity((random.nextBoolean() ? "dropout" : "identity") + k, shape,
                            random.nextBoolean() ? "dropout" : "identity");
                    break;
                case 6:
                    Activation a = random.nextBoolean() ? Activation.TANH : Activation.SOFTPLUS;
                    layer = new ActivationLayer(a.method() + k, shape, a, Double.NaN);
                    break;
                default:
                    layer = shape.length > 1 ? new Flatten("flatten" + k, shape)
                            : batchNorm("batchNorm" + k, shape, 0, true, true, random);
            }
            layers.add(layer);
            shape = layer.outputShape();
        }
        // Often end in a small dense head so that M differs from N.
        if (random.nextBoolean()) {
            layers.add(dense("denseOut", shape, 1 + random.nextInt(4), true, random));
        }
        return new Graph("Norm" + seed, "norm-" + seed, inputShape, layers, JacobianMode.AUTO);
    }

    static int groupSize(int[] shape, int axes) {
        int n = 1;
        for (int d = shape.length - axes; d < shape.length; d++) {
            n *= shape[d];
        }
        return n;
    }

    /** Reshape to a random factorization of the size (or its transpose-like shape). */
    static Reshape reshape(String id, int[] shape, Random random) {
        int size = Shapes.size(shape);
        List<Integer> divisors = new ArrayList<>();
        for (int d = 1; d <= size; d++) {
            if (size % d == 0) {
                divisors.add(d);
            }
        }
        int first = divisors.get(random.nextInt(divisors.size()));
        int[] target = random.nextBoolean() ? new int[] {first, size / first} : new int[] {size / first, 1, first};
        return new Reshape(id, shape, target);
    }
}
