package dev.netjac.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.Netjac;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.runtime.Network;
import dev.netjac.spec.ReadOptions;
import dev.netjac.weights.Npy;
import dev.netjac.weights.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * conv1d and conv2d forward passes against outputs computed independently in NumPy (explicit np.pad, strided
 * dilated windows, einsum) by {@code src/test/resources/golden/conv/make_conv_golden.py}: valid/same/causal,
 * odd and even kernels, strides 1–3, dilation 2 and 3, with and without bias, 1 and 3 input channels, a 1×1
 * kernel, a 1×1 output and a kernel larger than its input under same padding.
 *
 * <p>Each case is checked three ways: the layer's reference {@code forward} built directly, the same layer read
 * from a spec (npy weights) through the parser, and the class generated from that spec. Tolerance 1e-12 of
 * max(1, max|y|): both sides are float64 sums of at most 48 products of O(1) numbers in different orders.
 */
class ConvGoldenTest {
    static final Path CASES = Path.of("src/test/resources/golden/conv/conv_cases.json");
    static final double TOLERANCE = 1e-12;
    private static double worst;

    @TempDir
    Path dir;

    static Stream<String> cases() throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonNode c : load()) {
            names.add(c.get("name").asText());
        }
        return names.stream();
    }

    private static JsonNode load() throws IOException {
        return new ObjectMapper().readTree(CASES.toFile());
    }

    private static JsonNode find(String name) throws IOException {
        for (JsonNode c : load()) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no case " + name);
    }

    @Test
    void fixturesCoverTheMatrix() throws IOException {
        JsonNode all = load();
        assertEquals(21, all.size(), "cases in " + CASES);
        List<String> seen = new ArrayList<>();
        for (JsonNode c : all) {
            seen.add(c.get("type").asText() + ":" + c.get("padding").asText());
        }
        for (String expected : List.of("conv2d:valid", "conv2d:same", "conv1d:valid", "conv1d:same", "conv1d:causal")) {
            assertTrue(seen.contains(expected), expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void referenceParsedAndGeneratedForwardMatchNumpy(String name) throws IOException {
        JsonNode c = find(name);
        int[] inputShape = ints(c.get("input_shape"));
        int[] kernelShape = ints(c.get("kernel_shape"));
        double[] x = doubles(c.get("x"));
        double[] expected = doubles(c.get("y"));
        Tensor kernel = Tensor.of(kernelShape, doubles(c.get("kernel")));
        Tensor bias = c.get("bias").isNull() ? null : Tensor.of(new int[] {kernelShape[kernelShape.length - 1]}, doubles(c.get("bias")));
        ConvPadding padding = ConvPadding.parse(c.get("padding").asText());
        int[] strides = ints(c.get("strides"));
        int[] dilation = ints(c.get("dilation_rate"));
        Convolution layer = c.get("type").asText().equals("conv2d")
                ? new Conv2D("conv2d0", inputShape, kernel, bias, strides, padding, dilation)
                : new Conv1D("conv1d0", inputShape, kernel, bias, strides[0], padding, dilation[0]);
        assertArrayEquals(ints(c.get("output_shape")), layer.outputShape(), "output shape");

        double[] y = new double[layer.outputSize()];
        layer.forward(x, y);
        check(name + " reference", y, expected);

        Graph graph = Netjac.read(writeSpec(c), ReadOptions.defaults());
        assertEquals(1, graph.layers().size());
        double[] parsed = new double[layer.outputSize()];
        graph.layers().get(0).forward(x, parsed);
        check(name + " parsed", parsed, expected);

        Network net = JaninoCompiler.instantiate(Netjac.generate(graph, Netjac.Options.defaults()));
        double[] generated = new double[layer.outputSize()];
        net.forward(x, generated);
        check(name + " generated", generated, expected);
    }

    @AfterAll
    static void report() {
        System.out.printf("ConvGoldenTest: worst |netjac - numpy| / max(1, max|y|) = %.2e%n", worst);
    }

    private Path writeSpec(JsonNode c) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Npy.write(dir.resolve("k.npy"), ints(c.get("kernel_shape")), doubles(c.get("kernel")));
        ObjectNode layer = mapper.createObjectNode();
        layer.put("type", c.get("type").asText());
        int[] kernelShape = ints(c.get("kernel_shape"));
        layer.put("filters", kernelShape[kernelShape.length - 1]);
        ArrayNode kernelSize = layer.putArray("kernel_size");
        for (int a = 0; a < kernelShape.length - 2; a++) {
            kernelSize.add(kernelShape[a]);
        }
        layer.set("strides", c.get("strides"));
        layer.put("padding", c.get("padding").asText());
        layer.set("dilation_rate", c.get("dilation_rate"));
        layer.put("kernel", "k.npy");
        if (c.get("bias").isNull()) {
            layer.put("use_bias", false);
        } else {
            Npy.write(dir.resolve("b.npy"), new int[] {kernelShape[kernelShape.length - 1]}, doubles(c.get("bias")));
            layer.put("bias", "b.npy");
        }
        ObjectNode spec = mapper.createObjectNode();
        spec.put("netjac", 1);
        spec.putObject("input").set("shape", c.get("input_shape"));
        spec.putArray("layers").add(layer);
        Path file = dir.resolve("spec.json");
        mapper.writeValue(file.toFile(), spec);
        return file;
    }

    private static void check(String what, double[] actual, double[] expected) {
        assertEquals(expected.length, actual.length, what + " length");
        double scale = 1.0;
        double error = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        for (int i = 0; i < expected.length; i++) {
            error = Math.max(error, Math.abs(actual[i] - expected[i]) / scale);
        }
        worst = Math.max(worst, error);
        assertTrue(error <= TOLERANCE, what + ": error " + error);
    }

    static int[] ints(JsonNode array) {
        int[] v = new int[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).intValue();
        }
        return v;
    }

    static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).doubleValue();
        }
        return v;
    }
}
