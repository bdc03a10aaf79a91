package dev.netjac.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.Netjac;
import dev.netjac.NetjacException;
import dev.netjac.graph.Graph;
import dev.netjac.spec.ReadOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a model.json or its shards can be wrong, and every Keras layer or option netjac refuses: one-line
 * messages naming the file, the layer (Keras name and class) and what was expected versus found. Each test
 * starts from a copy of the {@code sequential_mlp} fixture (Dense 5→8 relu, 8→6 tanh, 6→3 softmax; one shard
 * weights.bin of 4·(40+8+48+6+18+3) = 492 bytes) and breaks one thing.
 */
class TfjsErrorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHARD_BYTES = 4 * (40 + 8 + 48 + 6 + 18 + 3);

    @TempDir
    Path dir;
    Path model;
    ObjectNode root;

    @BeforeEach
    void copyFixture() throws IOException {
        Path src = TfjsFixtureTest.FIXTURES.resolve("sequential_mlp");
        Files.copy(src.resolve("weights.bin"), dir.resolve("weights.bin"));
        model = dir.resolve("model.json");
        root = (ObjectNode) JSON.readTree(src.resolve("model.json").toFile());
    }

    private ArrayNode layers() {
        return (ArrayNode) root.path("modelTopology").path("config").path("layers");
    }

    private ObjectNode layerConfig(int i) {
        return (ObjectNode) layers().get(i).get("config");
    }

    private ObjectNode weight(int i) {
        return (ObjectNode) root.path("weightsManifest").get(0).path("weights").get(i);
    }

    private String fails() throws IOException {
        return fails(ReadOptions.defaults());
    }

    private String fails(ReadOptions options) throws IOException {
        Files.writeString(model, JSON.writeValueAsString(root));
        NetjacException e = assertThrows(NetjacException.class, () -> Netjac.read(model, options));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.startsWith(model.toString() + ": "), m);
        return m;
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected <" + part + "> in: " + message);
        }
    }

    private Graph reads() throws IOException {
        Files.writeString(model, JSON.writeValueAsString(root));
        return Netjac.read(model, ReadOptions.defaults());
    }

    // ---------------------------------------------------------------- shards

    @Test
    void fixtureReads() throws IOException {
        Graph graph = reads();
        assertEquals(40 + 8 + 48 + 6 + 18 + 3, graph.parameterCount());
        assertEquals("mlp", graph.name());
    }

    @Test
    void missingShard() throws IOException {
        Files.delete(dir.resolve("weights.bin"));
        assertContains(fails(), "weightsManifest[0]: shard \"weights.bin\" not found next to model.json");
    }

    @Test
    void truncatedShard() throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve("weights.bin"));
        Files.write(dir.resolve("weights.bin"), Arrays.copyOf(bytes, bytes.length - 6));
        assertContains(fails(), "the shards hold " + (SHARD_BYTES - 6) + " bytes (\"weights.bin\" " + (SHARD_BYTES - 6)
                + "), expected " + SHARD_BYTES + " for the 6 weights listed; truncated: weight \"dense_Dense3/bias\"");
    }

    @Test
    void tooLongShard() throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve("weights.bin"));
        Files.write(dir.resolve("weights.bin"), Arrays.copyOf(bytes, bytes.length + 4));
        assertContains(fails(), "hold " + (SHARD_BYTES + 4) + " bytes", "expected " + SHARD_BYTES,
                "longer than the weights listed");
    }

    @Test
    void unknownDtype() throws IOException {
        weight(1).put("dtype", "float64");
        assertContains(fails(), "weightsManifest[0].weights[1] (\"dense_Dense1/bias\"): unknown dtype \"float64\";"
                + " expected float32 or int32");
    }

    @Test
    void unknownQuantization() throws IOException {
        weight(0).putObject("quantization").put("dtype", "int4");
        assertContains(fails(), "(\"dense_Dense1/kernel\"): unknown quantization dtype \"int4\"; expected uint8, uint16 or float16");
    }

    @Test
    void affineQuantizationNeedsScaleAndMin() throws IOException {
        weight(0).putObject("quantization").put("dtype", "uint8").put("min", -1.0);
        assertContains(fails(), "'quantization'.scale: expected a finite number", "found nothing");
    }

    @Test
    void shapeProductOverflow() throws IOException {
        weight(5).putArray("shape").add(1 << 20).add(1 << 20).add(1 << 20);
        assertContains(fails(), "(\"dense_Dense3/bias\"): 'shape' [1048576,1048576,1048576] has more than 268435456 values");
    }

    @Test
    void negativeDimension() throws IOException {
        weight(5).putArray("shape").add(-3);
        assertContains(fails(), "'shape'[0]: expected a non-negative integer, found -3");
    }

    @Test
    void weightMissingFromManifest() throws IOException {
        weight(2).put("name", "dense_Dense2/kernal");
        assertContains(fails(), ": layer \"dense_Dense2\" (Dense): weight \"dense_Dense2/kernel\" not found in the weights"
                + " manifest of", "close names: \"dense_Dense2/kernal\", \"dense_Dense2/bias\"");
    }

    @Test
    void duplicateWeightName() throws IOException {
        weight(3).put("name", "dense_Dense2/kernel");
        assertContains(fails(), "weight name \"dense_Dense2/kernel\" is listed twice");
    }

    @Test
    void wrongWeightShape() throws IOException {
        // same byte count, other shape: the shards still fit, the layer refuses it
        weight(2).putArray("shape").add(6).add(8);
        assertContains(fails(), ": layer \"dense_Dense2\" (Dense): kernel dense_Dense2/kernel has shape (6, 8), expected (8, 6)");
    }

    @Test
    void nanWeightRefusedUnlessAllowed() throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve("weights.bin"));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(4 * (40 + 8 + 7), Float.NaN);
        Files.write(dir.resolve("weights.bin"), bytes);
        assertContains(fails(), ": layer \"dense_Dense2\" (Dense): weight \"dense_Dense2/kernel\" contains NaN at index"
                + " (1, 1)", "--allow-non-finite");
        Files.writeString(model, JSON.writeValueAsString(root));
        Netjac.read(model, ReadOptions.defaults().withAllowNonFiniteWeights(true));
    }

    @Test
    void shardOutsideTheModelFolder() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Files.move(dir.resolve("weights.bin"), sub.resolve("weights.bin"));
        Path outer = model;
        model = sub.resolve("inner").resolve("model.json");
        Files.createDirectories(model.getParent());
        ((ArrayNode) root.path("weightsManifest").get(0).get("paths")).removeAll().add("../weights.bin");
        assertContains(fails(), "shard \"../weights.bin\" is outside the model's folder", "--allow-outside");
        Netjac.read(model, ReadOptions.defaults().withAllowWeightsOutsideModelDir(true));
        ((ArrayNode) root.path("weightsManifest").get(0).get("paths")).removeAll()
                .add(sub.resolve("weights.bin").toAbsolutePath().toString());
        assertContains(fails(), "is outside the model's folder");
        model = outer;
    }

    // ---------------------------------------------------------------- topology

    @Test
    void unsupportedLayerClass() throws IOException {
        ObjectNode lstm = layers().insertObject(1);
        lstm.put("class_name", "ConvLSTM2D");
        lstm.putObject("config").put("name", "conv_lstm1").put("filters", 4);
        assertContains(fails(), ": layer \"conv_lstm1\" (ConvLSTM2D): layer class ConvLSTM2D is not supported: only the LSTM,"
                + " GRU and SimpleRNN layers (and Bidirectional around them) are supported; netjac imports ");
    }

    @Test
    void recurrentLayerOnAFlatInput() throws IOException {
        ObjectNode lstm = layers().insertObject(1);
        lstm.put("class_name", "LSTM");
        lstm.putObject("config").put("name", "lstm_LSTM1").put("units", 4);
        assertContains(fails(), ": layer \"lstm_LSTM1\" (LSTM): expects an input [steps, features] (channels last, as Keras),"
                + " found (8,)");
    }

    @Test
    void recurrentLayerReturningItsState() throws IOException {
        ObjectNode gru = layers().insertObject(1);
        gru.put("class_name", "GRU");
        gru.putObject("config").put("name", "gru_GRU1").put("units", 4).put("return_state", true);
        assertContains(fails(), ": layer \"gru_GRU1\" (GRU): option return_state = true is not supported; expected false");
    }

    @Test
    void bidirectionalWithoutMerge() throws IOException {
        ObjectNode bidirectional = layers().insertObject(1);
        bidirectional.put("class_name", "Bidirectional");
        ObjectNode config = bidirectional.putObject("config").put("name", "bidi1");
        config.putNull("merge_mode");
        config.putObject("layer").put("class_name", "LSTM").putObject("config").put("name", "lstm_x").put("units", 2);
        assertContains(fails(), ": layer \"bidi1\" (Bidirectional): option merge_mode = null (two separate outputs) is not"
                + " supported; expected one of concat, sum, mul, ave");
    }

    @Test
    void bidirectionalAroundDense() throws IOException {
        ObjectNode bidirectional = layers().insertObject(1);
        bidirectional.put("class_name", "Bidirectional");
        ObjectNode config = bidirectional.putObject("config").put("name", "bidi1");
        config.putObject("layer").put("class_name", "Dense").putObject("config").put("name", "dense_x").put("units", 2);
        assertContains(fails(), ": layer \"bidi1\" (Bidirectional): Bidirectional around Dense is not supported; expected LSTM,"
                + " GRU or SimpleRNN");
    }

    @Test
    void unknownLayerClass() throws IOException {
        ObjectNode odd = layers().insertObject(1);
        odd.put("class_name", "MyCustomLayer");
        odd.putObject("config").put("name", "custom1");
        assertContains(fails(), ": layer \"custom1\" (MyCustomLayer): layer class MyCustomLayer is not supported;"
                + " netjac imports ", "Dense", "Conv2D", "BatchNormalization");
    }

    @Test
    void unknownActivation() throws IOException {
        layerConfig(1).put("activation", "sparsemax");
        assertContains(fails(), ": layer \"dense_Dense2\" (Dense): option activation = \"sparsemax\" is not supported;"
                + " expected one of ");
    }

    @Test
    void channelsFirst() throws IOException {
        ObjectNode flatten = layers().insertObject(1);
        flatten.put("class_name", "Flatten");
        flatten.putObject("config").put("name", "flatten1").put("data_format", "channels_first");
        assertContains(fails(), ": layer \"flatten1\" (Flatten): option data_format = \"channels_first\" is not supported;"
                + " expected \"channels_last\"");
    }

    @Test
    void groupedConvolution() throws IOException {
        ObjectNode conv = layers().insertObject(1);
        conv.put("class_name", "Conv1D");
        conv.putObject("config").put("name", "conv1").put("filters", 4).put("groups", 2);
        assertContains(fails(), ": layer \"conv1\" (Conv1D): option groups = 2 is not supported; expected 1");
    }

    @Test
    void batchAxis() throws IOException {
        ObjectNode softmax = layers().insertObject(3);
        softmax.put("class_name", "Softmax");
        softmax.putObject("config").put("name", "softmax1").put("axis", 0);
        assertContains(fails(), ": layer \"softmax1\" (Softmax): option axis = 0 is the batch axis");
    }

    @Test
    void unknownInputDimension() throws IOException {
        layerConfig(0).putArray("batch_input_shape").addNull().addNull();
        assertContains(fails(), "batch_input_shape = [null,null]: dimension 1 is unknown (None); netjac needs a fixed input shape");
    }

    @Test
    void noInputShape() throws IOException {
        layerConfig(0).remove("batch_input_shape");
        assertContains(fails(), "has no batch_input_shape; netjac needs the input shape");
    }

    @Test
    void graphModel() throws IOException {
        root.put("format", "graph-model");
        assertContains(fails(), "a TensorFlow.js graph model", "tensorflowjs_converter --input_format keras");
    }

    @Test
    void missingManifest() throws IOException {
        root.remove("weightsManifest");
        assertContains(fails(), "missing 'weightsManifest'");
    }

    @Test
    void notAModelFile() throws IOException {
        ObjectNode other = JSON.createObjectNode();
        other.put("hello", 1).put("world", 2);
        root = other;
        assertContains(fails(), "not a model file: expected a netjac spec ({\"netjac\": 1, ...}) or a TensorFlow.js layers"
                + " model ({\"modelTopology\": ..., \"weightsManifest\": ...}), found an object with keys \"hello\", \"world\"");
    }

    @Test
    void unsupportedModelClass() throws IOException {
        ((ObjectNode) root.get("modelTopology")).put("class_name", "Graph");
        assertContains(fails(), "model class \"Graph\" is not supported; expected Sequential, Model or Functional");
    }

    // ---------------------------------------------------------------- functional models

    private void functional(Consumer<ObjectNode> edit) throws IOException {
        root = (ObjectNode) JSON.readTree(TfjsFixtureTest.FIXTURES.resolve("converter_functional/model.json").toFile());
        Files.copy(TfjsFixtureTest.FIXTURES.resolve("converter_functional/weights.bin"), dir.resolve("weights.bin"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        edit.accept((ObjectNode) root.path("modelTopology").path("model_config").path("config"));
    }

    @Test
    void twoOutputs() throws IOException {
        functional(c -> ((ArrayNode) c.get("output_layers")).addArray().add("dense").add(0).add(0));
        assertContains(fails(), "the model has 2 outputs (\"dense_2\", \"dense\"); netjac differentiates functions with"
                + " one output, expected exactly one");
    }

    @Test
    void twoInputs() throws IOException {
        functional(c -> ((ArrayNode) c.get("input_layers")).addArray().add("input_2").add(0).add(0));
        assertContains(fails(), "the model has 2 inputs (\"input_1\", \"input_2\")", "expected exactly one");
    }

    @Test
    void unknownInboundLayer() throws IOException {
        functional(c -> ((ArrayNode) c.get("layers").get(2).get("inbound_nodes").get(0).get(0)).set(0,
                JSON.getNodeFactory().textNode("densse")));
        assertContains(fails(), "a connection names layer \"densse\", which is not a layer of the model");
    }

    @Test
    void secondOutputTensor() throws IOException {
        functional(c -> ((ArrayNode) c.get("layers").get(2).get("inbound_nodes").get(0).get(0)).set(2,
                JSON.getNodeFactory().numberNode(1)));
        assertContains(fails(), "layer \"dense\" (Dense): output tensor 1 is used; netjac layers have one output");
    }

    @Test
    void cycle() throws IOException {
        functional(c -> ((ArrayNode) c.get("layers").get(1).get("inbound_nodes").get(0).get(0)).set(0,
                JSON.getNodeFactory().textNode("dense_1")));
        assertContains(fails(), "the layer graph has a cycle through it");
    }

    @Test
    void weightFoundUnderScopePrefix() throws IOException {
        functional(c -> { });
        for (JsonNode w : root.path("weightsManifest").get(0).get("weights")) {
            ((ObjectNode) w).put("name", "model/" + w.get("name").asText());
        }
        Files.writeString(model, JSON.writeValueAsString(root));
        assertEquals(4 * 6 + 6 + 6 * 5 + 5 + 5 * 3 + 3, Netjac.read(model, ReadOptions.defaults()).parameterCount());
    }

    @Test
    void ambiguousWeightName() throws IOException {
        functional(c -> { });
        ArrayNode weights = (ArrayNode) root.path("weightsManifest").get(0).get("weights");
        // two scoped spellings of dense/kernel, neither exact
        ((ObjectNode) weights.get(4)).put("name", "a/dense/kernel");
        ObjectNode extra = weights.addObject();
        extra.put("name", "b/dense/kernel").put("dtype", "float32").putArray("shape").add(0); // no bytes
        assertContains(fails(), ": layer \"dense\" (Dense): weight \"dense/kernel\" is ambiguous in the weights manifest",
                "\"a/dense/kernel\", \"b/dense/kernel\"");
    }
}
