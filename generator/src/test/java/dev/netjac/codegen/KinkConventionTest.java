package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netjac.Netjac;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Activation;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.Dense;
import dev.netjac.reference.ReferenceEvaluator;
import dev.netjac.runtime.Network;
import dev.netjac.weights.Tensor;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Derivatives exactly at kinks follow PyTorch: a flat piece's interior is open, so relu'(0) = 0,
 * relu6'(6) = 0, leaky_relu'(0) = alpha, elu'(0) = alpha, and clamps have slope 0 at their ends. Checked on
 * generated code in both modes and on the reference evaluator, with the kink reached through a dense layer
 * (x·1 + bias lands exactly on it).
 */
class KinkConventionTest {

    @ParameterizedTest(name = "{0}''({1}) = {2}")
    @CsvSource({
        "relu, 0.0, 0.0",
        "relu6, 0.0, 0.0",
        "relu6, 6.0, 0.0",
        "leaky_relu, 0.0, 0.3",
        "elu, 0.0, 0.3",
        "hard_sigmoid, -2.5, 0.0",
        "hard_sigmoid, 2.5, 0.0",
        "hard_sigmoid_relu6, -3.0, 0.0",
        "hard_sigmoid_relu6, 3.0, 0.0",
        "relu, 0.5, 1.0",
        "hard_sigmoid, 2.4999999999999996, 0.2",
        "abs, 0.0, 0.0",
        "hard_swish, -3.0, -0.5",
        "hard_swish, 3.0, 1.5",
    })
    void derivativeAtKink(String name, double at, double expected) {
        Activation activation = Activation.forName(name);
        // x = 1 with bias at - 1: the pre-activation is exactly `at` (the subtraction is exact for these values).
        Dense dense = new Dense("dense0", 1, Tensor.of(new int[] {1, 1}, new double[] {1.0}),
                Tensor.of(new int[] {1}, new double[] {at - 1.0}));
        Graph graph = new Graph("Kink", "kink", new int[] {1},
                List.of(dense, new ActivationLayer("act1", new int[] {1}, activation, 0.3)), JacobianMode.AUTO);
        double[] x = {1.0};
        assertEquals(at, (at - 1.0) + 1.0, "test setup: the pre-activation must land exactly on the kink");
        assertEquals(expected, new ReferenceEvaluator(graph).jacobian(x)[0][0], 0.0, "reference");
        for (JacobianMode mode : new JacobianMode[] {JacobianMode.REVERSE, JacobianMode.FORWARD}) {
            Network net = dev.netjac.compile.JaninoCompiler.instantiate(
                    Netjac.generate(graph, Netjac.Options.defaults().withJacobianMode(mode)));
            double[] y = new double[1];
            double[] jac = new double[1];
            net.jacobian(x, y, jac);
            assertEquals(expected, jac[0], 0.0, mode + " jacobian");
            double[] out = new double[1];
            net.vjp(x, new double[] {1.0}, out);
            assertEquals(expected, out[0], 0.0, mode + " vjp");
            net.jvp(x, new double[] {1.0}, out);
            assertEquals(expected, out[0], 0.0, mode + " jvp");
        }
    }
}
