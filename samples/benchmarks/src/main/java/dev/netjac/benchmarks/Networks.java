package dev.netjac.benchmarks;

import dev.netjac.Netjac;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Activation;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.Dense;
import dev.netjac.layers.Layer;
import dev.netjac.layers.Softmax;
import dev.netjac.runtime.Network;
import dev.netjac.spec.ReadOptions;
import dev.netjac.weights.Npy;
import dev.netjac.weights.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The benchmarked networks. The seed networks are the blog's (samples/seed); the others get deterministic
 * N(0, 1/fan_in) weights and are built as graphs directly:
 * <ul>
 *   <li>{@code deep}: 20 → 64 tanh → 64 sigmoid → 32 elu → 8, a narrow, deep surrogate;</li>
 *   <li>{@code wide}: 6 → 32 softplus → 200, many outputs from few inputs (forward mode's case);</li>
 *   <li>{@code mnist}: 784 → 128 relu → 64 relu → 10 softmax, a classifier whose Jacobian is a saliency map;</li>
 *   <li>{@code tiny}: 4 → 32 tanh → 32 tanh → 2, a control surrogate where call overhead and tanh dominate;</li>
 *   <li>{@code big}: 784 → 512 tanh → 512 tanh → 10 softmax, where the weights (3.3 MB) leave L2;</li>
 *   <li>{@code cnn}: the convolutional classifier of samples/cnn, a Keras model saved by TensorFlow.js:
 *       28×28×1 → Conv(8, 3×3) relu → MaxPool → Conv(16, 3×3) relu → MaxPool → Dense 10 softmax.</li>
 * </ul>
 */
public final class Networks {
    private Networks() {}

    /** The repository root: {@code -Dnetjac.home}, else the working directory. */
    static Path home() {
        return Path.of(System.getProperty("netjac.home", "."));
    }

    public static Graph graph(String name) {
        switch (name) {
            case "seed-blog":
                return seed("blog");
            case "seed-scaled":
                return seed("scaled");
            case "deep":
                return mlp(name, 20, new int[] {64, 64, 32, 8},
                        new Activation[] {Activation.TANH, Activation.SIGMOID, Activation.ELU, null}, false);
            case "wide":
                return mlp(name, 6, new int[] {32, 200}, new Activation[] {Activation.SOFTPLUS, null}, false);
            case "mnist":
                return mlp(name, 784, new int[] {128, 64, 10}, new Activation[] {Activation.RELU, Activation.RELU, null}, true);
            case "tiny":
                return mlp(name, 4, new int[] {32, 32, 2}, new Activation[] {Activation.TANH, Activation.TANH, null}, false);
            case "big":
                return mlp(name, 784, new int[] {512, 512, 10}, new Activation[] {Activation.TANH, Activation.TANH, null}, true);
            case "cnn":
                return Netjac.read(home().resolve("samples/cnn/model.json"), ReadOptions.defaults());
            default:
                throw new IllegalArgumentException("unknown network " + name);
        }
    }

    static Graph seed(String variant) {
        Path spec = home().resolve("samples/seed").resolve(variant).resolve("seed.json");
        if (!Files.isRegularFile(spec)) {
            throw new IllegalStateException(spec.toAbsolutePath() + " not found: run from the netjac checkout");
        }
        return Netjac.read(spec, ReadOptions.defaults());
    }

    /** A typical input: the seed networks' first reference input, otherwise N(0, 1) values. */
    public static double[] input(String name, int size) {
        if (name.startsWith("seed")) {
            Tensor xs = Npy.read(home().resolve("samples/seed/scaled/reference/x.npy"));
            return Arrays.copyOfRange(xs.toArray(), 0, size);
        }
        Random random = new Random(7);
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = name.equals("mnist") || name.equals("cnn") || name.equals("big") ? random.nextDouble() : random.nextGaussian();
        }
        return x;
    }

    public static Network compile(Graph graph, JacobianMode mode) {
        return JaninoCompiler.instantiate(Netjac.generate(graph, Netjac.Options.defaults().withJacobianMode(mode)));
    }

    private static Graph mlp(String name, int inputs, int[] widths, Activation[] activations, boolean softmax) {
        Random random = new Random(name.hashCode());
        List<Layer> layers = new ArrayList<>();
        int in = inputs;
        int position = 0;
        for (int d = 0; d < widths.length; d++) {
            int out = widths[d];
            double[] w = new double[in * out];
            for (int i = 0; i < w.length; i++) {
                w[i] = random.nextGaussian() / Math.sqrt(in);
            }
            double[] b = new double[out];
            for (int j = 0; j < out; j++) {
                b[j] = 0.1 * random.nextGaussian();
            }
            layers.add(new Dense("dense" + position++, in, Tensor.of(new int[] {in, out}, w), Tensor.of(new int[] {out}, b)));
            if (activations[d] != null) {
                layers.add(new ActivationLayer(activations[d].method() + position++, new int[] {out}, activations[d],
                        activations[d].defaultAlpha()));
            }
            in = out;
        }
        if (softmax) {
            layers.add(new Softmax("softmax" + position, in));
        }
        return new Graph(name, name, new int[] {inputs}, layers, JacobianMode.AUTO);
    }
}
