package dev.netjac.benchmarks;

import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Activation;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.Dense;
import dev.netjac.layers.Layer;
import dev.netjac.layers.Softmax;
import dev.netjac.plan.JacobianPlan;

/**
 * The work a call must do at a given input, for the floor: multiply-adds that are not multiplications by
 * zero, weight bytes and transcendental evaluations. For chains of dense layers, elementwise activations and
 * softmax this is counted exactly at the input (inactive ReLU units skipped, an identity seed's zeros not
 * counted); for other networks (cnn) it is the Jacobian planner's estimate.
 */
record Work(long forwardMacs, long jacobianMacs, long weightBytes, long forwardTranscendentals,
            long jacobianTranscendentals) {

    static Work of(Graph graph, JacobianPlan plan, double[] x) {
        long bytes = 8 * graph.parameterCount();
        if (!chainOfDense(graph)) {
            return new Work(plan.forwardPassCost(), plan.totalCost(), bytes, 0, 0);
        }
        // Outputs of every layer at x, by the layers' own reference rules.
        int count = graph.layers().size();
        double[][] out = new double[count][];
        double[] v = x;
        long forward = 0;
        long transcendental = 0;
        for (int l = 0; l < count; l++) {
            Layer layer = graph.layers().get(l);
            out[l] = new double[layer.outputSize()];
            layer.forward(v, out[l]);
            v = out[l];
            if (layer instanceof Dense) {
                forward += (long) layer.inputSize() * layer.outputSize();
            } else if (transcendental(layer)) {
                transcendental += layer.outputSize();
            }
        }
        long jacobian = forward;
        if (plan.mode() == JacobianMode.FORWARD) {
            // N tangent columns; a dense layer's multipliers are the nonzero tangent entries per column:
            // one for the identity seed, else the units whose activation derivative is nonzero.
            int columns = graph.inputSize();
            long perColumn = 1;
            for (int l = 0; l < count; l++) {
                Layer layer = graph.layers().get(l);
                if (layer instanceof Dense) {
                    jacobian += columns * perColumn * layer.outputSize();
                    perColumn = layer.outputSize();
                } else if (isRelu(layer)) {
                    perColumn = positives(out[l]);
                }
            }
        } else {
            // M cotangent rows; a dense layer's multipliers are its outputs with a nonzero derivative downstream.
            int rows = graph.outputSize();
            for (int l = count - 1; l >= 0; l--) {
                Layer layer = graph.layers().get(l);
                if (layer instanceof Dense) {
                    boolean reluAfter = l + 1 < count && isRelu(graph.layers().get(l + 1));
                    long live = reluAfter ? positives(out[l + 1]) : layer.outputSize();
                    jacobian += rows * live * layer.inputSize();
                }
            }
        }
        return new Work(forward, jacobian, bytes, transcendental, transcendental);
    }

    private static boolean chainOfDense(Graph graph) {
        if (!graph.isChain()) {
            return false;
        }
        for (Layer layer : graph.layers()) {
            if (!(layer instanceof Dense || layer instanceof ActivationLayer || layer instanceof Softmax)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isRelu(Layer layer) {
        return layer instanceof ActivationLayer a && a.activation() == Activation.RELU;
    }

    private static boolean transcendental(Layer layer) {
        return layer instanceof Softmax || layer instanceof ActivationLayer a && a.activation() != Activation.RELU;
    }

    private static long positives(double[] v) {
        long n = 0;
        for (double d : v) {
            n += d > 0 ? 1 : 0;
        }
        return n;
    }
}
