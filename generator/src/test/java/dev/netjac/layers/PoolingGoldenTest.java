package dev.netjac.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.Netjac;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.reference.ReferenceEvaluator;
import dev.netjac.runtime.Network;
import dev.netjac.spec.ReadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pooling layers read through the spec reader against an independent NumPy implementation
 * ({@code src/test/resources/golden/pool/make_pool_golden.py}: explicit -inf / zero padding with a mask of
 * real cells, TensorFlow's asymmetric "same" padding, plain loops). Each fixture case is one layer with its
 * spec fields, an input and the expected output. Both the reference forward pass and the generated class's
 * forward pass must agree with NumPy to 1e-12 · max(1, |y|): max pooling is exact, average pooling differs
 * from NumPy only in summation order over at most 25 cells.
 */
class PoolingGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/pool");
    static final double TOLERANCE = 1e-12;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"pool2d.json", "pool1d.json", "global.json"})
    void referenceAndGeneratedForwardMatchNumpy(String file) throws Exception {
        JsonNode cases = JSON.readTree(GOLDEN.resolve(file).toFile()).get("cases");
        assertTrue(cases.size() >= 20, file + " has only " + cases.size() + " cases");
        double worstReference = 0;
        double worstGenerated = 0;
        List<String> failures = new ArrayList<>();
        for (int k = 0; k < cases.size(); k++) {
            JsonNode c = cases.get(k);
            ObjectNode spec = JSON.createObjectNode();
            spec.put("netjac", 1);
            spec.putObject("input").set("shape", c.get("input_shape"));
            spec.putArray("layers").add(c.get("layer"));
            Path path = dir.resolve(file.replace(".json", "") + "_" + k + ".json");
            Files.writeString(path, JSON.writeValueAsString(spec));
            Graph graph = Netjac.read(path, ReadOptions.defaults());
            assertArrayEquals(ints(c.get("output_shape")), graph.outputShape(), "output shape of " + c.get("layer"));

            double[] x = doubles(c.get("x"));
            double[] expected = doubles(c.get("y"));
            double[] reference = new ReferenceEvaluator(graph).forward(x);
            Network network = JaninoCompiler.instantiate(Netjac.generate(graph, Netjac.Options.defaults().withClassName("Golden" + k)));
            double[] generated = new double[expected.length];
            network.forward(x, generated);
            double referenceError = error(reference, expected);
            double generatedError = error(generated, expected);
            worstReference = Math.max(worstReference, referenceError);
            worstGenerated = Math.max(worstGenerated, generatedError);
            if (referenceError > TOLERANCE || generatedError > TOLERANCE) {
                failures.add(file + " case " + k + " " + c.get("layer") + ": reference error " + referenceError
                        + ", generated error " + generatedError);
            }
        }
        System.out.printf("PoolingGoldenTest %s: %d cases; worst reference %.2e, worst generated %.2e%n", file,
                cases.size(), worstReference, worstGenerated);
        assertEquals(List.of(), failures);
    }

    /** max |a - b| / max(1, max |b|). */
    static double error(double[] a, double[] b) {
        assertEquals(b.length, a.length);
        double diff = 0;
        double scale = 1;
        for (int i = 0; i < b.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return diff / scale;
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).doubleValue();
        }
        return values;
    }

    private static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).intValue();
        }
        return values;
    }
}
