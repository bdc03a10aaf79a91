package dev.netjac.cli;

import static dev.netjac.cli.CliTest.assertBadInput;
import static dev.netjac.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import com.google.protobuf.ByteString;
import dev.netjac.NetjacException;
import dev.netjac.runtime.Network;
import dev.netjac.runtime.WeightsResourceException;
import dev.netjac.onnx.proto.Onnx.GraphProto;
import dev.netjac.onnx.proto.Onnx.ModelProto;
import dev.netjac.onnx.proto.Onnx.NodeProto;
import dev.netjac.onnx.proto.Onnx.OperatorSetIdProto;
import dev.netjac.onnx.proto.Onnx.StringStringEntryProto;
import dev.netjac.onnx.proto.Onnx.TensorProto;
import dev.netjac.onnx.proto.Onnx.TensorShapeProto;
import dev.netjac.onnx.proto.Onnx.TypeProto;
import dev.netjac.onnx.proto.Onnx.ValueInfoProto;
import dev.netjac.spec.ReadOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.tools.ToolProvider;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The robustness corpus: hostile model folders, each refused through the API and the CLI with netjac's one-line
 * message and exit code 2, without showing a byte of any file outside the model's folder and without leaving any
 * output or temporary file behind. Cases marked {@code allowOutside} become readable with {@code --allow-outside}
 * (that is all the flag lets through); size claims stay refused with it.
 *
 * <p>Every case's model is input (4,) -> dense 3 (kernel (4, 3), bias (3,)), except the Keras ones, which are
 * the committed Keras fixtures one change away from valid (see {@code keras/make_fixtures.py}): an archive entry
 * with an unsafe name or a zip bomb, HDF5 datasets that lie about their size.
 */
class HostileModelCorpusTest {
    /** Written into every file outside the model's folder; no message may contain it. */
    static final String SECRET = "SECRET-0123456789-SECRET";

    @TempDir
    Path root;

    /** One hostile model: builds it under {@code root/model}, returns the model file. */
    interface Builder {
        Path build(Path root) throws IOException;
    }

    record Case(String name, Builder builder, String message, boolean allowOutside) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> corpus() {
        return List.of(
                new Case("npy symlinked out", HostileModelCorpusTest::npySymlinkedOut,
                        "'kernel': \"w1.npy\" is a symbolic link (or inside a linked folder) leading outside", true),
                new Case("folder symlinked out", HostileModelCorpusTest::folderSymlinkedOut,
                        "'kernel': \"sub/w1.npy\" is a symbolic link (or inside a linked folder) leading outside", true),
                new Case("dot-dot out", HostileModelCorpusTest::dotDotOut,
                        "'kernel': \"../outside/w1.npy\" is outside the model's folder", true),
                new Case("npz entry symlinked out", HostileModelCorpusTest::npzSymlinkedOut,
                        "\"weights.npz\" is a symbolic link", true),
                new Case("tfjs shard linked to a system file", HostileModelCorpusTest::tfjsShardToEtc,
                        "weightsManifest[0]: shard \"x.bin\" is a symbolic link", false),
                new Case("tfjs shard symlinked out", HostileModelCorpusTest::tfjsShardSymlinkedOut,
                        "weightsManifest[0]: shard \"x.bin\" is a symbolic link", true),
                new Case("npz entry claiming (16384, 16384) float16", HostileModelCorpusTest::npzHugeClaim,
                        "kernel: weights.npz[w]: claims shape (16384, 16384) float16 (268435456 values), far more than"
                                + " the expected (4, 3)", false),
                new Case("npy claiming (16384, 16384) float64", HostileModelCorpusTest::npyHugeClaim,
                        "kernel: w.npy: claims shape (16384, 16384) float64", false),
                new Case("safetensors claiming (16384, 16384) F32", HostileModelCorpusTest::safetensorsHugeClaim,
                        "m.safetensors: tensor 'w': claims shape (16384, 16384) F32", false),
                new Case("tfjs manifest claiming (300, 300) for a (4, 3) kernel", HostileModelCorpusTest::tfjsHugeClaim,
                        "weight \"d/kernel\" in model.json: claims shape (300, 300) float32 (90000 values), far more than"
                                + " the expected (4, 3)", false),
                new Case("onnx external data through ..", r -> onnxExternal(r, "../outside/w.bin"),
                        "initializer \"W\": external data \"../outside/w.bin\" is outside the model's folder", true),
                new Case("onnx external data at an absolute path", r -> onnxExternal(r, r.resolve("outside/w.bin").toString()),
                        "is outside the model's folder; files must be given relative to it", true),
                new Case("onnx external data symlinked out", HostileModelCorpusTest::onnxExternalSymlinkedOut,
                        "initializer \"W\": external data \"w.bin\" is a symbolic link (or inside a linked folder) leading"
                                + " outside", true),
                new Case("keras archive entry named ../x", r -> kerasWithEntry(r, "../x"),
                        "zip entry \"../x\" has an unsafe name", false),
                new Case("keras archive entry with an absolute name", r -> kerasWithEntry(r, "/etc/x"),
                        "zip entry \"/etc/x\" has an unsafe name", false),
                new Case("keras archive whose weights entry is a zip bomb", HostileModelCorpusTest::kerasBomb,
                        "zip entry \"model.weights.h5\" claims 8388608 bytes from", false),
                new Case("hdf5 dataset claiming far more than the layer expects", r -> kerasFixture(r, "errors/lying_size.h5"),
                        "claims shape (100000, 3) float64", false),
                new Case("hdf5 dataset claiming more than the file holds", r -> kerasFixture(r, "errors/unstored_weight.h5"),
                        "holds 0 bytes for it", false),
                new Case("hdf5 compressed dataset claiming 1000x its storage", r -> kerasFixture(r, "errors/compressed_bomb.h5"),
                        "claims shape (2000000, 3)", false));
    }

    // ---------------------------------------------------------------- the checks

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedThroughTheApi(Case c) throws IOException {
        Path model = c.builder().build(root);
        NetjacException e = assertThrows(NetjacException.class, () -> Netjac.read(model, ReadOptions.defaults()));
        assertSafe(e.getMessage(), c);
        if (c.allowOutside()) {
            assertEquals(15, Netjac.read(model, ReadOptions.defaults().withAllowWeightsOutsideModelDir(true)).parameterCount());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedThroughTheCli(Case c) throws IOException {
        Path model = c.builder().build(root);
        Path out = root.resolve("gen");
        String line = assertBadInput(run("generate", "--out", out, model));
        assertSafe(line, c);
        assertFalse(Files.exists(out) && listAll(out).stream().anyMatch(Files::isRegularFile),
                "generate left files behind: " + listAll(out));
        assertBadInput(run("inspect", model));
        if (c.allowOutside()) {
            CliTest.Run allowed = run("generate", "--allow-outside", "--out", out, model);
            assertEquals(0, allowed.exit(), allowed.err());
        } else {
            assertBadInput(run("generate", "--allow-outside", "--out", out, model));
        }
    }

    /**
     * The stale pair a kill between generate's two moves leaves, either way round: compiled with javac as a build
     * would, the class refuses the other run's weights resource, naming both fingerprints.
     */
    @ParameterizedTest(name = "old {0}")
    @ValueSource(strings = {"class", "weights"})
    void staleClassAndWeightsPairFromTwoCliRunsRefuseEachOther(String old) throws Exception {
        Path out = root.resolve("gen");
        Path java = out.resolve("p/Model.java");
        Path weights = out.resolve("p/Model.weights");
        Path spec = spec(root, "[[1, 2, 3], [4, 5, 6], [7, 8, 9], [1, 1, 1]]");
        assertEquals(0, run("generate", "--out", out, "--package", "p", spec).exit());
        byte[] first = Files.readAllBytes(old.equals("class") ? java : weights);
        String firstFingerprint = fingerprintOf(java);
        spec(root, "[[1, 2, 3], [4, 5, 6], [7, 8, 9], [1, 1, 2]]");
        assertEquals(0, run("generate", "--out", out, "--package", "p", spec).exit());
        String secondFingerprint = fingerprintOf(java);
        Files.write(old.equals("class") ? java : weights, first);
        Path classes = Files.createDirectories(root.resolve("classes"));
        int code = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), "-classpath",
                System.getProperty("java.class.path"), java.toString());
        assertEquals(0, code, "javac");
        Files.copy(weights, classes.resolve("p/Model.weights"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, Network.class.getClassLoader())) {
            Throwable e = assertThrows(InvocationTargetException.class,
                    () -> loader.loadClass("p.Model").getConstructor().newInstance()).getCause();
            assertInstanceOf(WeightsResourceException.class, e);
            String classFingerprint = old.equals("class") ? firstFingerprint : secondFingerprint;
            String resourceFingerprint = old.equals("class") ? secondFingerprint : firstFingerprint;
            assertEquals("weights resource Model.weights (fingerprint " + resourceFingerprint.substring(0, 16)
                    + ") and class p.Model (fingerprint " + classFingerprint.substring(0, 16) + ") come from different netjac"
                    + " runs; regenerate the class and its weights together (netjac generate, or rebuild with the netjac"
                    + " Maven plugin)", e.getMessage());
        }
    }

    private static String fingerprintOf(Path java) throws IOException {
        Matcher m = Pattern.compile("FINGERPRINT = \"([0-9a-f]{64})\"").matcher(Files.readString(java));
        assertTrue(m.find(), java.toString());
        return m.group(1);
    }

    private static void assertSafe(String message, Case c) {
        assertTrue(message.contains(c.message()), "expected [" + c.message() + "] in: " + message);
        assertFalse(message.contains(SECRET) || message.contains("root:"), "shows bytes of an outside file: " + message);
        assertFalse(message.contains("\n"), message);
    }

    private static List<Path> listAll(Path dir) {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- the cases

    private static Path spec(Path root, String kernel) throws IOException {
        Path model = Files.createDirectories(root.resolve("model"));
        Path spec = model.resolve("model.json");
        Files.writeString(spec, "{\"netjac\": 1, \"input\": {\"shape\": [4]}, \"layers\": [{\"type\": \"dense\", \"units\": 3,"
                + " \"kernel\": " + kernel + ", \"bias\": [0.1, 0.2, 0.3]}]}");
        return spec;
    }

    /** A folder beside the model holding a valid (4, 3) kernel whose data starts with {@link #SECRET} (finite doubles). */
    private static Path outside(Path root) throws IOException {
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.write(outside.resolve("w1.npy"), npy("<f8", "(4, 3)", secretData(12 * 8)));
        return outside;
    }

    private static byte[] secretData(int length) {
        byte[] bytes = new byte[length];
        byte[] secret = SECRET.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(secret, 0, bytes, 0, secret.length);
        return bytes;
    }

    static Path npySymlinkedOut(Path root) throws IOException {
        Path spec = spec(root, "\"w1.npy\"");
        Files.createSymbolicLink(spec.resolveSibling("w1.npy"), Path.of("../outside/w1.npy"));
        outside(root);
        return spec;
    }

    static Path folderSymlinkedOut(Path root) throws IOException {
        Path spec = spec(root, "\"sub/w1.npy\"");
        Files.createSymbolicLink(spec.resolveSibling("sub"), outside(root));
        return spec;
    }

    static Path dotDotOut(Path root) throws IOException {
        outside(root);
        return spec(root, "\"../outside/w1.npy\"");
    }

    static Path npzSymlinkedOut(Path root) throws IOException {
        Path spec = spec(root, "{\"file\": \"weights.npz\", \"key\": \"w\"}");
        Path npz = outside(root).resolve("weights.npz");
        Files.write(npz, npz("w", npy("<f8", "(4, 3)", secretData(12 * 8))));
        Files.createSymbolicLink(spec.resolveSibling("weights.npz"), npz);
        return spec;
    }

    static Path npzHugeClaim(Path root) throws IOException {
        Path spec = spec(root, "{\"file\": \"weights.npz\", \"key\": \"w\"}");
        // The file holds all 512 MiB of zeros, deflated to ~522 KB; the header alone must refuse it, so a
        // few KB of data are enough to tell a reader that checks the header from one that starts decoding.
        Files.write(spec.resolveSibling("weights.npz"), npz("w", npy("<f2", "(16384, 16384)", new byte[1 << 16])));
        return spec;
    }

    static Path npyHugeClaim(Path root) throws IOException {
        Path spec = spec(root, "\"w.npy\"");
        Files.write(spec.resolveSibling("w.npy"), npy("<f8", "(16384, 16384)", new byte[1 << 16]));
        return spec;
    }

    static Path safetensorsHugeClaim(Path root) throws IOException {
        Path spec = spec(root, "{\"file\": \"m.safetensors\", \"tensor\": \"w\"}");
        byte[] header = "{\"w\": {\"dtype\": \"F32\", \"shape\": [16384, 16384], \"data_offsets\": [0, 1073741824]}}"
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + header.length + 64).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(header.length).put(header);
        Files.write(spec.resolveSibling("m.safetensors"), file.array());
        return spec;
    }

    /** A TF.js layers model, Dense 4 -> 3, whose one shard is {@code x.bin}: kernel as declared, then bias float32. */
    private static Path tfjs(Path root, String kernelShape, String kernelDtype) throws IOException {
        Path model = Files.createDirectories(root.resolve("model"));
        Path json = model.resolve("model.json");
        Files.writeString(json, "{\"format\": \"layers-model\", \"modelTopology\": {\"class_name\": \"Sequential\","
                + " \"config\": {\"name\": \"tiny\", \"layers\": [{\"class_name\": \"Dense\", \"config\": {\"units\": 3,"
                + " \"activation\": \"linear\", \"use_bias\": true, \"name\": \"d\", \"batch_input_shape\": [null, 4]}}]}},"
                + " \"weightsManifest\": [{\"paths\": [\"x.bin\"], \"weights\": [{\"name\": \"d/kernel\", \"shape\": "
                + kernelShape + ", " + kernelDtype + "}, {\"name\": \"d/bias\", \"shape\": [3], \"dtype\": \"float32\"}]}]}");
        return json;
    }

    static Path tfjsShardToEtc(Path root) throws IOException {
        long size = Files.size(Path.of("/etc/passwd"));
        // Declared as a uint8-quantized kernel of exactly the file's size, as the reproduction did.
        Path json = tfjs(root, "[" + (size - 12) + "]", "\"dtype\": \"float32\", \"quantization\": {\"dtype\": \"uint8\","
                + " \"scale\": 1, \"min\": 0}");
        Files.createSymbolicLink(json.resolveSibling("x.bin"), Path.of("/etc/passwd"));
        return json;
    }

    static Path tfjsShardSymlinkedOut(Path root) throws IOException {
        Path json = tfjs(root, "[4, 3]", "\"dtype\": \"float32\"");
        Path shard = Files.createDirectories(root.resolve("outside")).resolve("x.bin");
        Files.write(shard, secretData(15 * 4));
        Files.createSymbolicLink(json.resolveSibling("x.bin"), shard);
        return json;
    }

    static Path tfjsHugeClaim(Path root) throws IOException {
        Path json = tfjs(root, "[300, 300]", "\"dtype\": \"float32\"");
        Files.write(json.resolveSibling("x.bin"), new byte[(300 * 300 + 3) * 4]);
        return json;
    }

    /** x (batch, 4) -> MatMul W (4, 3), stored as external data at {@code location} -> Add B (3,) -> y. */
    private static Path onnx(Path root, String location) throws IOException {
        Path model = Files.createDirectories(root.resolve("model")).resolve("model.onnx");
        TensorProto w = TensorProto.newBuilder().setName("W").setDataType(TensorProto.DataType.DOUBLE_VALUE)
                .addDims(4).addDims(3).setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location)).build();
        ByteBuffer bias = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1).putDouble(0.2).putDouble(0.3);
        TensorProto b = TensorProto.newBuilder().setName("B").setDataType(TensorProto.DataType.DOUBLE_VALUE).addDims(3)
                .setRawData(ByteString.copyFrom(bias.array())).build();
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(onnxValue("x", 4)).addOutput(onnxValue("y", 3)).addInitializer(w).addInitializer(b)
                .addNode(NodeProto.newBuilder().setOpType("MatMul").setName("mm").addInput("x").addInput("W").addOutput("h"))
                .addNode(NodeProto.newBuilder().setOpType("Add").setName("add").addInput("h").addInput("B").addOutput("y"));
        Files.write(model, ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).setGraph(g).build().toByteArray());
        return model;
    }

    private static ValueInfoProto onnxValue(String name, int features) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(features)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.DOUBLE_VALUE).setShape(shape))).build();
    }

    /** The external data outside the model's folder: 12 finite doubles whose bytes start with {@link #SECRET}. */
    private static Path onnxOutsideData(Path root) throws IOException {
        Path data = Files.createDirectories(root.resolve("outside")).resolve("w.bin");
        Files.write(data, secretData(12 * 8));
        return data;
    }

    static Path onnxExternal(Path root, String location) throws IOException {
        onnxOutsideData(root);
        return onnx(root, location);
    }

    static Path onnxExternalSymlinkedOut(Path root) throws IOException {
        Path model = onnx(root, "w.bin");
        Files.createSymbolicLink(model.resolveSibling("w.bin"), Path.of("../outside/w.bin"));
        onnxOutsideData(root);
        return model;
    }

    private static final Path KERAS_FIXTURES = Path.of("src/test/resources/keras");

    static Path kerasFixture(Path root, String fixture) throws IOException {
        Path model = Files.createDirectories(root.resolve("model")).resolve(Path.of(fixture).getFileName());
        Files.copy(KERAS_FIXTURES.resolve(fixture), model);
        return model;
    }

    /** mlp_float64.keras's members, {@code weights} for model.weights.h5 unless null, and {@code extra} entries. */
    private static Path keras(Path root, byte[] weights, String... extra) throws IOException {
        Path model = Files.createDirectories(root.resolve("model")).resolve("model.keras");
        try (ZipFile source = new ZipFile(KERAS_FIXTURES.resolve("mlp_float64.keras").toFile());
                ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(model))) {
            for (String name : List.of("config.json", "metadata.json", "model.weights.h5")) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(name.equals("model.weights.h5") && weights != null ? weights
                        : source.getInputStream(source.getEntry(name)).readAllBytes());
                zip.closeEntry();
            }
            for (String name : extra) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(SECRET.getBytes(StandardCharsets.US_ASCII));
                zip.closeEntry();
            }
        }
        return model;
    }

    static Path kerasWithEntry(Path root, String name) throws IOException {
        return keras(root, null, name);
    }

    static Path kerasBomb(Path root) throws IOException {
        // 8 MiB of zeros deflate to ~8 KB: the claim is refused from the directory, before a byte is inflated.
        return keras(root, new byte[8 << 20]);
    }

    // ---------------------------------------------------------------- file builders

    /** A .npy file with dtype {@code descr} and {@code shape} (a Python tuple) whose data is {@code data}. */
    static byte[] npy(String descr, String shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buf.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII)).put(data);
        return buf.array();
    }

    static byte[] npz(String key, byte[] npy) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(key + ".npy"));
            zip.write(npy);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
