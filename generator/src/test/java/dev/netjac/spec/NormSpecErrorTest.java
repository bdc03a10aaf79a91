package dev.netjac.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.NetjacException;
import dev.netjac.graph.Graph;
import dev.netjac.layers.Layer;
import dev.netjac.weights.Npy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spec reading of batch_normalization, layer_normalization, reshape, identity and dropout: what is accepted, and
 * one-line messages that name the layer, what was expected and what was found (style of {@link SpecErrorTest}).
 * Specs use single quotes for readability; weights are inline unless a file name is the point.
 */
class NormSpecErrorTest {
    @TempDir
    Path dir;

    private Path spec;

    private static final String C3 = "[1.0, 2.0, 3.0]";
    private static final String BN3 = "'gamma': " + C3 + ", 'beta': " + C3 + ", 'moving_mean': " + C3
            + ", 'moving_variance': " + C3;

    private Path write(String shape, String layers) throws IOException {
        spec = dir.resolve("model.json");
        String text = "{'netjac': 1, 'input': {'shape': " + shape + "}, 'layers': [" + layers + "]}";
        Files.writeString(spec, text.replace('\'', '"'), StandardCharsets.UTF_8);
        return spec;
    }

    private Graph reads(String shape, String layers) throws IOException {
        return SpecReader.read(write(shape, layers), ReadOptions.defaults());
    }

    private String fails(String shape, String layers) throws IOException {
        write(shape, layers);
        NetjacException e = assertThrows(NetjacException.class, () -> SpecReader.read(spec, ReadOptions.defaults()));
        String message = e.getMessage();
        assertFalse(message.contains("\n"), "message has a line break: " + message);
        assertTrue(message.startsWith(spec + ": "), message);
        return message;
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message should contain [" + part + "]: " + message);
        }
    }

    // ---------------------------------------------------------------- accepted

    @Test
    void everyNewTypeReadsWithItsDefaults() throws IOException {
        Graph graph = reads("[2, 3]", "{'type': 'batch_normalization', " + BN3 + "},"
                + "{'type': 'layer_normalization', 'gamma': " + C3 + ", 'beta': " + C3 + "},"
                + "{'type': 'dropout', 'rate': 0.5}, {'type': 'identity'},"
                + "{'type': 'reshape', 'target_shape': [3, -1]},"
                + "{'type': 'layer_normalization', 'axis': [-2, -1], 'center': false, 'scale': false, 'epsilon': 1e-6},"
                + "{'type': 'dense', 'units': 1, 'kernel': [[1.0], [2.0]], 'use_bias': false}");
        List<String> kinds = new ArrayList<>();
        for (Layer layer : graph.layers()) {
            kinds.add(layer.kind());
        }
        assertEquals(List.of("batch_normalization", "layer_normalization", "dropout", "identity", "reshape",
                "layer_normalization", "dense"), kinds);
        assertArrayEquals(new int[] {3, 1}, graph.outputShape());
        assertTrue(graph.layers().get(2).isView() && graph.layers().get(3).isView() && graph.layers().get(4).isView());
    }

    @Test
    void batchNormalizationWithoutScaleOrCenterNeedsNoGammaOrBeta() throws IOException {
        Graph graph = reads("[3]", "{'type': 'batch_normalization', 'scale': false, 'center': false, 'axis': 0,"
                + " 'moving_mean': " + C3 + ", 'moving_variance': " + C3 + "}");
        assertEquals(6, graph.parameterCount());
    }

    @Test
    void layerNormalizationGammaMayFollowTheAxisListOrder() throws IOException {
        // Keras builds gamma in the order the axis list names the axes and reads it back flat in input order.
        reads("[2, 3]", "{'type': 'layer_normalization', 'axis': [-1, -2], 'gamma': [[1, 2], [3, 4], [5, 6]], 'center': false}");
        reads("[2, 3]", "{'type': 'layer_normalization', 'axis': [-1, -2], 'gamma': [[1, 2, 3], [4, 5, 6]], 'center': false}");
    }

    // ---------------------------------------------------------------- batch_normalization

    @Test
    void batchNormalizationWeightOfTheWrongShape() throws IOException {
        Npy.write(dir.resolve("g4.npy"), new int[] {4}, new double[] {1, 2, 3, 4});
        String m = fails("[2, 3]", "{'type': 'batch_normalization', 'name': 'bn', 'gamma': 'g4.npy', 'beta': " + C3
                + ", 'moving_mean': " + C3 + ", 'moving_variance': " + C3 + "}");
        assertContains(m, ": layers[0] (batch_normalization \"bn\"): gamma g4.npy has shape (4,), expected (3,)"
                + " (channels of axis -1 of input (2, 3))");
    }

    @Test
    void batchNormalizationOnAnotherAxisNamesIt() throws IOException {
        String m = fails("[2, 3]", "{'type': 'batch_normalization', 'axis': 0, " + BN3 + "}");
        assertContains(m, ": layers[0] (batch_normalization): gamma (inline) has shape (3,), expected (2,)"
                + " (channels of axis 0 of input (2, 3))");
    }

    @Test
    void batchNormalizationMissingStatistics() throws IOException {
        assertContains(fails("[3]", "{'type': 'batch_normalization', 'gamma': " + C3 + ", 'beta': " + C3
                + ", 'moving_mean': " + C3 + "}"), ": layers[0] (batch_normalization): missing field 'moving_variance'");
    }

    @Test
    void batchNormalizationGammaNeedsScale() throws IOException {
        assertContains(fails("[3]", "{'type': 'batch_normalization', 'scale': false, " + BN3 + "}"),
                "'gamma' given but 'scale' is false");
        assertContains(fails("[3]", "{'type': 'batch_normalization', 'beta': " + C3 + ", 'moving_mean': " + C3
                + ", 'moving_variance': " + C3 + "}"), "missing field 'gamma'", "set \"scale\": false");
        assertContains(fails("[3]", "{'type': 'batch_normalization', 'gamma': " + C3 + ", 'moving_mean': " + C3
                + ", 'moving_variance': " + C3 + "}"), "missing field 'beta'", "set \"center\": false");
    }

    @Test
    void batchNormalizationVarianceMustStayPositive() throws IOException {
        String m = fails("[3]", "{'type': 'batch_normalization', 'gamma': " + C3 + ", 'beta': " + C3
                + ", 'moving_mean': " + C3 + ", 'moving_variance': [1.0, -0.001, 2.0], 'epsilon': 0.001}");
        assertContains(m, "moving_variance (inline) has value -0.001 at channel 1, expected variance + epsilon > 0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "'axis': 2          | 'axis': expected an integer in [-2, 1], found 2",
        "'axis': -3         | 'axis': expected an integer in [-2, 1], found -3",
        "'axis': [1]        | 'axis': expected an integer, found",
        "'epsilon': -1e-3   | 'epsilon': expected a number >= 0, found -0.001",
        "'epsilon': 'small' | 'epsilon': expected a number, found \"",
        "'center': 1        | 'center': expected true or false, found 1",
        "'momentum': 0.99   | unknown field \"momentum\""})
    void batchNormalizationBadOptions(String field, String expected) throws IOException {
        assertContains(fails("[2, 3]", "{'type': 'batch_normalization', " + field + ", " + BN3 + "}"),
                ": layers[0] (batch_normalization): " + expected.replace('\'', '\''));
    }

    // ---------------------------------------------------------------- layer_normalization

    @Test
    void layerNormalizationOverALeadingAxisIsRefused() throws IOException {
        assertContains(fails("[2, 3]", "{'type': 'layer_normalization', 'axis': 0, 'center': false, 'scale': false}"),
                ": layers[0] (layer_normalization): 'axis': only the last axis or a list of trailing axes is supported"
                        + " (e.g. -1 or [-2, -1]), found 0 for input (2, 3)");
        assertContains(fails("[2, 3, 4]", "{'type': 'layer_normalization', 'axis': [0, 2], 'center': false, 'scale': false}"),
                "'axis': only the last axis or a list of trailing axes is supported", "found [0, 2] for input (2, 3, 4)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "'axis': [-1, 1]   | 'axis': axis 1 given twice in [-1, 1]",
        "'axis': []        | 'axis': expected an integer or a non-empty list of integers, found",
        "'axis': 'last'    | 'axis': expected an integer or a non-empty list of integers, found \"",
        "'axis': [1, 2]    | 'axis'[1]: expected an integer in [-2, 1], found 2",
        "'axis': 5         | 'axis': expected an integer in [-2, 1], found 5",
        "'epsilon': -1     | 'epsilon': expected a number >= 0, found -1.0"})
    void layerNormalizationBadOptions(String field, String expected) throws IOException {
        assertContains(fails("[2, 3]", "{'type': 'layer_normalization', " + field + ", 'center': false, 'scale': false}"),
                ": layers[0] (layer_normalization): " + expected);
    }

    @Test
    void layerNormalizationWeightOfTheWrongShape() throws IOException {
        assertContains(fails("[2, 3]", "{'type': 'layer_normalization', 'gamma': [1, 2], 'beta': " + C3 + "}"),
                ": layers[0] (layer_normalization): gamma (inline) has shape (2,), expected (3,) (the normalized axes)");
        assertContains(fails("[2, 3]", "{'type': 'layer_normalization', 'axis': [-2, -1], 'gamma': " + C3 + ", 'center': false}"),
                "gamma (inline) has shape (3,), expected (2, 3) (the normalized axes)");
        assertContains(fails("[2, 3]", "{'type': 'layer_normalization', 'beta': " + C3 + "}"),
                "missing field 'gamma'", "set \"scale\": false");
        assertContains(fails("[2, 3]", "{'type': 'layer_normalization', 'center': false, 'scale': false, 'beta': " + C3 + "}"),
                "'beta' given but 'center' is false");
    }

    // ---------------------------------------------------------------- reshape, dropout, identity

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "[4, 2]        | 'target_shape': (4, 2) has 8 values but the input (2, 3) has 6",
        "[4, -1]       | 'target_shape': cannot infer the -1 in (4, -1): the input (2, 3) has 6 values, not a multiple of 4",
        "[-1, -1]      | 'target_shape': at most one dimension may be -1, found -1 at [0] and [1]",
        "[0, 6]        | 'target_shape'[0]: expected -1 or an integer in [1, 16777216], found 0",
        "[2.5, 2]      | 'target_shape'[0]: expected -1 or an integer in [1, 16777216], found 2.5",
        "[]            | 'target_shape': expected 1 to 8 dimensions, found 0",
        "6             | 'target_shape': expected an array, found 6"})
    void reshapeMismatches(String target, String expected) throws IOException {
        assertContains(fails("[2, 3]", "{'type': 'reshape', 'target_shape': " + target + "}"), ": layers[0] (reshape): " + expected);
    }

    @Test
    void reshapeNeedsATargetShape() throws IOException {
        assertContains(fails("[2, 3]", "{'type': 'reshape', 'shape': [6]}"), "missing field 'target_shape'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "1.0     | 'rate': expected a number in [0, 1), found 1.0",
        "-0.1    | 'rate': expected a number in [0, 1), found -0.1",
        "'half'  | 'rate': expected a number, found \""})
    void dropoutRateOutOfRange(String rate, String expected) throws IOException {
        assertContains(fails("[3]", "{'type': 'dropout', 'rate': " + rate + "}"), ": layers[0] (dropout): " + expected);
    }

    @Test
    void identityTakesNoFields() throws IOException {
        assertContains(fails("[3]", "{'type': 'identity', 'rate': 0.1}"),
                ": layers[0] (identity): unknown field \"rate\", expected one of type, name");
        assertContains(fails("[3]", "{'type': 'dropout', 'noise_shape': [1]}"),
                ": layers[0] (dropout): unknown field \"noise_shape\", expected one of type, name, rate");
    }

    @Test
    void denseOnRank3InputMapsTheLastAxis() throws IOException {
        Graph graph = reads("[2, 2, 3]", "{'type': 'dense', 'units': 2, 'kernel': [[1, 0], [0, 1], [1, 1]], 'bias': [0, 0],"
                + " 'activation': 'tanh'}");
        assertArrayEquals(new int[] {2, 2, 2}, graph.outputShape());
        assertArrayEquals(new int[] {2, 2, 2}, graph.layers().get(1).inputShape(), "the activation sees the dense output shape");
    }
}
