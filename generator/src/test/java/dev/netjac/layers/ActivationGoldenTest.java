package dev.netjac.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netjac.Netjac;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.reference.ReferenceEvaluator;
import dev.netjac.runtime.Network;
import dev.netjac.spec.ReadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Standalone activation layers against an independent NumPy implementation written after Keras's code
 * ({@code golden/act/make_act_golden.py}): the spec parser, the reference evaluator and the generated class
 * (Janino, all three Jacobian modes) on inputs that include points exactly at every kink. Values agree to
 * 1e-13 (relative to max(1, |y|)); derivatives of the piecewise-linear layers, at kinks included, exactly.
 */
class ActivationGoldenTest {
    static final Path FIXTURE = Path.of("src/test/resources/golden/act/act_golden.json");
    static final double TOLERANCE = 1e-13;

    @TempDir
    static Path dir;

    static Stream<JsonNode> cases() throws IOException {
        List<JsonNode> list = new ArrayList<>();
        new ObjectMapper().readTree(FIXTURE.toFile()).forEach(list::add);
        assertEquals(25, list.size());
        return list.stream();
    }

    static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).doubleValue();
        }
        return v;
    }

    /** Softmax-like and exponential layers compare their Jacobian at 1e-13; the piecewise-linear ones exactly. */
    static boolean exactJacobian(String name) {
        return !(name.contains("softmax") || name.startsWith("elu"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesNumpy(JsonNode c) throws IOException {
        String name = c.get("name").asText();
        Path spec = dir.resolve(name + ".json");
        Files.writeString(spec, c.get("spec").toString());
        Graph graph = Netjac.read(spec, ReadOptions.defaults());
        assertEquals(1, graph.layers().size());
        assertEquals(expectedClass(name), graph.layers().get(0).getClass().getSimpleName(), "layer class");
        double[] x = doubles(c.get("x"));
        double[] y = doubles(c.get("y"));
        double[] jac = doubles(c.get("jacobian"));
        double jacTolerance = exactJacobian(name) ? 0.0 : TOLERANCE;

        ReferenceEvaluator reference = new ReferenceEvaluator(graph);
        assertClose(y, reference.forward(x), TOLERANCE, name + " reference forward");
        assertClose(jac, reference.jacobianFlat(x), jacTolerance, name + " reference jacobian");

        for (JacobianMode mode : JacobianMode.values()) {
            if (mode == JacobianMode.AUTO) {
                continue;
            }
            Network net = JaninoCompiler.instantiate(Netjac.generate(graph, Netjac.Options.defaults().withJacobianMode(mode)));
            double[] out = new double[y.length];
            net.forward(x, out);
            assertClose(y, out, TOLERANCE, name + " " + mode + " forward");
            double[] generated = new double[jac.length];
            net.jacobian(x, out, generated);
            assertClose(jac, generated, jacTolerance, name + " " + mode + " jacobian");
        }
    }

    static String expectedClass(String name) {
        if (name.equals("relu_defaults_spelled_out") || name.startsWith("leaky") || name.startsWith("elu")) {
            return "ActivationLayer";
        }
        if (name.startsWith("relu")) {
            return "KerasRelu";
        }
        if (name.startsWith("thresholded")) {
            return "ThresholdedRelu";
        }
        if (name.startsWith("prelu")) {
            return "PRelu";
        }
        return name.startsWith("log_softmax") ? "LogSoftmax" : "Softmax";
    }

    static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double allowed = tolerance * Math.max(1.0, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= allowed,
                    what + " [" + i + "]: expected " + expected[i] + ", found " + actual[i]);
        }
    }
}
