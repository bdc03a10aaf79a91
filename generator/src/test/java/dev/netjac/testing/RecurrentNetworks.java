package dev.netjac.testing;

import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Activation;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.Gru;
import dev.netjac.layers.Layer;
import dev.netjac.layers.Lstm;
import dev.netjac.layers.Recurrent;
import dev.netjac.layers.SimpleRnn;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random small chains over a sequence [T, F]: dense on the last axis and tanh around one or two recurrent
 * layers (simple_rnn, lstm, gru, every option drawn at random; a second recurrent layer reads the first's
 * sequence), often ending in a small dense head, so that the planner sees both M &lt; N and M &gt; N.
 */
public final class RecurrentNetworks {
    private RecurrentNetworks() {}

    private static final Activation[] GATE_ACTIVATIONS = {Activation.SIGMOID, Activation.HARD_SIGMOID};
    private static final Activation[] ACTIVATIONS = {Activation.TANH, Activation.SOFTSIGN, Activation.LINEAR};

    /** A recurrent layer of a random kind and options on input [T, F]. */
    public static Recurrent recurrent(String id, int[] shape, int units, boolean returnSequences, Random random) {
        int features = shape[1];
        boolean goBackwards = random.nextBoolean();
        boolean bias = random.nextInt(4) != 0;
        Activation activation = ACTIVATIONS[random.nextInt(ACTIVATIONS.length)];
        Activation gate = GATE_ACTIVATIONS[random.nextInt(GATE_ACTIVATIONS.length)];
        switch (random.nextInt(3)) {
            case 0:
                return new SimpleRnn("simpleRnn" + id, shape, units, activation, matrix(features, units, random),
                        matrix(units, units, random), bias ? NormNetworks.vector(units, 0, 0.3, random) : null,
                        returnSequences, goBackwards);
            case 1:
                return new Lstm("lstm" + id, shape, units, activation, gate, matrix(features, 4 * units, random),
                        matrix(units, 4 * units, random), bias ? NormNetworks.vector(4 * units, 0, 0.3, random) : null,
                        returnSequences, goBackwards);
            default:
                boolean resetAfter = random.nextBoolean();
                return new Gru("gru" + id, shape, units, activation, gate, matrix(features, 3 * units, random),
                        matrix(units, 3 * units, random), bias ? NormNetworks.vector(3 * units, 0, 0.3, random) : null,
                        bias && resetAfter ? NormNetworks.vector(3 * units, 0, 0.3, random) : null, resetAfter,
                        returnSequences, goBackwards);
        }
    }

    /** Gaussian (rows, cols) scaled by 1/√rows. */
    public static Tensor matrix(int rows, int cols, Random random) {
        double[] w = new double[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextGaussian() / Math.sqrt(rows);
        }
        return Tensor.of(new int[] {rows, cols}, w);
    }

    /** Network {@code seed}: [T, F] with T in 1..6, F in 1..4, widths up to 5. */
    public static Graph create(long seed) {
        Random random = new Random(seed * 53 + 11);
        int[] inputShape = {1 + random.nextInt(6), 1 + random.nextInt(4)};
        int[] shape = inputShape;
        List<Layer> layers = new ArrayList<>();
        if (random.nextInt(3) == 0) {
            layers.add(NormNetworks.dense("dense0", shape, 1 + random.nextInt(4), random.nextBoolean(), random));
            shape = layers.get(0).outputShape();
            layers.add(new ActivationLayer("tanh1", shape, Activation.TANH, Double.NaN));
        }
        int recurrentLayers = 1 + random.nextInt(2);
        for (int k = 0; k < recurrentLayers; k++) {
            boolean last = k == recurrentLayers - 1;
            Recurrent layer = recurrent(String.valueOf(layers.size()), shape, 1 + random.nextInt(5),
                    !last || random.nextBoolean(), random);
            layers.add(layer);
            shape = layer.outputShape();
        }
        if (random.nextBoolean()) {
            layers.add(new ActivationLayer("tanh" + layers.size(), shape, Activation.TANH, Double.NaN));
        }
        if (random.nextBoolean()) {
            layers.add(NormNetworks.dense("denseOut", shape, 1 + random.nextInt(3), true, random));
        }
        return new Graph("Recurrent" + seed, "recurrent-" + seed, inputShape, layers, JacobianMode.AUTO);
    }
}
