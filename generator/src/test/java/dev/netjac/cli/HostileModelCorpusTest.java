package dev.netjac.cli;

import static dev.netjac.cli.CliTest.assertBadInput;
import static dev.netjac.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.NetjacException;
import dev.netjac.spec.ReadOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The robustness corpus: hostile model folders, each refused through the API and the CLI with netjac's one-line
 * message and exit code 2, without showing a byte of any file outside the model's folder and without leaving any
 * output or temporary file behind. Cases marked {@code allowOutside} become readable with {@code --allow-outside}
 * (that is all the flag lets through); size claims stay refused with it.
 *
 * <p>Every case's model is input (4,) -> dense 3 (kernel (4, 3), bias (3,)). Readers still to come (ONNX external
 * data, .keras archives, HDF5) add their cases here: ONNX external data through {@code ..} and symlinks,
 * {@code .keras} zip entries named {@code ../x}, HDF5 datasets that lie about their size.
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
                                + " the expected (4, 3)", false));
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
