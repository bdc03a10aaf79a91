package dev.netjac.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.NetjacException;
import dev.netjac.graph.Graph;
import dev.netjac.layers.Layer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spec reading of the standalone activation layers (relu options, prelu, thresholded_relu, softmax and
 * log_softmax on rank &gt; 1): what is accepted, and a one-line message naming the layer, the field, what was
 * expected and what was found for everything that is not. Specs are single-quoted for readability.
 */
class ActivationSpecTest {
    @TempDir
    Path dir;

    private Path write(String inputShape, String layers) throws IOException {
        Path spec = dir.resolve("model.json");
        Files.writeString(spec, ("{'netjac': 1, 'input': {'shape': " + inputShape + "}, 'layers': [" + layers + "]}").replace('\'', '"'));
        return spec;
    }

    private Graph reads(String inputShape, String layers) throws IOException {
        return SpecReader.read(write(inputShape, layers), ReadOptions.defaults());
    }

    private String fails(String inputShape, String layers) throws IOException {
        Path spec = write(inputShape, layers);
        NetjacException e = assertThrows(NetjacException.class, () -> SpecReader.read(spec, ReadOptions.defaults()));
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), "message has a line break: " + m);
        assertTrue(m.startsWith(spec + ": "), "message should start with the spec path: " + m);
        return m;
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message should contain [" + part + "]: " + message);
        }
    }

    private static String only(Graph graph) {
        assertEquals(1, graph.layers().size());
        Layer layer = graph.layers().get(0);
        return layer.getClass().getSimpleName() + ": " + layer.summary();
    }

    // ---------------------------------------------------------------- relu

    @Test
    void reluWithoutOptionsOrWithDefaultsIsThePlainActivation() throws IOException {
        assertEquals("ActivationLayer: relu", only(reads("[3]", "{'type': 'relu'}")));
        assertEquals("ActivationLayer: relu",
                only(reads("[2, 3]", "{'type': 'relu', 'max_value': null, 'negative_slope': 0, 'threshold': 0.0}")));
    }

    @Test
    void reluOptionsMakeAKerasRelu() throws IOException {
        assertEquals("KerasRelu: relu(max_value=6.0, negative_slope=0.0, threshold=0.0)",
                only(reads("[2, 3]", "{'type': 'relu', 'max_value': 6}")));
        assertEquals("KerasRelu: relu(negative_slope=0.1, threshold=0.5)",
                only(reads("[4]", "{'type': 'relu', 'negative_slope': 0.1, 'threshold': 0.5}")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "'max_value': -1                | 'max_value': expected a number >= 0 or null (no cap), found -1",
        "'max_value': -0.5              | 'max_value': expected a number >= 0 or null (no cap), found -0.5",
        "'max_value': 'six'             | 'max_value': expected a number, found \"six\"",
        "'threshold': -0.25             | 'threshold': expected a number >= 0, found -0.25",
        "'negative_slope': true         | 'negative_slope': expected a number, found true",
        "'max_val': 6                   | unknown field \"max_val\" (did you mean 'max_value'?), expected one of type, name, max_value, negative_slope, threshold",
        "'alpha': 0.1                   | 'alpha' given but relu takes no parameter 'alpha'; for a slope below the threshold use 'negative_slope'",
    })
    void badReluOptions(String field, String expected) throws IOException {
        assertContains(fails("[3]", "{'type': 'relu', 'name': 'r', " + field + "}"), ": layers[0] (relu \"r\"): " + expected);
    }

    // ---------------------------------------------------------------- thresholded_relu

    @Test
    void thresholdedRelu() throws IOException {
        assertEquals("ThresholdedRelu: thresholded_relu(theta=1.0)", only(reads("[2, 2]", "{'type': 'thresholded_relu'}")));
        assertEquals("ThresholdedRelu: thresholded_relu(theta=0.25)",
                only(reads("[2]", "{'type': 'thresholded_relu', 'theta': 0.25}")));
        assertContains(fails("[2]", "{'type': 'thresholded_relu', 'theta': null, 'thetta': 2}"),
                ": layers[0] (thresholded_relu): unknown field \"thetta\" (did you mean 'theta'?)");
        assertContains(fails("[2]", "{'type': 'thresholded_relu', 'theta': [1]}"), "'theta': expected a number, found [1]");
    }

    // ---------------------------------------------------------------- prelu

    @Test
    void preluSharedAxes() throws IOException {
        assertEquals("PRelu: prelu (shared_axes [0, 1])",
                only(reads("[2, 3, 4]", "{'type': 'prelu', 'shared_axes': [0, 1], 'alpha': [[[0.1, 0.2, 0.3, 0.4]]]}")));
        assertEquals("PRelu: prelu (shared_axes [1])",
                only(reads("[2, 3]", "{'type': 'prelu', 'shared_axes': -1, 'alpha': [[0.1], [0.2]]}")));
        assertEquals("PRelu: prelu", only(reads("[3]", "{'type': 'prelu', 'shared_axes': null, 'alpha': [0.1, 0.2, 0.3]}")));
        Graph graph = reads("[2, 3]", "{'type': 'prelu', 'alpha': [[1, 2, 3], [4, 5, 6]]}");
        assertEquals(6, graph.parameterCount());
        assertArrayEquals(new int[] {2, 3}, graph.outputShape());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "[2, 3, 4] | 'shared_axes': [0, 1], 'alpha': [[0.1, 0.2, 0.3, 0.4]]"
                + " | alpha has shape (1, 4), expected (1, 1, 4) (the input shape (2, 3, 4) with shared_axes [0, 1] set to 1)",
        "[2, 3]    | 'alpha': [0.1, 0.2, 0.3]"
                + " | alpha has shape (3,), expected (2, 3) (the input shape (2, 3))",
        "[2, 3]    | 'shared_axes': [1], 'alpha': [[0.1, 0.2, 0.3]]"
                + " | alpha has shape (1, 3), expected (2, 1) (the input shape (2, 3) with shared_axes [1] set to 1)",
        "[2, 3]    | 'shared_axes': [2], 'alpha': [0.1]"
                + " | 'shared_axes': axis 2 is out of range for input shape (2, 3), expected -2..1 (netjac axes exclude the batch)",
        "[2, 3]    | 'shared_axes': [-3], 'alpha': [0.1]"
                + " | 'shared_axes': axis -3 is out of range for input shape (2, 3)",
        "[2, 3]    | 'shared_axes': [1, -1], 'alpha': [0.1]"
                + " | 'shared_axes': axis 1 is given twice",
        "[2, 3]    | 'shared_axes': [0.5], 'alpha': [0.1]"
                + " | 'shared_axes': expected an integer or a list of integers, found 0.5 in the list",
        "[2, 3]    | 'shared_axes': 'channels', 'alpha': [0.1]"
                + " | 'shared_axes': expected an integer or a list of integers, found \"channels\"",
        "[2, 3]    | 'shared_axes': [0]"
                + " | missing field 'alpha'; prelu needs its learned slopes",
        "[2, 3]    | 'alpha': [[0.1, 0.2, 0.3]], 'shared_axis': [0]"
                + " | unknown field \"shared_axis\" (did you mean 'shared_axes'?), expected one of type, name, alpha, shared_axes",
    })
    void badPrelu(String shape, String fields, String expected) throws IOException {
        assertContains(fails(shape, "{'type': 'prelu', " + fields + "}"), ": layers[0] (prelu): " + expected);
    }

    // ---------------------------------------------------------------- softmax / log_softmax

    @Test
    void softmaxOverTheLastAxisOfAnyRank() throws IOException {
        for (String type : new String[] {"softmax", "log_softmax"}) {
            for (String axis : new String[] {"", ", 'axis': -1", ", 'axis': 2"}) {
                Graph graph = reads("[2, 3, 4]", "{'type': '" + type + "'" + axis + "}");
                assertArrayEquals(new int[] {2, 3, 4}, graph.outputShape(), type + axis);
            }
        }
        assertArrayEquals(new int[] {2, 5}, reads("[2, 5]", "{'type': 'activation', 'activation': 'softmax'}").outputShape());
    }

    @Test
    void softmaxOverAnyAxisOrAClearError() throws IOException {
        assertEquals("softmax along axis 1 -> (2, 3, 4)", reads("[2, 3, 4]", "{'type': 'softmax', 'axis': 1}").layers().get(0).summary());
        assertEquals("log_softmax along axis 0 -> (2, 3, 4)", reads("[2, 3, 4]", "{'type': 'log_softmax', 'axis': -3}").layers().get(0).summary());
        assertContains(fails("[2, 3, 4]", "{'type': 'softmax', 'axis': 3}"), "'axis': expected an integer in [-3, 2], found 3");
        assertContains(fails("[2, 3, 4]", "{'type': 'softmax', 'axis': [-1]}"), "'axis': expected an integer, found [-1]");
    }

    // ---------------------------------------------------------------- leaky_relu and elu on any rank

    @Test
    void leakyReluAndEluTakeAnyRank() throws IOException {
        assertEquals("ActivationLayer: leaky_relu(alpha=0.3)", only(reads("[2, 3, 4]", "{'type': 'leaky_relu', 'alpha': 0.3}")));
        assertEquals("ActivationLayer: leaky_relu(alpha=0.2)", only(reads("[2, 3, 4]", "{'type': 'leaky_relu'}")));
        assertEquals("ActivationLayer: elu(alpha=0.5)", only(reads("[2, 3, 4]", "{'type': 'elu', 'alpha': 0.5}")));
    }

    // ---------------------------------------------------------------- element functions ONNX adds

    @Test
    void elementFunctionsAndTheirParameters() throws IOException {
        assertEquals("ActivationLayer: exponential", only(reads("[3]", "{'type': 'exp'}")));
        assertEquals("ActivationLayer: erf", only(reads("[3]", "{'type': 'erf'}")));
        assertEquals("ActivationLayer: celu(alpha=0.5)", only(reads("[3]", "{'type': 'celu', 'alpha': 0.5}")));
        assertEquals("ParametricActivationLayer: pow(exponent=3.0)", only(reads("[3]", "{'type': 'pow', 'exponent': 3}")));
        assertEquals("ParametricActivationLayer: clip(min=-Infinity, max=6.0)", only(reads("[3]", "{'type': 'clip', 'max': 6}")));
        assertEquals("ActivationLayer: hard_sigmoid", only(reads("[3]", "{'type': 'hard_sigmoid', 'alpha': 0.2, 'beta': 0.5}")));
        assertEquals("ParametricActivationLayer: hard_sigmoid(alpha=0.25, beta=0.5)",
                only(reads("[3]", "{'type': 'hard_sigmoid', 'alpha': 0.25}")));
        assertEquals("ActivationLayer: selu", only(reads("[3]", "{'type': 'selu'}")));
        assertEquals("ParametricActivationLayer: selu(alpha=1.5, gamma=1.0507009873554805)",
                only(reads("[3]", "{'type': 'selu', 'alpha': 1.5}")));
        Graph dense = reads("[2]", "{'type': 'dense', 'units': 2, 'kernel': [[1, 0], [0, 1]], 'bias': [0, 0], 'activation': 'hard_swish'}");
        assertEquals("hard_swish", dense.layers().get(1).kind());
    }

    @Test
    void elementFunctionErrors() throws IOException {
        assertContains(fails("[3]", "{'type': 'pow', 'name': 'p'}"), "pow \"p\"", "missing field 'exponent'");
        assertContains(fails("[3]", "{'type': 'pow', 'exponent': 'two'}"), "'exponent': expected a number, found \"two\"");
        assertContains(fails("[3]", "{'type': 'clip', 'min': 2, 'max': 1}"), "'min' must not be above 'max', found min 2.0 and max 1.0");
        assertContains(fails("[3]", "{'type': 'hard_sigmoid', 'gamma': 1}"), "unknown field \"gamma\"");
        assertContains(fails("[3]", "{'type': 'selu', 'beta': 1}"), "unknown field \"beta\"");
        assertContains(fails("[3]", "{'type': 'erf', 'alpha': 1}"), "'alpha' given but erf takes no parameter");
    }
}
