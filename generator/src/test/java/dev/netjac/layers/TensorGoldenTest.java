package dev.netjac.layers;

import static dev.netjac.layers.ActivationGoldenTest.assertClose;
import static dev.netjac.layers.ActivationGoldenTest.doubles;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tensor layers against NumPy itself ({@code golden/tensor/make_tensor_golden.py}: numpy.transpose,
 * numpy.pad, slicing, broadcast_to, a window-by-window im2col, reductions, with Jacobians from NumPy by
 * linearity): the spec parser, the
 * reference evaluator and the generated class (Janino, reverse and forward mode). Copies are exact; sums and
 * products agree to 1e-13 (relative to max(1, |y|)).
 */
class TensorGoldenTest {
    static final Path FIXTURE = Path.of("src/test/resources/golden/tensor/tensor_golden.json");
    static final double TOLERANCE = 1e-13;

    @TempDir
    static Path dir;

    static Stream<JsonNode> cases() throws IOException {
        List<JsonNode> list = new ArrayList<>();
        new ObjectMapper().readTree(FIXTURE.toFile()).forEach(list::add);
        return list.stream();
    }

    /** The fixture covers every tensor type (a type added without golden cases fails here). */
    @Test
    void coversEveryTensorType() throws IOException {
        Set<String> types = new TreeSet<>();
        cases().forEach(c -> c.get("spec").get("layers").forEach(layer -> types.add(layer.get("type").asText())));
        assertEquals(new TreeSet<>(Set.of("affine", "transpose", "pad", "slice", "broadcast", "patches", "reshape",
                "reduce_sum", "reduce_mean", "reduce_max")), types);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesNumpy(JsonNode c) throws IOException {
        String name = c.get("name").asText();
        Path spec = dir.resolve("case.json");
        Files.writeString(spec, c.get("spec").toString());
        Graph graph = Netjac.read(spec, ReadOptions.defaults());
        double[] x = doubles(c.get("x"));
        double[] y = doubles(c.get("y"));
        double[] jac = new double[y.length * x.length];
        for (JsonNode entry : c.get("jacobian")) {
            jac[entry.get(0).intValue() * x.length + entry.get(1).intValue()] = entry.get(2).doubleValue();
        }

        ReferenceEvaluator reference = new ReferenceEvaluator(graph);
        assertClose(y, reference.forward(x), TOLERANCE, name + " reference forward");
        assertClose(jac, reference.jacobianFlat(x), TOLERANCE, name + " reference jacobian");
        for (JacobianMode mode : new JacobianMode[] {JacobianMode.REVERSE, JacobianMode.FORWARD}) {
            Network net = JaninoCompiler.instantiate(Netjac.generate(graph, Netjac.Options.defaults().withJacobianMode(mode)));
            double[] out = new double[y.length];
            net.forward(x, out);
            assertClose(y, out, TOLERANCE, name + " " + mode + " forward");
            double[] generated = new double[jac.length];
            net.jacobian(x, out, generated);
            assertClose(jac, generated, TOLERANCE, name + " " + mode + " jacobian");
        }
    }
}
