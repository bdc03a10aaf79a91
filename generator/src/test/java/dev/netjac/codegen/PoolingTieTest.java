package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netjac.Netjac;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Dense;
import dev.netjac.layers.Flatten;
import dev.netjac.layers.GlobalPooling;
import dev.netjac.layers.Layer;
import dev.netjac.layers.MaxPooling;
import dev.netjac.layers.PoolGeometry;
import dev.netjac.reference.ReferenceEvaluator;
import dev.netjac.runtime.Network;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The max-pooling tie convention, exactly: when a window's maximum occurs more than once, the FIRST
 * occurrence in row-major window scan order gets the whole derivative (TensorFlow's choice), in the
 * reference Jacobian and in generated code in every Jacobian mode (jacobian, vjp and jvp alike). Padded
 * cells of "same" padding never win, even where every real cell is negative.
 */
class PoolingTieTest {

    /** One case: a single max-pooling layer, its input, and the expected (exact) Jacobian. */
    record Tie(String name, int[] inputShape, Layer layer, double[] x, double[][] expected) {}

    static List<Tie> ties() {
        int[] square = {2, 2, 1};
        int[] wide = {2, 3, 1};
        int[] steps = {2, 1};
        int[] columns = {3, 2};
        return List.of(
                // All four equal: the top-left cell wins.
                new Tie("AllEqual", square, new MaxPooling("maxPool0", square, PoolGeometry.of(square, new int[] {2, 2}, new int[] {2, 2}, false)),
                        new double[] {0.5, 0.5, 0.5, 0.5}, new double[][] {{1, 0, 0, 0}}),
                // [[0.3, 0.9], [0.9, 0.9]]: the first in row-major order is (0, 1), not (1, 0).
                new Tie("RowMajor", square, new MaxPooling("maxPool0", square, PoolGeometry.of(square, new int[] {2, 2}, new int[] {1, 1}, false)),
                        new double[] {0.3, 0.9, 0.9, 0.9}, new double[][] {{0, 1, 0, 0}}),
                // Overlapping windows over [[0.2, 0.7, 0.7], [0.7, 0.1, 0.7]]: each window picks its own first 0.7.
                new Tie("Overlapping", wide, new MaxPooling("maxPool0", wide, PoolGeometry.of(wide, new int[] {2, 2}, new int[] {1, 1}, false)),
                        new double[] {0.2, 0.7, 0.7, 0.7, 0.1, 0.7}, new double[][] {{0, 1, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0}}),
                // Same padding with negative equal values: the value is -1, not a padded 0, and the first real cell wins.
                new Tie("PaddedNegative", steps, new MaxPooling("maxPool0", steps, PoolGeometry.of(steps, new int[] {3}, new int[] {1}, true)),
                        new double[] {-1, -1}, new double[][] {{1, 0}, {1, 0}}),
                // Global max: channel 0 all 0.5 (position 0 wins), channel 1 [0.1, 0.4, 0.4] (position 1 wins).
                new Tie("GlobalMax", columns, new GlobalPooling("globalPool0", columns, true, false),
                        new double[] {0.5, 0.1, 0.5, 0.4, 0.5, 0.4}, new double[][] {{1, 0, 0, 0, 0, 0}, {0, 0, 0, 1, 0, 0}}));
    }

    /**
     * The pooling layer, then flatten and a dense layer with the identity kernel: the Jacobian is the pooling
     * layer's, and mixed mode has a boundary to split at (a single layer has none and falls back to reverse).
     */
    static Graph withIdentityAfter(Tie tie) {
        int m = tie.layer().outputSize();
        double[] identity = new double[m * m];
        for (int i = 0; i < m; i++) {
            identity[i * m + i] = 1;
        }
        List<Layer> layers = new ArrayList<>(List.of(tie.layer(), new Flatten("flatten1", tie.layer().outputShape())));
        layers.add(new Dense("dense2", m, Tensor.of(new int[] {m, m}, identity), null));
        return new Graph("Tie" + tie.name(), tie.name(), tie.inputShape(), layers, JacobianMode.AUTO);
    }

    @ParameterizedTest
    @EnumSource(value = JacobianMode.class, names = {"REVERSE", "FORWARD", "MIXED"})
    void firstMaximumGetsTheDerivative(JacobianMode mode) {
        for (Tie tie : ties()) {
            Graph graph = withIdentityAfter(tie);
            int m = graph.outputSize();
            int n = graph.inputSize();
            double[] expected = new double[m * n];
            for (int i = 0; i < m; i++) {
                System.arraycopy(tie.expected()[i], 0, expected, i * n, n);
            }
            String where = tie.name() + " " + mode;
            assertArrayEquals(expected, new ReferenceEvaluator(graph).jacobianFlat(tie.x()), 0.0, "reference " + where);

            GeneratedNetwork generated = Netjac.generate(graph, Netjac.Options.defaults().withJacobianMode(mode));
            assertEquals(mode, generated.plan().mode(), where);
            Network network = JaninoCompiler.instantiate(generated);
            double[] y = new double[m];
            double[] jac = new double[m * n];
            network.jacobian(tie.x(), y, jac);
            assertArrayEquals(expected, jac, 0.0, "jacobian " + where);
            for (int i = 0; i < m; i++) {
                // vjp with the i-th unit vector is row i; jvp with the j-th is column j.
                double[] v = new double[m];
                v[i] = 1;
                double[] row = new double[n];
                network.vjp(tie.x(), v, row);
                assertArrayEquals(tie.expected()[i], row, 0.0, "vjp row " + i + " " + where);
            }
            for (int j = 0; j < n; j++) {
                double[] u = new double[n];
                u[j] = 1;
                double[] column = new double[m];
                network.jvp(tie.x(), u, column);
                for (int i = 0; i < m; i++) {
                    assertArrayEquals(new double[] {tie.expected()[i][j]}, new double[] {column[i]}, 0.0, "jvp column " + j + " " + where);
                }
            }
        }
    }
}
