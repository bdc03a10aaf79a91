package dev.netjac.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.NetjacException;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Layer;
import dev.netjac.reference.ReferenceEvaluator;
import dev.netjac.weights.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad specs and weights: every rejection is a {@link NetjacException} with a one-line message that starts
 * with the spec's path as given and names the layer or JSON path, what was expected and what was found.
 *
 * <p>Specs are written with single quotes for readability ({@link #json} turns them into double quotes). The
 * standard model is input (4,) -> dense 3 with kernel {@code w.npy} (4, 3) and bias {@code b.npy} (3,).
 */
class SpecErrorTest {
    @TempDir
    Path dir;

    private Path spec;

    // ---------------------------------------------------------------- helpers

    /** {@code text} with every ' replaced by ", so that JSON reads well inside Java strings. */
    private static String json(String text) {
        return text.replace('\'', '"');
    }

    /** A version 1 spec with input (4,) and the given layers (a JSON array body, single-quoted). */
    private static String specWithLayers(String layers) {
        return json("{'netjac': 1, 'input': {'shape': [4]}, 'layers': [" + layers + "]}");
    }

    private static final String DENSE = "{'type': 'dense', 'name': 'fc1', 'units': 3, 'kernel': 'w.npy', 'bias': 'b.npy'}";

    /** Writes {@code model.json} with exact text and the standard weights next to it. */
    private Path write(String text) throws IOException {
        return write("model.json", text);
    }

    private Path write(String fileName, String text) throws IOException {
        writeStandardWeights();
        spec = dir.resolve(fileName);
        Files.writeString(spec, text, StandardCharsets.UTF_8);
        return spec;
    }

    private void writeStandardWeights() {
        if (!Files.exists(dir.resolve("w.npy"))) {
            Npy.write(dir.resolve("w.npy"), new int[] {4, 3}, ramp(12));
            Npy.write(dir.resolve("b.npy"), new int[] {3}, ramp(3));
        }
    }

    private static double[] ramp(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.25 * (i + 1) * (i % 2 == 0 ? 1 : -1);
        }
        return v;
    }

    /** Reads the last written spec, expects a rejection, checks the message standard and returns it. */
    private String fails() {
        return fails(spec, ReadOptions.defaults());
    }

    private static String fails(Path file, ReadOptions options) {
        NetjacException e = assertThrows(NetjacException.class, () -> SpecReader.read(file, options));
        String message = e.getMessage();
        assertOneLine(message);
        assertTrue(message.startsWith(file + ": "), "message should start with the spec path " + file + ": " + message);
        return message;
    }

    private static void assertOneLine(String message) {
        assertFalse(message.contains("\n"), "message has a line break: " + message);
        assertFalse(message.contains("\r"), "message has a carriage return: " + message);
        assertFalse(message.contains("\u2028") || message.contains("\u2029"), "message has a Unicode line separator: " + message);
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message should contain [" + part + "]: " + message);
        }
    }

    private String failsWithLayers(String layers) throws IOException {
        write(specWithLayers(layers));
        return fails();
    }

    private static byte[] npyBytes(Path scratch, int[] shape, double[] data) throws IOException {
        Npy.write(scratch, shape, data);
        byte[] bytes = Files.readAllBytes(scratch);
        Files.delete(scratch);
        return bytes;
    }

    private void writeNpz(String name, Object... keysAndNpyBytes) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(buffer)) {
            for (int i = 0; i < keysAndNpyBytes.length; i += 2) {
                out.putNextEntry(new ZipEntry(keysAndNpyBytes[i] + ".npy"));
                out.write((byte[]) keysAndNpyBytes[i + 1]);
                out.closeEntry();
            }
        }
        Files.write(dir.resolve(name), buffer.toByteArray());
    }

    /** A safetensors file with float64 tensors; {@code shapesAndData} alternates int[] shape and double[] data. */
    private void writeSafetensors(String name, String[] names, Object... shapesAndData) throws IOException {
        StringBuilder header = new StringBuilder("{");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int t = 0; t < names.length; t++) {
            int[] shape = (int[]) shapesAndData[2 * t];
            double[] values = (double[]) shapesAndData[2 * t + 1];
            ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : values) {
                b.putDouble(v);
            }
            int begin = data.size();
            data.write(b.array());
            header.append(t == 0 ? "" : ", ").append('"').append(names[t]).append("\": {\"dtype\": \"F64\", \"shape\": ")
                    .append(Arrays.toString(shape)).append(", \"data_offsets\": [").append(begin).append(", ")
                    .append(data.size()).append("]}");
        }
        byte[] h = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(data.toByteArray());
        Files.write(dir.resolve(name), out.array());
    }

    // ---------------------------------------------------------------- the file and its JSON

    @Test
    void missingFile() {
        String m = fails(dir.resolve("nope.json"), ReadOptions.defaults());
        assertContains(m, "file not found");
    }

    @Test
    void folderInsteadOfFile() {
        String m = fails(dir, ReadOptions.defaults());
        assertContains(m, "is a folder", "expected a netjac spec");
    }

    @Test
    void malformedJsonNamesLineAndColumn() throws IOException {
        write("{\n  \"netjac\": 1,\n  \"input\": {\"shape\": [4]},,\n  \"layers\": []\n}\n");
        String m = fails();
        assertContains(m, "malformed JSON", "line 3, column 27");
    }

    @Test
    void truncatedJson() throws IOException {
        write("{\"netjac\": 1, \"input\": {\"shape\": [4]");
        String m = fails();
        assertContains(m, "malformed JSON at line 1, column 37", "end-of-input", "start marker at line 1, column 24");
        assertFalse(m.contains("Source:") || m.contains("StreamReadFeature"), "Jackson internals in: " + m);
    }

    @Test
    void trailingContentAfterTheObject() throws IOException {
        write(specWithLayers(DENSE) + "\n{\"netjac\": 1}\n");
        assertContains(fails(), "malformed JSON at line 2", "trailing content after the top-level object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n\t  \n"})
    void emptyFile(String text) throws IOException {
        write(text);
        assertContains(fails(), "empty file, expected a JSON object");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "[1, 2]          | [1,2]",
        "\"model\"       | \"model\"",
        "42              | 42",
        "null            | null"})
    void topLevelNotAnObject(String text, String found) throws IOException {
        write(text);
        assertContains(fails(), "expected a JSON object, found " + found);
    }

    @Test
    void duplicateJsonKey() throws IOException {
        write(specWithLayers("{'type': 'dense', 'units': 3, 'units': 4, 'kernel': 'w.npy', 'bias': 'b.npy'}"));
        assertContains(fails(), "duplicate key 'units'", "line 1, column ");
    }

    @Test
    void controlCharacterInsideAJsonString() throws IOException {
        write("{\"netjac\": 1, \"name\": \"two\nlines\", \"input\": {\"shape\": [4]}, \"layers\": [" + json(DENSE) + "]}");
        assertContains(fails(), "malformed JSON", "line 1", "CTRL-CHAR");
    }

    @Test
    void unicodeLineSeparatorOutsideAString() throws IOException {
        write("{\"netjac\": 1,\u2028 x}");
        String m = fails();
        assertContains(m, "malformed JSON at line 1", "\\u2028");
    }

    @Test
    void tooDeeplyNested() throws IOException {
        write("{\"netjac\": 1, \"x\": " + "[".repeat(200) + "]".repeat(200) + "}");
        assertContains(fails(), "malformed JSON: nested more than 64 levels deep");
    }

    // ---------------------------------------------------------------- top-level fields

    @Test
    void missingVersion() throws IOException {
        write(json("{'input': {'shape': [4]}, 'layers': [" + DENSE + "]}"));
        assertContains(fails(), "missing field 'netjac'", "spec version");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "2            | 2",
        "0            | 0",
        "1.5          | 1.5",
        "\"1\"        | \"1\"",
        "4294967297   | 4294967297"})
    void wrongVersion(String version, String found) throws IOException {
        write(json("{'netjac': " + version + ", 'input': {'shape': [4]}, 'layers': [" + DENSE + "]}"));
        assertContains(fails(), "'netjac': expected spec version 1, found " + found);
    }

    @Test
    void missingInput() throws IOException {
        write(json("{'netjac': 1, 'layers': [" + DENSE + "]}"));
        assertContains(fails(), "missing field 'input'");
    }

    @Test
    void inputNotAnObject() throws IOException {
        write(json("{'netjac': 1, 'input': [4], 'layers': [" + DENSE + "]}"));
        assertContains(fails(), ": input: expected a JSON object, found [4]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "[0]               | 'shape'[0]: expected an integer in [1, 16777216], found 0",
        "[-1]              | 'shape'[0]: expected an integer in [1, 16777216], found -1",
        "[4, 1.5]          | 'shape'[1]: expected an integer in [1, 16777216], found 1.5",
        "['a']             | 'shape'[0]: expected an integer in [1, 16777216], found \"a\"",
        "[null]            | 'shape'[0]: expected an integer in [1, 16777216], found null",
        "[99999999999]     | 'shape'[0]: expected an integer in [1, 16777216], found 99999999999",
        "[]                | 'shape': expected 1 to 8 dimensions, found 0",
        "[1,1,1,1,1,1,1,1,1] | 'shape': expected 1 to 8 dimensions, found 9",
        "[4096, 4097]      | 'shape': (4096, 4097) has more than 16777216 values",
        "4                 | 'shape': expected an array, found 4"})
    void badInputShape(String shape, String expected) throws IOException {
        write(json("{'netjac': 1, 'input': {'shape': " + shape + "}, 'layers': [{'type': 'relu'}]}"));
        String m = fails();
        assertContains(m, ": input: " + expected);
    }

    @Test
    void unknownInputField() throws IOException {
        write(json("{'netjac': 1, 'input': {'shape': [4], 'dtype': 'float32'}, 'layers': [" + DENSE + "]}"));
        assertContains(fails(), ": input: unknown field \"dtype\", expected one of shape");
    }

    @Test
    void emptyLayers() throws IOException {
        write(specWithLayers(""));
        assertContains(fails(), "'layers': expected at least one layer, found none");
    }

    @Test
    void layersNotAnArray() throws IOException {
        write(json("{'netjac': 1, 'input': {'shape': [4]}, 'layers': {'type': 'relu'}}"));
        assertContains(fails(), "'layers': expected an array, found an object");
    }

    @Test
    void unknownTopLevelFieldSuggestsTheNearestName() throws IOException {
        write(json("{'netjac': 1, 'input': {'shape': [4]}, 'layers': [" + DENSE + "], 'jacobain': {'mode': 'auto'}}"));
        assertContains(fails(), "unknown field \"jacobain\"", "did you mean 'jacobian'?", "expected one of netjac, name");
    }

    @Test
    void invalidJacobianMode() throws IOException {
        write(json("{'netjac': 1, 'input': {'shape': [4]}, 'jacobian': {'mode': 'sideways'}, 'layers': [" + DENSE + "]}"));
        assertContains(fails(), ": jacobian: 'mode': expected auto, reverse, forward or mixed, found \"sideways\"");
    }

    @Test
    void jacobianModeNotAString() throws IOException {
        write(json("{'netjac': 1, 'input': {'shape': [4]}, 'jacobian': {'mode': 1}, 'layers': [" + DENSE + "]}"));
        assertContains(fails(), ": jacobian: 'mode': expected a string, found 1");
    }

    @Test
    void nameNotAString() throws IOException {
        write(json("{'netjac': 1, 'name': ['a'], 'input': {'shape': [4]}, 'layers': [" + DENSE + "]}"));
        assertContains(fails(), "'name': expected a string, found [\"a\"]");
    }

    // ---------------------------------------------------------------- layer objects

    @Test
    void layerNotAnObject() throws IOException {
        String m = failsWithLayers(DENSE + ", 'relu'");
        assertContains(m, ": layers[1]: expected a layer object, found \"relu\"", "{\"type\": \"relu\"}");
    }

    @Test
    void layerIsANumber() throws IOException {
        assertContains(failsWithLayers("3"), ": layers[0]: expected a layer object, found 3");
    }

    @Test
    void missingType() throws IOException {
        String m = failsWithLayers("{'name': 'fc1', 'units': 3}");
        assertContains(m, ": layers[0] (\"fc1\"): missing field 'type'");
    }

    @Test
    void typeNotAString() throws IOException {
        assertContains(failsWithLayers("{'type': 7}"), ": layers[0]: 'type': expected a string, found 7");
    }

    @Test
    void unknownTypeListsKnownTypes() throws IOException {
        String m = failsWithLayers(DENSE + ", {'type': 'lstm'}");
        assertContains(m, ": layers[1] (lstm): unknown layer type \"lstm\", expected one of ",
                "dense", "flatten", "softmax", "log_softmax", "relu", "leaky_relu", "activation");
    }

    @Test
    void misspelledTypeSuggestsTheNearest() throws IOException {
        String m = failsWithLayers("{'type': 'dens', 'units': 3, 'kernel': 'w.npy'}");
        assertContains(m, "unknown layer type \"dens\"", "did you mean 'dense'?");
    }

    @Test
    void unknownActivationOnDense() throws IOException {
        String m = failsWithLayers("{'type': 'dense', 'name': 'fc1', 'units': 3, 'kernel': 'w.npy', 'bias': 'b.npy', 'activation': 'rellu'}");
        assertContains(m, ": layers[0] (dense \"fc1\"): unknown activation \"rellu\"", "did you mean 'relu'?",
                "expected one of linear, relu, relu6, leaky_relu", "tanh");
    }

    @Test
    void unknownActivationInActivationLayer() throws IOException {
        String m = failsWithLayers("{'type': 'activation', 'activation': 'sigmod'}");
        assertContains(m, ": layers[0] (activation): unknown activation \"sigmod\"", "did you mean 'sigmoid'?",
                "expected one of");
    }

    @Test
    void activationLayerWithoutActivation() throws IOException {
        assertContains(failsWithLayers("{'type': 'activation'}"), ": layers[0] (activation): missing field 'activation'");
    }

    @Test
    void typoInRequiredFieldIsNamed() throws IOException {
        String m = failsWithLayers("{'type': 'dense', 'name': 'fc1', 'unit': 3, 'kernel': 'w.npy', 'bias': 'b.npy'}");
        assertContains(m, ": layers[0] (dense \"fc1\"): missing field 'units'", "found \"unit\"", "did you mean 'units'?");
    }

    @Test
    void typoInOptionalFieldIsRejected() throws IOException {
        String m = failsWithLayers("{'type': 'dense', 'name': 'fc1', 'units': 3, 'kernel': 'w.npy', 'bias': 'b.npy', 'activaton': 'relu'}");
        assertContains(m, ": layers[0] (dense \"fc1\"): unknown field \"activaton\"", "did you mean 'activation'?",
                "expected one of type, name, units, kernel, bias");
    }

    @Test
    void unknownFieldOnActivationLayer() throws IOException {
        String m = failsWithLayers("{'type': 'relu', 'units': 3}");
        assertContains(m, ": layers[0] (relu): unknown field \"units\", expected one of type, name");
    }

    @Test
    void duplicateLayerNameNamesTheFirstUse() throws IOException {
        String m = failsWithLayers(DENSE + ", {'type': 'relu', 'name': 'fc1'}");
        assertContains(m, ": layers[1] (relu \"fc1\"): duplicate layer name \"fc1\", already used by layers[0]");
    }

    @Test
    void layerNameNotAString() throws IOException {
        assertContains(failsWithLayers("{'type': 'relu', 'name': 3}"), ": layers[0] (relu): 'name': expected a string, found 3");
    }

    @Test
    void denseOnRank2InputActsOnTheLastAxis() throws IOException {
        // (2, 4) -> (2, 3) with the (4, 3) kernel: dense on rank > 1 maps the last axis at every position.
        write(json("{'netjac': 1, 'input': {'shape': [2, 4]}, 'layers': [" + DENSE + "]}"));
        Graph graph = SpecReader.read(spec, ReadOptions.defaults());
        assertArrayEquals(new int[] {2, 3}, graph.outputShape());
        // A kernel that does not fit the last axis says so.
        write(json("{'netjac': 1, 'input': {'shape': [2, 2]}, 'layers': [" + DENSE + "]}"));
        assertContains(fails(), ": layers[0] (dense \"fc1\"): kernel w.npy has shape (4, 3), expected (2, 3) (in, out)"
                + " for the last axis of input (2, 2)");
    }

    @Test
    void softmaxOnRank2InputNormalizesTheLastAxis() throws IOException {
        // Was refused before issue 5; now softmax/log_softmax work over the last axis of any rank.
        write(json("{'netjac': 1, 'input': {'shape': [2, 2]}, 'layers': [{'type': 'softmax'}, {'type': 'log_softmax', 'axis': 1}]}"));
        Graph graph = SpecReader.read(spec, ReadOptions.defaults());
        assertArrayEquals(new int[] {2, 2}, graph.outputShape());
    }

    @Test
    void softmaxOnAnotherAxis() throws IOException {
        write(json("{'netjac': 1, 'input': {'shape': [2, 2]}, 'layers': [{'type': 'softmax', 'axis': 0}]}"));
        assertArrayEquals(new int[] {2, 2}, SpecReader.read(spec, ReadOptions.defaults()).outputShape());
        assertContains(failsWithLayers("{'type': 'softmax', 'axis': 5}"), "'axis': expected an integer in [-1, 0], found 5");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "0            | 'units': expected an integer in [1, 16777216], found 0",
        "-3           | 'units': expected an integer in [1, 16777216], found -3",
        "2.5          | 'units': expected an integer, found 2.5",
        "3.0          | 'units': expected an integer, found 3.0",
        "\"3\"        | 'units': expected an integer, found \"3\"",
        "true         | 'units': expected an integer, found true",
        "null         | missing field 'units'",
        "10000000000  | 'units': expected an integer in [1, 16777216], found 10000000000",
        "16777217     | 'units': expected an integer in [1, 16777216], found 16777217"})
    void badUnits(String units, String expected) throws IOException {
        String m = failsWithLayers("{'type': 'dense', 'name': 'fc1', 'units': " + units + ", 'kernel': 'w.npy', 'bias': 'b.npy'}");
        assertContains(m, ": layers[0] (dense \"fc1\"): " + expected);
    }

    @Test
    void hugeKernelIsRefusedBeforeReadingWeights() throws IOException {
        // No weight files exist for this layer: the size check must come first.
        write(json("{'netjac': 1, 'input': {'shape': [100000]}, 'layers': ["
                + "{'type': 'dense', 'name': 'big', 'units': 100000, 'kernel': 'missing.npy', 'bias': 'missing_b.npy'}]}"));
        String m = fails();
        assertContains(m, ": layers[0] (dense \"big\"): a 100000 x 100000 kernel has more than 268435456 weights");
        assertFalse(m.contains("not found"), m);
    }

    // ---------------------------------------------------------------- weights: shapes and options

    @Test
    void kernelWrongShapeInOut() throws IOException {
        Npy.write(dir.resolve("w2.npy"), new int[] {4, 5}, new double[20]);
        String m = failsWithLayers("{'type': 'dense', 'name': 'fc2', 'units': 3, 'kernel': 'w2.npy', 'bias': 'b.npy'}");
        assertContains(m, ": layers[0] (dense \"fc2\"): kernel w2.npy has shape (4, 5), expected (4, 3) (in, out)");
    }

    @Test
    void kernelWrongShapeOutIn() throws IOException {
        // (4, 3) is the in_out shape; with out_in the kernel must be (3, 4).
        String m = failsWithLayers("{'type': 'dense', 'name': 'fc2', 'units': 3, 'kernel': 'w.npy', 'bias': 'b.npy', 'kernel_layout': 'out_in'}");
        assertContains(m, ": layers[0] (dense \"fc2\"): kernel w.npy has shape (4, 3), expected (3, 4) (out, in);"
                + " a Keras kernel is (in, out): remove \"kernel_layout\" or set it to \"in_out\"");
    }

    @Test
    void transposedKernelSuggestsTheLayout() throws IOException {
        // A PyTorch nn.Linear(4, 3) weight is (3, 4); netjac's default layout is Keras's (in, out).
        Npy.write(dir.resolve("torch.npy"), new int[] {3, 4}, new double[12]);
        String m = failsWithLayers("{'type': 'dense', 'name': 'fc2', 'units': 3, 'kernel': 'torch.npy', 'bias': 'b.npy'}");
        assertContains(m, ": layers[0] (dense \"fc2\"): kernel torch.npy has shape (3, 4), expected (4, 3) (in, out);"
                + " a PyTorch nn.Linear weight is (out, in): add \"kernel_layout\": \"out_in\"");
    }

    @Test
    void kernelOfRank1() throws IOException {
        String m = failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': 'b.npy', 'use_bias': false}");
        assertContains(m, ": layers[0] (dense): kernel b.npy has shape (3,), expected (4, 3) (in, out)");
    }

    @Test
    void biasWrongShape() throws IOException {
        Npy.write(dir.resolve("b4.npy"), new int[] {4}, new double[4]);
        String m = failsWithLayers("{'type': 'dense', 'name': 'fc1', 'units': 3, 'kernel': 'w.npy', 'bias': 'b4.npy'}");
        assertContains(m, ": layers[0] (dense \"fc1\"): bias b4.npy has shape (4,), expected (3,)");
    }

    @Test
    void biasOfRank2() throws IOException {
        Npy.write(dir.resolve("b13.npy"), new int[] {1, 3}, new double[3]);
        String m = failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': 'w.npy', 'bias': 'b13.npy'}");
        assertContains(m, "bias b13.npy has shape (1, 3), expected (3,)");
    }

    @Test
    void missingBiasSaysHowToGoWithout() throws IOException {
        String m = failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': 'w.npy'}");
        assertContains(m, ": layers[0] (dense): missing field 'bias'", "\"use_bias\": false");
    }

    @Test
    void biasGivenWithUseBiasFalse() throws IOException {
        String m = failsWithLayers("{'type': 'dense', 'name': 'fc1', 'units': 3, 'kernel': 'w.npy', 'bias': 'b.npy', 'use_bias': false}");
        assertContains(m, ": layers[0] (dense \"fc1\"): 'bias' given but 'use_bias' is false");
    }

    @Test
    void useBiasNotABoolean() throws IOException {
        String m = failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': 'w.npy', 'bias': 'b.npy', 'use_bias': 'no'}");
        assertContains(m, "'use_bias': expected true or false, found \"no\"");
    }

    @Test
    void alphaGivenForRelu() throws IOException {
        assertContains(failsWithLayers("{'type': 'relu', 'alpha': 0.1}"), ": layers[0] (relu): 'alpha' given but relu takes no parameter");
        assertContains(failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': 'w.npy', 'bias': 'b.npy', 'activation': 'relu', 'alpha': 0.1}"),
                ": layers[0] (dense): 'alpha' given but relu takes no parameter");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"0.1\"    | expected a number, found \"0.1\"",
        "[0.1]      | expected a number, found [0.1]",
        "true       | expected a number, found true",
        "1e999      | expected a finite number, found Infinity"})
    void alphaNotANumber(String alpha, String expected) throws IOException {
        String m = failsWithLayers("{'type': 'leaky_relu', 'name': 'lr', 'alpha': " + alpha + "}");
        assertContains(m, ": layers[0] (leaky_relu \"lr\"): 'alpha': " + expected);
    }

    @Test
    void invalidKernelLayout() throws IOException {
        String m = failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': 'w.npy', 'bias': 'b.npy', 'kernel_layout': 'row_major'}");
        assertContains(m, ": layers[0] (dense): 'kernel_layout': expected \"in_out\" (Keras) or \"out_in\" (PyTorch), found \"row_major\"");
    }

    // ---------------------------------------------------------------- weights: files

    @Test
    void weightFileMissing() throws IOException {
        String m = failsWithLayers("{'type': 'dense', 'name': 'fc1', 'units': 3, 'kernel': 'w1.npy', 'bias': 'b.npy'}");
        assertContains(m, ": layers[0] (dense \"fc1\"): 'kernel': \"w1.npy\" not found next to the spec");
    }

    @Test
    void weightReferenceIsAFolder() throws IOException {
        Files.createDirectory(dir.resolve("sub.npy"));
        String m = failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': 'sub.npy', 'bias': 'b.npy'}");
        assertContains(m, "'kernel': \"sub.npy\" is a folder, expected a file");
    }

    @Test
    void weightReferenceOfWrongType() throws IOException {
        String m = failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': true, 'bias': 'b.npy'}");
        assertContains(m, "'kernel': expected a file name, {\"file\": ...} or an array of numbers, found true");
    }

    @Test
    void emptyWeightFileName() throws IOException {
        assertContains(failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': '', 'bias': 'b.npy'}"), "'kernel': \"\" is not a file name");
    }

    @Test
    void weightPathOutsideTheModelFolder() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("model"));
        writeStandardWeights(); // in dir, one level above the spec
        Path relative = sub.resolve("up.json");
        Files.writeString(relative, specWithLayers("{'type': 'dense', 'name': 'fc1', 'units': 3, 'kernel': '../w.npy', 'bias': '../b.npy'}"));
        String m = fails(relative, ReadOptions.defaults());
        assertContains(m, ": layers[0] (dense \"fc1\"): 'kernel': \"../w.npy\" is outside the model's folder",
                "without '..'", "--allow-outside");

        Path absolute = sub.resolve("abs.json");
        String w = dir.resolve("w.npy").toAbsolutePath().toString();
        Files.writeString(absolute, specWithLayers("{'type': 'dense', 'units': 3, 'kernel': '" + w + "', 'bias': 'b.npy'}"));
        assertContains(fails(absolute, ReadOptions.defaults()), "'kernel': \"" + w + "\" is outside the model's folder");

        // Sneaking out through a folder inside: model/x/../../w.npy.
        Path sneaky = sub.resolve("sneaky.json");
        Files.writeString(sneaky, specWithLayers("{'type': 'dense', 'units': 3, 'kernel': 'x/../../w.npy', 'bias': '../b.npy'}"));
        assertContains(fails(sneaky, ReadOptions.defaults()), "is outside the model's folder");

        ReadOptions allow = ReadOptions.defaults().withAllowWeightsOutsideModelDir(true);
        Files.copy(dir.resolve("b.npy"), sub.resolve("b.npy"));
        Graph up = SpecReader.read(relative, allow);
        Graph abs = SpecReader.read(absolute, allow);
        assertEquals(15, up.parameterCount());
        assertEquals(15, abs.parameterCount());
        Files.createDirectory(sub.resolve("x"));
        assertEquals(15, SpecReader.read(sneaky, allow).parameterCount());
    }

    @Test
    void dotDotThatStaysInsideIsFine() throws IOException {
        Files.createDirectory(dir.resolve("sub"));
        write(specWithLayers("{'type': 'dense', 'units': 3, 'kernel': 'sub/../w.npy', 'bias': 'b.npy'}"));
        assertEquals(15, SpecReader.read(spec).parameterCount());
    }

    @Test
    void npzGivenAsPlainString() throws IOException {
        writeNpz("weights.npz", "w", npyBytes(dir.resolve("s.npy"), new int[] {4, 3}, ramp(12)));
        String m = failsWithLayers("{'type': 'dense', 'name': 'fc1', 'units': 3, 'kernel': 'weights.npz', 'bias': 'b.npy'}");
        assertContains(m, ": layers[0] (dense \"fc1\"): 'kernel': \"weights.npz\" holds several arrays; expected {\"file\": ..., \"key\": ...}");
    }

    @Test
    void safetensorsGivenAsPlainString() throws IOException {
        writeSafetensors("m.safetensors", new String[] {"w"}, new int[] {4, 3}, ramp(12));
        String m = failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': 'm.safetensors', 'bias': 'b.npy'}");
        assertContains(m, "'kernel': \"m.safetensors\" holds several arrays; expected {\"file\": ..., \"tensor\": ...}");
    }

    @Test
    void npzKeyMissing() throws IOException {
        Path scratch = dir.resolve("s.npy");
        writeNpz("weights.npz", "w1", npyBytes(scratch, new int[] {4, 3}, ramp(12)), "b1", npyBytes(scratch, new int[] {3}, ramp(3)));
        String m = failsWithLayers("{'type': 'dense', 'name': 'fc1', 'units': 3, 'kernel': {'file': 'weights.npz', 'key': 'w2'}, 'bias': 'b.npy'}");
        assertContains(m, ": layers[0] (dense \"fc1\"): kernel: weights.npz: no array 'w2', available: \"b1\", \"w1\"");
    }

    @Test
    void npzKeyNotAString() throws IOException {
        writeNpz("weights.npz", "w", npyBytes(dir.resolve("s.npy"), new int[] {4, 3}, ramp(12)));
        String m = failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': {'file': 'weights.npz', 'key': 1}, 'bias': 'b.npy'}");
        assertContains(m, ": layers[0] (dense): kernel: 'key': expected a string, found 1");
    }

    @Test
    void npzWithoutKey() throws IOException {
        writeNpz("weights.npz", "w", npyBytes(dir.resolve("s.npy"), new int[] {4, 3}, ramp(12)));
        String m = failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': {'file': 'weights.npz'}, 'bias': 'b.npy'}");
        assertContains(m, ": layers[0] (dense): kernel: expected \"key\" (for .npz) or \"tensor\" (for .safetensors) beside \"file\"");
    }

    @Test
    void keyAndTensorBoth() throws IOException {
        writeNpz("weights.npz", "w", npyBytes(dir.resolve("s.npy"), new int[] {4, 3}, ramp(12)));
        String m = failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': {'file': 'weights.npz', 'key': 'w', 'tensor': 'w'}, 'bias': 'b.npy'}");
        assertContains(m, ": layers[0] (dense): kernel: expected \"key\" or \"tensor\", found both");
    }

    @Test
    void unknownFieldInWeightReference() throws IOException {
        writeNpz("weights.npz", "w", npyBytes(dir.resolve("s.npy"), new int[] {4, 3}, ramp(12)));
        String m = failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': {'file': 'weights.npz', 'key': 'w', 'dtype': 'f8'}, 'bias': 'b.npy'}");
        assertContains(m, ": layers[0] (dense): kernel: unknown field \"dtype\", expected one of file, key, tensor");
    }

    @Test
    void safetensorsTensorMissing() throws IOException {
        writeSafetensors("model.safetensors", new String[] {"fc1.weight", "fc1.bias"}, new int[] {3, 4}, ramp(12), new int[] {3}, ramp(3));
        String m = failsWithLayers("{'type': 'dense', 'name': 'fc1', 'units': 3, 'kernel_layout': 'out_in',"
                + " 'kernel': {'file': 'model.safetensors', 'tensor': 'fc1.weights'},"
                + " 'bias': {'file': 'model.safetensors', 'tensor': 'fc1.bias'}}");
        assertContains(m, ": layers[0] (dense \"fc1\"): kernel: model.safetensors: no tensor 'fc1.weights', available: \"fc1.bias\", \"fc1.weight\"");
    }

    @Test
    void truncatedNpyIsPrefixedWithTheLayer() throws IOException {
        Path full = dir.resolve("full.npy");
        Npy.write(full, new int[] {4, 3}, ramp(12));
        byte[] bytes = Files.readAllBytes(full);
        Files.write(dir.resolve("cut.npy"), Arrays.copyOf(bytes, bytes.length - 8));
        String m = failsWithLayers("{'type': 'dense', 'name': 'fc1', 'units': 3, 'kernel': 'cut.npy', 'bias': 'b.npy'}");
        assertContains(m, ": layers[0] (dense \"fc1\"): kernel: cut.npy: ", "(4, 3)", "88");
    }

    @Test
    void notAnNpyFile() throws IOException {
        Files.writeString(dir.resolve("text.npy"), "hello, world");
        String m = failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': 'text.npy', 'bias': 'b.npy'}");
        assertContains(m, ": layers[0] (dense): kernel: text.npy: not a .npy file (bad magic bytes)");
    }

    @Test
    void garbageNpzIsPrefixedWithTheLayer() throws IOException {
        Files.writeString(dir.resolve("bad.npz"), "not a zip");
        String m = failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': {'file': 'bad.npz', 'key': 'w'}, 'bias': 'b.npy'}");
        assertContains(m, ": layers[0] (dense): kernel: bad.npz: expected a .npz (zip) archive");
    }

    @Test
    void nanWeightIsRejectedNamingTheIndex() throws IOException {
        double[] w = ramp(12);
        w[5] = Double.NaN; // row 1, column 2
        Npy.write(dir.resolve("nan.npy"), new int[] {4, 3}, w);
        String m = failsWithLayers("{'type': 'dense', 'name': 'fc1', 'units': 3, 'kernel': 'nan.npy', 'bias': 'b.npy'}");
        assertContains(m, ": layers[0] (dense \"fc1\"): kernel nan.npy contains NaN at index (1, 2)",
                "expected finite weights", "--allow-non-finite");
        Graph graph = SpecReader.read(spec, ReadOptions.defaults().withAllowNonFiniteWeights(true));
        assertTrue(Double.isNaN(new ReferenceEvaluator(graph).forward(new double[] {1, 1, 1, 1})[2]));
    }

    @Test
    void infiniteWeightsAreRejected() throws IOException {
        Npy.write(dir.resolve("inf.npy"), new int[] {3}, new double[] {0, Double.POSITIVE_INFINITY, 0});
        Npy.write(dir.resolve("ninf.npy"), new int[] {3}, new double[] {0, 0, Double.NEGATIVE_INFINITY});
        assertContains(failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': 'w.npy', 'bias': 'inf.npy'}"),
                ": layers[0] (dense): bias inf.npy contains +Infinity at index (1,)");
        assertContains(failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': 'w.npy', 'bias': 'ninf.npy'}"),
                ": layers[0] (dense): bias ninf.npy contains -Infinity at index (2,)");
        // JSON has no Infinity literal, but 1e999 overflows to it.
        assertContains(failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': 'w.npy', 'bias': [0, 0, 1e999]}"),
                ": layers[0] (dense): bias (inline) contains +Infinity at index (2,)");
        ReadOptions allow = ReadOptions.defaults().withAllowNonFiniteWeights(true);
        assertEquals(15, SpecReader.read(spec, allow).parameterCount());
    }

    @Test
    void nonFiniteInNpzNamesTheArray() throws IOException {
        writeNpz("weights.npz", "w", npyBytes(dir.resolve("s.npy"), new int[] {3}, new double[] {Double.NaN, 0, 0}));
        String m = failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': 'w.npy', 'bias': {'file': 'weights.npz', 'key': 'w'}}");
        assertContains(m, ": layers[0] (dense): bias weights.npz[w] contains NaN at index (0,)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "[[1, 2, 3], [4, 5], [6, 7, 8], [9, 10, 11]] | kernel: [1]: expected an array of 3 elements like [0], found an array of 2 elements",
        "[[1, 2, 3], [4, 5, 6], 7, [9, 10, 11]]      | kernel: [2]: expected an array of 3 elements like [0], found 7",
        "[[1, 2, 3], [4, 5, 'x'], [1, 2, 3], [1, 2, 3]] | kernel: [1][2]: expected a number, found \"x\"",
        "[[1, 2, 3], [], [1, 2, 3], [1, 2, 3]]       | kernel: [1]: expected an array of 3 elements like [0], found an array of 0 elements",
        "[]                                          | kernel: expected a non-empty array, found []"})
    void inlineRaggedArray(String kernel, String expected) throws IOException {
        String m = failsWithLayers("{'type': 'dense', 'name': 'fc1', 'units': 3, 'kernel': " + kernel + ", 'bias': 'b.npy'}");
        assertContains(m, ": layers[0] (dense \"fc1\"): " + expected);
    }

    // ---------------------------------------------------------------- hostile text stays on one line

    @ParameterizedTest
    @ValueSource(strings = {
        "a\\nb",            // JSON escape for a newline
        "a\\u000ab",        // the same newline as a Unicode escape in the JSON text
        "a\\rb",
        "a\\u2028b",        // Unicode line separator
        "say \\\"hi\\\"",  // a quote
        "end */ /* x",      // closes a Java comment
        "\\\\u000a"})       // a backslash then u000a: the text of a Java Unicode escape
    void hostileLayerNameStaysOnOneLine(String jsonName) throws IOException {
        write(json("{'netjac': 1, 'input': {'shape': [4]}, 'layers': [{'type': 'relu', 'name': '") + jsonName
                + json("', 'units': 1}]}"));
        String m = fails();
        assertContains(m, ": layers[0] (relu \"", "unknown field \"units\"");
    }

    @Test
    void hostileNameInDuplicateMessage() throws IOException {
        write(json("{'netjac': 1, 'input': {'shape': [4]}, 'layers': [{'type': 'relu', 'name': 'x\\ny'}, {'type': 'relu', 'name': 'x\\ny'}]}"));
        assertContains(fails(), ": layers[1] (relu \"x\\u000ay\"): duplicate layer name \"x\\u000ay\"");
    }

    @Test
    void hostileTypeStaysOnOneLine() throws IOException {
        write(json("{'netjac': 1, 'input': {'shape': [4]}, 'layers': [{'type': 'conv\\n2d */'}]}"));
        assertContains(fails(), ": layers[0] (\"conv\\u000a2d */\"): unknown layer type \"conv\\u000a2d */\"");
    }

    @Test
    void hostileFieldNameStaysOnOneLine() throws IOException {
        write(json("{'netjac': 1, 'input': {'shape': [4]}, 'layers': [{'type': 'relu', 'x\\ny': 1}]}"));
        assertContains(fails(), "unknown field \"x\\u000ay\"");
    }

    @Test
    void hostileWeightFileNameStaysOnOneLine() throws IOException {
        // A weight file whose own name has a line break, and whose content is broken: the reader's message
        // names it, and the whole message must still be one line.
        Path odd;
        try {
            odd = dir.resolve("odd\nname.npy");
            Files.writeString(odd, "not npy");
        } catch (RuntimeException | IOException e) {
            return; // a file system without such names
        }
        String m = failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': 'odd\\nname.npy', 'bias': 'b.npy'}");
        assertContains(m, ": layers[0] (dense): kernel: ", "not a .npy file");
        double[] nan = ramp(12);
        nan[0] = Double.NaN;
        Files.delete(odd);
        Npy.write(odd, new int[] {4, 3}, nan);
        assertContains(failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': 'odd\\nname.npy', 'bias': 'b.npy'}"),
                "kernel \"odd\\u000aname.npy\" contains NaN at index (0, 0)");
    }

    @Test
    void hostileStringValueIsQuoted() throws IOException {
        String m = failsWithLayers("{'type': 'dense', 'units': 3, 'kernel': 'w.npy', 'bias': 'b.npy', 'activation': 'x\\n*/\\u2029'}");
        assertContains(m, "unknown activation \"x\\u000a*/\\u2029\"");
    }

    @Test
    void longUserTextIsCut() throws IOException {
        String m = failsWithLayers("{'type': '" + "x".repeat(5000) + "'}");
        assertTrue(m.length() < 1000, "message of " + m.length() + " characters");
        assertContains(m, "...");
    }

    // ---------------------------------------------------------------- everything that should load

    @Test
    void everyValidFormLoads() throws IOException {
        write(writeAllForms());
        Graph graph = SpecReader.read(spec);
        assertEquals("AllForms", graph.name());
        assertEquals("model.json", graph.source());
        assertEquals(JacobianMode.FORWARD, graph.jacobianMode());
        assertArrayEquals(new int[] {2, 2}, graph.inputShape());
        assertArrayEquals(new int[] {2}, graph.outputShape());
        assertEquals(15 + 12 + 9 + 12 + 8, graph.parameterCount());
        List<String> kinds = graph.layers().stream().map(Layer::kind).toList();
        assertEquals(List.of("flatten", "dense", "tanh", "dense", "leaky_relu", "leaky_relu", "elu", "swish", "dense",
                "dense", "dense", "sigmoid", "softmax", "log_softmax", "softmax"), kinds);
        double[] y = new ReferenceEvaluator(graph).forward(new double[] {0.1, -0.2, 0.3, -0.4});
        assertEquals(2, y.length);
        assertTrue(Double.isFinite(y[0]) && Double.isFinite(y[1]));
    }

    /**
     * Writes the weight files of a 2x2 -> flatten -> 3 -> 3 -> 3 -> 3 -> 2 network that uses every weight form
     * (npy, {"file": npy}, npz, safetensors, inline, out_in) and returns its spec text.
     */
    private String writeAllForms() throws IOException {
        writeStandardWeights();
        Path scratch = dir.resolve("scratch.npy");
        Npy.write(dir.resolve("w1.npy"), new int[] {4, 3}, ramp(12));
        writeNpz("w.npz", "w2", npyBytes(scratch, new int[] {3, 3}, ramp(9)), "b2", npyBytes(scratch, new int[] {3}, ramp(3)));
        writeSafetensors("m.safetensors", new String[] {"fc3.weight", "fc3.bias"}, new int[] {2, 3}, ramp(6), new int[] {2}, ramp(2));
        return json("{'netjac': 1, 'name': 'AllForms', 'description': 'every form',"
                + " 'input': {'shape': [2, 2]}, 'jacobian': {'mode': 'forward'},"
                + " 'layers': ["
                + "  {'type': 'flatten', 'name': 'flat'},"
                + "  {'type': 'dense', 'name': 'fc1', 'units': 3, 'kernel': 'w1.npy', 'bias': {'file': 'b.npy'}, 'activation': 'tanh'},"
                + "  {'type': 'dense', 'units': 3, 'kernel': {'file': 'w.npz', 'key': 'w2'}, 'bias': {'file': 'w.npz', 'key': 'b2.npy'},"
                + "   'use_bias': true, 'kernel_layout': 'in_out', 'activation': 'leaky_relu', 'alpha': 0.1},"
                + "  {'type': 'leaky_relu'},"
                + "  {'type': 'elu', 'alpha': 0.5},"
                + "  {'type': 'activation', 'activation': 'silu'},"
                + "  {'type': 'dense', 'units': 3, 'kernel': [[1, 0, 0], [0, 1, 0], [0, 0, 1]], 'use_bias': false},"
                + "  {'type': 'dense', 'units': 3, 'kernel': [[1, 0.5, 0], [0, 1, 0], [0, 0, 1]], 'bias': [0.1, 0.2, 0.3],"
                + "   'kernel_layout': 'out_in', 'activation': 'linear'},"
                + "  {'type': 'dense', 'name': 'fc3', 'units': 2, 'kernel_layout': 'out_in',"
                + "   'kernel': {'file': 'm.safetensors', 'tensor': 'fc3.weight'}, 'bias': {'file': 'm.safetensors', 'tensor': 'fc3.bias'}},"
                + "  {'type': 'activation', 'activation': 'sigmoid'},"
                + "  {'type': 'softmax', 'axis': -1},"
                + "  {'type': 'log_softmax', 'axis': 0},"
                + "  {'type': 'activation', 'activation': 'softmax'}"
                + "]}");
    }

    @Test
    void outInKernelIsTransposed() throws IOException {
        double[] w = ramp(12); // (4, 3) in_out
        double[] t = new double[12]; // the same kernel as (3, 4) out_in
        for (int i = 0; i < 4; i++) {
            for (int o = 0; o < 3; o++) {
                t[o * 4 + i] = w[i * 3 + o];
            }
        }
        Npy.write(dir.resolve("wt.npy"), new int[] {3, 4}, t);
        write(specWithLayers(DENSE));
        Graph inOut = SpecReader.read(spec);
        write(specWithLayers("{'type': 'dense', 'units': 3, 'kernel': 'wt.npy', 'bias': 'b.npy', 'kernel_layout': 'out_in'}"));
        Graph outIn = SpecReader.read(spec);
        double[] x = {0.5, -1, 2, 0.25};
        assertArrayEquals(new ReferenceEvaluator(inOut).forward(x), new ReferenceEvaluator(outIn).forward(x), 0.0);
    }

    @Test
    void defaultNameIsTheFileName() throws IOException {
        write("tiny-net.json", specWithLayers(DENSE));
        assertEquals("tiny-net", SpecReader.read(spec).name());
    }

    // ---------------------------------------------------------------- random damage

    /** Values that random damage puts in place of any JSON value of a valid spec. */
    private static final String[] REPLACEMENTS = {
        "null", "0", "-1", "1", "2", "3", "4", "1.5", "1e999", "-1e999", "99999999999", "16777217", "\"\"", "\"x\"",
        "\"w1.npy\"", "\"b.npy\"", "\"../w1.npy\"", "\"/etc/passwd\"", "\"w.npz\"", "\"m.safetensors\"",
        "\"model.json\"", "\"relu\"", "\"softmax\"", "\"dense\"", "\"flatten\"", "\"leaky_relu\"", "\"out_in\"",
        "\"forward\"", "\"a\\nb\"", "true", "false", "[]", "[0]", "[[]]", "[[1, 2], [3]]", "[[1, 2], [3, 4]]",
        "[1, 2, 3]", "{}", "{\"file\": \"w.npz\", \"key\": \"w2\"}", "{\"file\": \"w.npz\"}",
        "{\"file\": \"m.safetensors\", \"tensor\": \"nope\"}", "{\"file\": 1}", "{\"type\": \"relu\"}"};

    /**
     * Random damage to a valid spec (a value replaced by another kind, a field dropped, renamed or added, an
     * array element dropped or added) either still reads or gives a NetjacException with a one-line message that
     * starts with the spec's path: never a NullPointerException, ClassCastException or other internal failure.
     */
    @Test
    void randomDamageGivesOnlyOneLineNetjacExceptions() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode original = mapper.readTree(writeAllForms());
        spec = dir.resolve("model.json");
        JsonNode[] replacements = new JsonNode[REPLACEMENTS.length];
        for (int i = 0; i < REPLACEMENTS.length; i++) {
            replacements[i] = mapper.readTree(REPLACEMENTS[i]);
        }
        Random random = new Random(20240611);
        int accepted = 0;
        int rejected = 0;
        // 1,500 rounds in the normal run; -Dnetjac.fuzz.scale=N runs N times as many (docs/errors.md).
        int rounds = 1500 * Integer.getInteger("netjac.fuzz.scale", 1);
        for (int round = 0; round < rounds; round++) {
            JsonNode copy = original.deepCopy();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                damage(copy, random, replacements);
            }
            String text = mapper.writeValueAsString(copy);
            Files.writeString(spec, text, StandardCharsets.UTF_8);
            ReadOptions options = ReadOptions.defaults()
                    .withAllowNonFiniteWeights(random.nextInt(4) == 0)
                    .withAllowWeightsOutsideModelDir(random.nextInt(4) == 0);
            try {
                SpecReader.read(spec, options);
                accepted++;
            } catch (NetjacException e) {
                String message = e.getMessage();
                assertFalse(message.contains("\n") || message.contains("\r"), "line break for " + text + ": " + message);
                assertTrue(message.startsWith(spec + ": "), "no path prefix for " + text + ": " + message);
                assertFalse(message.contains("null:") || message.endsWith(": null"), "a null message for " + text + ": " + message);
                rejected++;
            } catch (RuntimeException e) {
                throw new AssertionError("internal failure for spec " + text + ": " + e, e);
            }
        }
        assertTrue(accepted > 25 && rejected > 500, accepted + " accepted, " + rejected + " rejected");
    }

    private static void damage(JsonNode root, Random random, JsonNode[] replacements) {
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        JsonNode value = replacements[random.nextInt(replacements.length)].deepCopy();
        if (target instanceof ObjectNode object) {
            List<String> fields = new ArrayList<>();
            object.fieldNames().forEachRemaining(fields::add);
            int action = fields.isEmpty() ? 3 : random.nextInt(4);
            String field = fields.isEmpty() ? null : fields.get(random.nextInt(fields.size()));
            switch (action) {
                case 0, 1 -> object.set(field, value);
                case 2 -> {
                    JsonNode old = object.remove(field);
                    if (random.nextBoolean()) {
                        object.set(field.length() > 1 ? field.substring(1) : field + "x", old); // a typo
                    }
                }
                default -> object.set(List.of("units", "kernel", "bias", "alpha", "axis", "name", "extra", "activation",
                        "use_bias", "kernel_layout", "key", "tensor", "mode").get(random.nextInt(13)), value);
            }
        } else {
            ArrayNode array = (ArrayNode) target;
            int action = array.isEmpty() ? 2 : random.nextInt(3);
            switch (action) {
                case 0 -> array.set(random.nextInt(array.size()), value);
                case 1 -> array.remove(random.nextInt(array.size()));
                default -> array.insert(array.isEmpty() ? 0 : random.nextInt(array.size() + 1), value);
            }
        }
    }

    private static void collectContainers(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.elements().forEachRemaining(child -> collectContainers(child, out));
        }
    }

    @Test
    void tooManyLayersAreRefusedBeforeGeneration() throws IOException {
        StringBuilder layers = new StringBuilder("{\"type\": \"dense\", \"units\": 2, \"kernel\": [[1, 0], [0, 1]], \"use_bias\": false}");
        for (int i = 0; i < dev.netjac.spec.Limits.MAX_LAYERS; i++) {
            layers.append(", {\"type\": \"tanh\"}");
        }
        Path file = dir.resolve("deep.json");
        Files.writeString(file, "{\"netjac\": 1, \"input\": {\"shape\": [2]}, \"layers\": [" + layers + "]}");
        NetjacException e = assertThrows(NetjacException.class, () -> SpecReader.read(file));
        assertTrue(e.getMessage().contains("2001 layers"), e.getMessage());
        assertTrue(e.getMessage().contains("more than the limit of 2000"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
