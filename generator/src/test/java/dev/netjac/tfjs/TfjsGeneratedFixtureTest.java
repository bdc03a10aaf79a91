package dev.netjac.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netjac.Netjac;
import dev.netjac.NetjacException;
import dev.netjac.check.Verifier;
import dev.netjac.graph.Graph;
import dev.netjac.runtime.Network;
import dev.netjac.spec.ReadOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Models saved by TensorFlow.js itself ({@code src/test/resources/tfjs}, written with TF.js's own outputs and
 * Jacobians by {@code samples/tfjs-fixtures/make_fixtures.js}): every model whose layers this build has is
 * imported and compared with TF.js. TF.js computes in float32, so the tolerance is 1e-4 of the largest
 * entry (of the output, and of the Jacobian). A model needing a layer type or the graph form this build
 * lacks is skipped, saying which. The {@code unsupported_*} models must be refused with a message naming the
 * Keras layer and its class.
 */
class TfjsGeneratedFixtureTest {
    static final Path FIXTURES = Path.of("src/test/resources/tfjs");
    static final double TOLERANCE = 1e-4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyTfjsFixture() throws IOException {
        assertTrue(Files.isDirectory(FIXTURES), "no TF.js-generated fixtures in " + FIXTURES);
        List<Path> models;
        try (Stream<Path> dirs = Files.list(FIXTURES)) {
            models = dirs.map(d -> d.resolve("model.json")).filter(Files::isRegularFile).sorted().toList();
        }
        assertTrue(!models.isEmpty(), "no model.json under " + FIXTURES);
        return models.stream().map(m -> DynamicTest.dynamicTest(m.getParent().getFileName().toString(), () -> check(m)));
    }

    private static void check(Path model) {
        JsonNode expected;
        try {
            expected = JSON.readTree(model.resolveSibling("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (model.getParent().getFileName().toString().startsWith("unsupported_")) {
            // valid TF.js models using what netjac refuses: one clear line naming the Keras layer and class
            NetjacException e = assertThrows(NetjacException.class, () -> Netjac.read(model, ReadOptions.defaults()));
            assertTrue(e.getMessage().matches("^\\Q" + model + "\\E: layer \"[^\"]+\" \\([A-Za-z0-9]+\\): .*not supported.*"),
                    e.getMessage());
            return;
        }
        Graph graph = TfjsFixtureTest.read(model);
        Network network = Netjac.load(model);
        // float64: the generated class against the reference evaluator and central finite differences
        Verifier.Report report = Verifier.check(graph, network, 2, 11);
        assertTrue(report.passed(), model + ": " + report);
        int n = network.inputSize();
        int m = network.outputSize();
        assertEquals(expected.path("input_size").asInt(n), n, "input size");
        assertEquals(expected.path("output_size").asInt(m), m, "output size");
        JsonNode samples = expected.get("samples");
        assertTrue(samples.size() > 0);
        for (int s = 0; s < samples.size(); s++) {
            JsonNode sample = samples.get(s);
            double[] x = TfjsFixtureTest.doubles(sample.get("input"));
            double[] want = TfjsFixtureTest.doubles(sample.get("output"));
            double[] y = new double[m];
            double[] jac = new double[m * n];
            network.jacobian(x, y, jac);
            assertClose(want, y, model + " sample " + s + " output");
            if (sample.has("jacobian")) {
                double[] wantJac = new double[m * n];
                for (int i = 0; i < m; i++) {
                    double[] row = TfjsFixtureTest.doubles(sample.get("jacobian").get(i));
                    System.arraycopy(row, 0, wantJac, i * n, n);
                }
                assertClose(wantJac, jac, model + " sample " + s + " jacobian");
            }
        }
    }

    private static void assertClose(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what + " size");
        double scale = Verifier.maxAbs(want);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], TOLERANCE * scale + 1e-30, what + " entry " + i);
        }
    }
}
