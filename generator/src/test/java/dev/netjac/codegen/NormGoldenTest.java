package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Layer;
import dev.netjac.reference.ReferenceEvaluator;
import dev.netjac.runtime.Network;
import dev.netjac.spec.ReadOptions;
import dev.netjac.weights.Npy;
import dev.netjac.weights.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Batch/layer normalization, reshape, dropout, identity and dense on rank-2/3 inputs, read through the spec
 * reader, against values computed independently in NumPy by {@code golden/norm/make_norm_golden.py} (forward from
 * the Keras definitions, Jacobian by the complex step, exact to rounding). Both the reference evaluator and the
 * generated class (Janino, all three Jacobian modes) must agree to 1e-12 · max(1, max|reference|): both sides
 * are float64 with a handful of roundings per value in a different order.
 */
class NormGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/norm");
    static final double TOLERANCE = 1e-12;

    static List<String> fixtures() {
        try (Stream<Path> entries = Files.list(GOLDEN)) {
            List<String> names = entries.filter(dir -> Files.isRegularFile(dir.resolve("spec.json")))
                    .map(dir -> dir.getFileName().toString()).sorted().toList();
            if (names.size() < 12) {
                throw new IllegalStateException("expected 12 fixtures in " + GOLDEN.toAbsolutePath() + ", found " + names);
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void referenceAndGeneratedMatchNumpy(String fixture) {
        Path dir = GOLDEN.resolve(fixture);
        Graph graph = Netjac.read(dir.resolve("spec.json"), ReadOptions.defaults());
        Tensor xs = Npy.read(dir.resolve("x.npy"));
        Tensor ys = Npy.read(dir.resolve("y.npy"));
        Tensor jacs = Npy.read(dir.resolve("jac.npy"));
        int points = xs.dim(0);
        int n = graph.inputSize();
        int m = graph.outputSize();
        assertArrayEquals(new int[] {points, m, n}, jacs.shape(), "jac.npy shape");
        ReferenceEvaluator reference = new ReferenceEvaluator(graph);
        double worstReference = 0;
        double worstGenerated = 0;
        for (JacobianMode mode : DifferentialTest.MODES) {
            Network net = JaninoCompiler.instantiate(Netjac.generate(graph, Netjac.Options.defaults().withJacobianMode(mode)));
            double[] y = new double[m];
            double[] jac = new double[m * n];
            for (int p = 0; p < points; p++) {
                double[] x = Arrays.copyOfRange(xs.toArray(), p * n, (p + 1) * n);
                double[] yRef = Arrays.copyOfRange(ys.toArray(), p * m, (p + 1) * m);
                double[] jRef = Arrays.copyOfRange(jacs.toArray(), p * m * n, (p + 1) * m * n);
                String where = fixture + " point " + p;
                double errRefY = scaledError(reference.forward(x), yRef);
                double errRefJ = scaledError(reference.jacobianFlat(x), jRef);
                assertTrue(errRefY <= TOLERANCE, where + ": reference y off NumPy by " + errRefY);
                assertTrue(errRefJ <= TOLERANCE, where + ": reference J off NumPy by " + errRefJ);
                worstReference = Math.max(worstReference, Math.max(errRefY, errRefJ));
                net.jacobian(x, y, jac);
                double errY = scaledError(y, yRef);
                double errJ = scaledError(jac, jRef);
                net.forward(x, y);
                errY = Math.max(errY, scaledError(y, yRef));
                assertTrue(errY <= TOLERANCE, where + " " + mode + ": generated y off NumPy by " + errY);
                assertTrue(errJ <= TOLERANCE, where + " " + mode + ": generated J off NumPy by " + errJ);
                worstGenerated = Math.max(worstGenerated, Math.max(errY, errJ));
            }
        }
        System.out.printf("NormGoldenTest %-20s worst scaled error: reference %.2e, generated %.2e%n", fixture,
                worstReference, worstGenerated);
    }

    /** The fixtures must keep covering every new layer kind. */
    @Test
    void fixturesCoverEveryNewLayerKind() {
        Set<String> kinds = new HashSet<>();
        for (String fixture : fixtures()) {
            for (Layer layer : Netjac.read(GOLDEN.resolve(fixture).resolve("spec.json"), ReadOptions.defaults()).layers()) {
                kinds.add(layer.kind() + (layer.inputShape().length > 1 && layer.kind().equals("dense") ? " rank>1" : ""));
            }
        }
        assertTrue(kinds.containsAll(Set.of("batch_normalization", "layer_normalization", "reshape", "dropout",
                "identity", "dense rank>1", "flatten", "tanh")), kinds.toString());
    }

    static double scaledError(double[] actual, double[] expected) {
        assertEquals(expected.length, actual.length);
        double max = 1.0;
        double err = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i]));
            err = Math.max(err, Math.abs(actual[i] - expected[i]));
        }
        return err / max;
    }
}
