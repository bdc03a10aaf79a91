package dev.netjac.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.NetjacException;
import dev.netjac.graph.Graph;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.Conv1D;
import dev.netjac.layers.Conv2D;
import dev.netjac.weights.Npy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * conv1d and conv2d specs: what the parser accepts (int-or-list fields, defaults, activation) and every
 * rejection, each a one-line {@link NetjacException} naming the spec, the layer, what was expected and what was
 * found. The standard layer is conv2d with 2 filters and a 3x3 kernel {@code k.npy} (3, 3, 1, 2) on a
 * (5, 5, 1) input; {@code k1.npy} is a conv1d kernel (3, 2, 2) for a (6, 2) input.
 */
class ConvSpecErrorTest {
    @TempDir
    Path dir;

    private static String json(String text) {
        return text.replace('\'', '"');
    }

    private Path write(String inputShape, String layer) throws IOException {
        Npy.write(dir.resolve("k.npy"), new int[] {3, 3, 1, 2}, new double[18]);
        Npy.write(dir.resolve("k1.npy"), new int[] {3, 2, 2}, new double[12]);
        Npy.write(dir.resolve("b.npy"), new int[] {2}, new double[] {0.5, -0.5});
        Npy.write(dir.resolve("b3.npy"), new int[] {3}, new double[3]);
        Path spec = dir.resolve("model.json");
        Files.writeString(spec, json("{'netjac': 1, 'input': {'shape': " + inputShape + "}, 'layers': [" + layer + "]}"),
                StandardCharsets.UTF_8);
        return spec;
    }

    private Graph reads(String inputShape, String layer) throws IOException {
        return SpecReader.read(write(inputShape, layer), ReadOptions.defaults());
    }

    private String fails(String inputShape, String layer) throws IOException {
        Path spec = write(inputShape, layer);
        NetjacException e = assertThrows(NetjacException.class, () -> SpecReader.read(spec, ReadOptions.defaults()));
        String message = e.getMessage();
        assertFalse(message.contains("\n") || message.contains("\r"), "message has a line break: " + message);
        assertTrue(message.startsWith(spec + ": layers[0] (conv"), "message should name the spec and layer: " + message);
        return message;
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message should contain [" + part + "]: " + message);
        }
    }

    private static String conv2d(String extra) {
        return "{'type': 'conv2d', 'name': 'c1', 'filters': 2, 'kernel_size': 3, 'kernel': 'k.npy', 'bias': 'b.npy'" + extra + "}";
    }

    private static String conv1d(String extra) {
        return "{'type': 'conv1d', 'name': 'c1', 'filters': 2, 'kernel_size': 3, 'kernel': 'k1.npy', 'bias': 'b.npy'" + extra + "}";
    }

    // ---------------------------------------------------------------- accepted

    @Test
    void conv2dDefaultsAndIntOrListFields() throws IOException {
        Graph graph = reads("[5, 5, 1]", conv2d(""));
        Conv2D conv = (Conv2D) graph.layers().get(0);
        assertArrayEquals(new int[] {3, 3, 2}, conv.outputShape());
        assertEquals(1, conv.rows().stride());
        assertEquals("valid", conv.cols().padding().specName());
        graph = reads("[5, 5, 1]", conv2d(", 'kernel_size': [3, 3], 'strides': [2, 1], 'padding': 'same', 'dilation_rate': [1, 2]")
                .replace("'kernel_size': 3, ", ""));
        conv = (Conv2D) graph.layers().get(0);
        assertArrayEquals(new int[] {3, 5, 2}, conv.outputShape());
        assertEquals(2, conv.cols().dilation());
    }

    @Test
    void nonLinearActivationBecomesAFollowingLayer() throws IOException {
        Graph graph = reads("[6, 2]", conv1d(", 'padding': 'causal', 'activation': 'leaky_relu', 'alpha': 0.3"));
        assertEquals(2, graph.layers().size());
        assertTrue(graph.layers().get(0) instanceof Conv1D);
        ActivationLayer activation = (ActivationLayer) graph.layers().get(1);
        assertEquals(0.3, activation.alpha());
        assertArrayEquals(new int[] {6, 2}, activation.outputShape());
        assertEquals(1, reads("[6, 2]", conv1d(", 'activation': 'linear'")).layers().size());
    }

    @Test
    void noBias() throws IOException {
        Graph graph = reads("[5, 5, 1]", conv2d(", 'use_bias': false").replace(", 'bias': 'b.npy'", ""));
        assertFalse(((Conv2D) graph.layers().get(0)).hasBias());
    }

    // ---------------------------------------------------------------- rejected

    @Test
    void wrongKernelShapeSaysExpectedAndFound() throws IOException {
        assertContains(fails("[5, 5, 3]", conv2d("")), "kernel k.npy has shape (3, 3, 1, 2), expected (3, 3, 3, 2)",
                "(kh, kw, in_channels, filters)");
        assertContains(fails("[5, 5, 1]", conv2d("").replace("'filters': 2", "'filters': 4")),
                "has shape (3, 3, 1, 2), expected (3, 3, 1, 4)");
        assertContains(fails("[6, 2]", conv1d("").replace("'kernel_size': 3", "'kernel_size': [2]")),
                "kernel k1.npy has shape (3, 2, 2), expected (2, 2, 2) (kernel_size, in_channels, filters)");
    }

    @Test
    void conv2dNeedsARankThreeInput() throws IOException {
        assertContains(fails("[25]", conv2d("")), "conv2d expects a rank-3 input (height, width, channels), found shape (25,)");
        assertContains(fails("[5, 5]", conv2d("")), "found shape (5, 5)");
        assertContains(fails("[6, 2, 1]", conv1d("")), "conv1d expects a rank-2 input (steps, channels), found shape (6, 2, 1)");
    }

    @Test
    void kernelLargerThanTheInput() throws IOException {
        assertContains(fails("[2, 5, 1]", conv2d("")), "the kernel is larger than the input",
                "'kernel_size' [3, 3] with 'dilation_rate' [1, 1] spans 3x3 cells, more than the (2, 5, 1) input's 2x5 with valid padding",
                "the output would be empty");
        assertContains(fails("[6, 2]", conv1d(", 'dilation_rate': 3")), "spans 7 steps, more than the (6, 2) input's 6 with valid padding");
    }

    @Test
    void dilatedKernelWiderThanTheLimit() throws IOException {
        assertContains(fails("[5, 5, 1]", conv2d(", 'padding': 'same', 'dilation_rate': [1, 16777216]")),
                "'kernel_size' [3, 3] with 'dilation_rate' [1, 16777216] spans 3x33554433 cells, more than the limit of 16777216");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "conv2d | 'full'   | expected \"valid\" or \"same\", found \"full\"",
            "conv2d | 'causal' | expected \"valid\" or \"same\", found \"causal\"",
            "conv1d | 'Same'   | expected \"valid\", \"same\" or \"causal\", found \"Same\"",
            "conv2d | 3        | expected a string, found 3",
    })
    void invalidPadding(String type, String padding, String expected) throws IOException {
        String layer = type.equals("conv2d") ? conv2d(", 'padding': " + padding) : conv1d(", 'padding': " + padding);
        assertContains(fails(type.equals("conv2d") ? "[5, 5, 1]" : "[6, 2]", layer), "'padding': " + expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "strides       | 0       | 'strides': expected a positive integer or a list of 2 positive integers, found 0",
            "strides       | [1, 0]  | 'strides'[1]: expected a positive integer, found 0",
            "strides       | [1]     | 'strides': expected a positive integer or a list of 2 positive integers, found a list of 1",
            "dilation_rate | -1      | 'dilation_rate': expected a positive integer or a list of 2 positive integers, found -1",
            "dilation_rate | [2, 0]  | 'dilation_rate'[1]: expected a positive integer, found 0",
            "kernel_size   | [3, 0]  | 'kernel_size'[1]: expected a positive integer, found 0",
            "strides       | 1.5     | 'strides': expected a positive integer or a list of 2 positive integers, found 1.5",
            "strides       | 'two'   | 'strides': expected a positive integer or a list of 2 positive integers, found \"two\"",
    })
    void stridesDilationAndKernelSizeMustBePositive(String field, String value, String expected) throws IOException {
        String layer = conv2d(", '" + field + "': " + value);
        if (field.equals("kernel_size")) {
            layer = layer.replace("'kernel_size': 3, ", "");
        }
        assertContains(fails("[5, 5, 1]", layer), expected);
    }

    @Test
    void conv1dListFieldsHaveOneEntry() throws IOException {
        assertContains(fails("[6, 2]", conv1d(", 'strides': [1, 1]")),
                "'strides': expected a positive integer or a list of 1 positive integer, found a list of 2");
    }

    @Test
    void wrongBiasShape() throws IOException {
        assertContains(fails("[5, 5, 1]", conv2d("").replace("b.npy", "b3.npy")), "bias b3.npy has shape (3,), expected (2,) (filters)");
    }

    @Test
    void biasMissingOrUnwanted() throws IOException {
        assertContains(fails("[5, 5, 1]", conv2d("").replace(", 'bias': 'b.npy'", "")), "missing field 'bias'", "\"use_bias\": false");
        assertContains(fails("[5, 5, 1]", conv2d(", 'use_bias': false")), "'bias' given but 'use_bias' is false");
    }

    @Test
    void missingFiltersAndKernelSize() throws IOException {
        assertContains(fails("[5, 5, 1]", conv2d("").replace("'filters': 2, ", "")), "missing field 'filters'");
        assertContains(fails("[5, 5, 1]", conv2d("").replace("'kernel_size': 3, ", "")), "missing field 'kernel_size'");
    }

    @Test
    void unknownFieldAndActivation() throws IOException {
        assertContains(fails("[5, 5, 1]", conv2d(", 'data_format': 'channels_first'")), "unknown field \"data_format\"",
                "expected one of type, name, filters, kernel_size");
        assertContains(fails("[5, 5, 1]", conv2d(", 'activation': 'relux'")), "unknown activation \"relux\"");
        assertContains(fails("[5, 5, 1]", conv2d(", 'activation': 'softmax'")), "add {\"type\": \"softmax\"} after this layer");
    }
}
