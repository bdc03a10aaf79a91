package dev.netjac.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.Netjac;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.reference.ReferenceEvaluator;
import dev.netjac.runtime.Network;
import dev.netjac.spec.ReadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * patches + dense is a convolution: on random inputs and weights it equals the existing {@code conv2d} with
 * the same kernel (reshaped to (kh·kw·C, filters)), in the reference evaluator (forward and Jacobian) and in
 * generated code, with strides, dilation and TensorFlow's asymmetric {@code same} padding written as pads.
 */
class PatchesConvolutionTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}x{1}x{2} kernel {3}x{4} filters {5} strides {6},{7} dilation {8},{9} {10}")
    @CsvSource({
        "5, 6, 2, 3, 3, 3, 1, 1, 1, 1, valid",
        "6, 5, 3, 2, 3, 2, 2, 1, 1, 1, valid",
        "7, 7, 1, 3, 2, 2, 1, 2, 2, 1, valid",
        "6, 6, 2, 3, 3, 2, 2, 2, 1, 1, same",
        "5, 7, 2, 2, 4, 3, 1, 1, 2, 2, same",
        "4, 4, 1, 1, 1, 2, 1, 1, 1, 1, same",
    })
    void patchesThenDenseEqualsConv2d(int h, int w, int c, int kh, int kw, int filters, int sh, int sw, int dh, int dw,
                                      String padding) throws IOException {
        Random random = new Random(31L * h + 7L * kw + filters + sh + dh);
        double[] kernel = gaussian(random, kh * kw * c * filters);
        double[] bias = gaussian(random, filters);
        ObjectNode conv = JSON.createObjectNode().put("type", "conv2d").put("filters", filters).put("padding", padding);
        conv.set("kernel_size", ints(kh, kw));
        conv.set("strides", ints(sh, sw));
        conv.set("dilation_rate", ints(dh, dw));
        conv.set("kernel", nested(kernel, kh, kw, c, filters));
        conv.set("bias", nested(bias, filters));

        ObjectNode patches = JSON.createObjectNode().put("type", "patches");
        patches.set("kernel_size", ints(kh, kw));
        patches.set("strides", ints(sh, sw));
        patches.set("dilation_rate", ints(dh, dw));
        ArrayNode pads = JSON.createArrayNode();
        pads.add(samePads(padding, h, kh, sh, dh));
        pads.add(samePads(padding, w, kw, sw, dw));
        patches.set("pads", pads);
        ObjectNode dense = JSON.createObjectNode().put("type", "dense").put("units", filters);
        dense.set("kernel", nested(kernel, kh * kw * c, filters));
        dense.set("bias", nested(bias, filters));

        Graph convGraph = read("conv.json", new int[] {h, w, c}, conv);
        Graph patchGraph = read("patches.json", new int[] {h, w, c}, patches, dense);
        ReferenceEvaluator convRef = new ReferenceEvaluator(convGraph);
        ReferenceEvaluator patchRef = new ReferenceEvaluator(patchGraph);
        Network generated = JaninoCompiler.instantiate(Netjac.generate(patchGraph, Netjac.Options.defaults()));
        for (int p = 0; p < 3; p++) {
            double[] x = gaussian(random, h * w * c);
            double[] expected = convRef.forward(x);
            assertClose(expected, patchRef.forward(x), "reference forward");
            double[] y = new double[expected.length];
            generated.forward(x, y);
            assertClose(expected, y, "generated forward");
            double[] jac = new double[expected.length * x.length];
            generated.jacobian(x, y, jac);
            assertClose(convRef.jacobianFlat(x), jac, "generated jacobian");
            assertClose(convRef.jacobianFlat(x), patchRef.jacobianFlat(x), "reference jacobian");
        }
    }

    /** TensorFlow's same padding as [before, after]: the total split with the extra cell after. */
    private static ArrayNode samePads(String padding, int n, int k, int s, int d) {
        int total = 0;
        if (padding.equals("same")) {
            int out = (n + s - 1) / s;
            total = Math.max((out - 1) * s + (k - 1) * d + 1 - n, 0);
        }
        return JSON.createArrayNode().add(total / 2).add(total - total / 2);
    }

    private Graph read(String name, int[] shape, ObjectNode... layers) throws IOException {
        ObjectNode spec = JSON.createObjectNode().put("netjac", 1);
        spec.putObject("input").set("shape", ints(shape));
        ArrayNode list = spec.putArray("layers");
        for (ObjectNode layer : layers) {
            list.add(layer);
        }
        Path file = dir.resolve(name);
        Files.writeString(file, spec.toString());
        return Netjac.read(file, ReadOptions.defaults());
    }

    private static ArrayNode ints(int... values) {
        ArrayNode node = JSON.createArrayNode();
        for (int v : values) {
            node.add(v);
        }
        return node;
    }

    /** {@code values} (row-major) as nested arrays of {@code shape}. */
    private static ArrayNode nested(double[] values, int... shape) {
        return nested(values, shape, 0, new int[1]);
    }

    private static ArrayNode nested(double[] values, int[] shape, int axis, int[] next) {
        ArrayNode node = JSON.createArrayNode();
        for (int k = 0; k < shape[axis]; k++) {
            if (axis == shape.length - 1) {
                node.add(values[next[0]++]);
            } else {
                node.add(nested(values, shape, axis + 1, next));
            }
        }
        return node;
    }

    private static double[] gaussian(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertTrue(expected.length == actual.length, what + ": " + expected.length + " vs " + actual.length + " values");
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= 1e-12 * Math.max(1, Math.abs(expected[i])),
                    what + " [" + i + "]: conv2d " + expected[i] + ", patches + dense " + actual[i]);
        }
    }
}
