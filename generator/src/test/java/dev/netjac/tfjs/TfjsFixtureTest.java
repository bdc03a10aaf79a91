package dev.netjac.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-built TF.js layers models of {@code src/test/resources/tfjs-unit} (written with their expected
 * outputs by {@code make_fixtures.py}, in NumPy from the exact decoded weight values) imported and compiled:
 * outputs match within 1e-12 · max(1, max|expected|) (both sides are float64 evaluations of the same
 * weights, differing only in summation order and last-ulp library functions), and the generated class's
 * Jacobians agree with the reference evaluator and finite differences.
 *
 * <p>A fixture using a layer type or the graph form that this build of netjac does not have yet is
 * skipped, saying which.
 */
class TfjsFixtureTest {
    static final Path FIXTURES = Path.of("src/test/resources/tfjs-unit");
    static final double TOLERANCE = 1e-12;
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"sequential_mlp", "two_shards", "sequential_float16", "sequential_uint8",
            "converter_functional", "keras3_functional", "functional_branches", "cnn"})
    void matchesNumpy(String name) throws IOException {
        Path model = FIXTURES.resolve(name).resolve("model.json");
        Graph graph = read(model);
        Network network = Netjac.load(model);
        JsonNode expected = JSON.readTree(FIXTURES.resolve(name).resolve("expected.json").toFile());
        JsonNode inputs = expected.get("inputs");
        JsonNode outputs = expected.get("outputs");
        assertTrue(inputs.size() > 0);
        for (int p = 0; p < inputs.size(); p++) {
            double[] x = doubles(inputs.get(p));
            double[] want = doubles(outputs.get(p));
            assertEquals(want.length, network.outputSize(), name);
            double[] y = new double[network.outputSize()];
            network.forward(x, y);
            double scale = Math.max(1, Verifier.maxAbs(want));
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], y[i], TOLERANCE * scale, name + " point " + p + " output " + i);
            }
        }
        Verifier.Report report = Verifier.check(graph, network, 2, 42);
        assertTrue(report.passed(), name + ": " + report);
    }

    /** Reads a model; every fixture must be readable. */
    static Graph read(Path model) {
        return Netjac.read(model, ReadOptions.defaults());
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).doubleValue();
        }
        return out;
    }

    /** A layer applied twice (shared weights): y = d(d(x)) with d = Dense(2, tanh). */
    @org.junit.jupiter.api.Test
    void sharedLayerAppliedTwice(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        String json = ("{'format': 'layers-model', 'modelTopology': {'class_name': 'Model', 'keras_version': 'tfjs-layers 4.22.0',"
                + " 'config': {'name': 'twice', 'layers': ["
                + "{'name': 'x', 'class_name': 'InputLayer', 'config': {'name': 'x', 'batch_input_shape': [null, 2]}, 'inbound_nodes': []},"
                + "{'name': 'd', 'class_name': 'Dense', 'config': {'name': 'd', 'units': 2, 'activation': 'tanh'},"
                + " 'inbound_nodes': [[['x', 0, 0, {}]], [['d', 0, 0, {}]]]}],"
                + " 'input_layers': [['x', 0, 0]], 'output_layers': [['d', 1, 0]]}},"
                + " 'weightsManifest': [{'paths': ['w.bin'], 'weights': [{'name': 'd/kernel', 'shape': [2, 2], 'dtype': 'float32'},"
                + " {'name': 'd/bias', 'shape': [2], 'dtype': 'float32'}]}]}").replace('\'', '"');
        java.nio.file.Files.writeString(dir.resolve("model.json"), json);
        float[] w = {0.5f, -1.25f, 2f, 0.75f, 0.125f, -0.5f};
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : w) {
            b.putFloat(v);
        }
        java.nio.file.Files.write(dir.resolve("w.bin"), b.array());
        Graph graph = read(dir.resolve("model.json"));
        Network network = Netjac.load(dir.resolve("model.json"));
        double[] x = {0.3, -0.7};
        double[] h = new double[2];
        double[] y = new double[2];
        for (int pass = 0; pass < 2; pass++) {
            double[] in = pass == 0 ? x : h.clone();
            for (int j = 0; j < 2; j++) {
                h[j] = Math.tanh(in[0] * w[j] + in[1] * w[2 + j] + w[4 + j]);
            }
        }
        network.forward(x, y);
        assertEquals(h[0], y[0], 1e-15);
        assertEquals(h[1], y[1], 1e-15);
        assertTrue(Verifier.check(graph, network, 2, 1).passed());
    }
}
