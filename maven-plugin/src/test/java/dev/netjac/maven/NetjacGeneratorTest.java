package dev.netjac.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.compile.SourceWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetjacGeneratorTest {
    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    private NetjacGenerator generator(String packageName) {
        return new NetjacGenerator(dir.resolve("src"), dir.resolve("gen-src"), dir.resolve("gen-res"),
                dir.resolve("status"), List.of("**/*.json"), List.of(), packageName, "test-1", log::add, s -> { });
    }

    private Path src(String rel) {
        return dir.resolve("src").resolve(rel);
    }

    /** A model 3 -> 2 whose kernel is a .npy file and whose bias is inline. */
    private void npyModel(String rel, String name, double scale) throws IOException {
        Path spec = src(rel);
        Files.createDirectories(spec.getParent());
        String kernel = name.toLowerCase() + "_w.npy";
        Files.writeString(spec, "{\"netjac\": 1, \"name\": \"" + name + "\", \"input\": {\"shape\": [3]}, \"layers\": ["
                + "{\"type\": \"dense\", \"units\": 2, \"kernel\": \"" + kernel + "\", \"bias\": [0.1, -0.2], \"activation\": \"tanh\"}]}");
        writeNpy(spec.resolveSibling(kernel), new double[] {1, 2, 3, 4, 5, 6}, 3, 2, scale);
    }

    static void writeNpy(Path file, double[] values, int rows, int cols, double scale) throws IOException {
        Files.write(file, npy(values, "(" + rows + ", " + cols + ")", scale));
    }

    /** A little-endian float64 .npy file of {@code shape} (a Python tuple) holding {@code values * scale}. */
    static byte[] npy(double[] values, String shape, double scale) {
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buf.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (double v : values) {
            buf.putDouble(v * scale);
        }
        return buf.array();
    }

    @Test
    void perModelClassNameAndPackage() throws Exception {
        npyModel("models/a.json", "sequential_13", 0.1);
        npyModel("models/b.json", "Beta", 0.2);
        List<Model> named = List.of(new Model("models/a.json", "ArmSurrogate", "com.example.nets"));
        NetjacGenerator.Result first = generator("").withModels(named).run();
        assertEquals(List.of("models/a.json", "models/b.json"), first.generated());
        String source = Files.readString(dir.resolve("gen-src/com/example/nets/ArmSurrogate.java"));
        assertTrue(source.contains("package com.example.nets;") && source.contains("class ArmSurrogate "), source);
        assertTrue(Files.isRegularFile(dir.resolve("gen-res/com/example/nets/ArmSurrogate.weights")));
        assertTrue(Files.isRegularFile(dir.resolve("gen-src/models/Beta.java")), "an unlisted model keeps its naming");

        // Unchanged: up to date. A new class name alone regenerates, and the old class goes.
        assertEquals(List.of(), generator("").withModels(named).run().generated());
        NetjacGenerator.Result renamed = generator("").withModels(List.of(new Model("models/a.json", "Arm", null))).run();
        assertEquals(List.of("models/a.json"), renamed.generated());
        assertTrue(Files.isRegularFile(dir.resolve("gen-src/models/Arm.java")));
        assertFalse(Files.exists(dir.resolve("gen-src/com/example/nets/ArmSurrogate.java")));
    }

    @Test
    void perModelNamingErrors() throws Exception {
        npyModel("models/a.json", "Alpha", 0.1);
        assertEquals("netjac: <models>: models/nope.json is not a model under " + dir.resolve("src").toAbsolutePath().normalize()
                + "; its models are models/a.json", assertThrows(NetjacGenerator.GenerationException.class,
                        () -> generator("").withModels(List.of(new Model("models/nope.json", "X", null))).run()).getMessage());
        for (String cls : List.of("2fast", "X$Y", "var", "class")) {
            String message = assertThrows(NetjacGenerator.GenerationException.class,
                    () -> generator("").withModels(List.of(new Model("models/a.json", cls, null)))).getMessage();
            assertTrue(message.startsWith("netjac: <models>: models/a.json: className " + cls
                    + " is not a valid Java class name"), message);
        }
        for (String pkg : List.of("com..x", "com.a$b", "java.lang", "javax.swing")) {
            String message = assertThrows(NetjacGenerator.GenerationException.class,
                    () -> generator("").withModels(List.of(new Model("models/a.json", null, pkg)))).getMessage();
            assertTrue(message.startsWith("netjac: <models>: models/a.json: packageName " + pkg + " is not a valid"), message);
        }
    }

    @Test
    void packagesOfTheJdkAreRefusedWhetherConfiguredOrDerived() throws Exception {
        npyModel("java/lang/a.json", "Alpha", 0.1);
        String derived = assertThrows(NetjacGenerator.GenerationException.class, () -> generator("").run()).getMessage();
        assertTrue(derived.startsWith("netjac: java/lang/a.json: package java.lang (from its folder) is not a valid package"
                + " for a generated class: java.* belongs to the JDK"), derived);
        String configured = assertThrows(NetjacGenerator.GenerationException.class,
                () -> generator("java.util").run()).getMessage();
        assertTrue(configured.startsWith("netjac: packageName java.util is not a valid package"), configured);
        assertFalse(Files.exists(dir.resolve("gen-src/java")), "nothing may be written");
    }

    @Test
    void aStalePairInTheOutputsIsRegeneratedNotKept() throws Exception {
        npyModel("models/a.json", "Alpha", 0.1);
        generator("").run();
        Path source = dir.resolve("gen-src/models/Alpha.java");
        Path weights = dir.resolve("gen-res/models/Alpha.weights");
        byte[] oldClass = Files.readAllBytes(source);
        byte[] oldWeights = Files.readAllBytes(weights);
        npyModel("models/a.json", "Alpha", 0.2);
        generator("").run();
        byte[] newClass = Files.readAllBytes(source);
        byte[] newWeights = Files.readAllBytes(weights);
        // Old class beside new weights, and the other way round: each counts as changed and is written again.
        for (byte[][] pair : new byte[][][] {{oldClass, newWeights}, {newClass, oldWeights}}) {
            Files.write(source, pair[0]);
            Files.write(weights, pair[1]);
            assertFalse(SourceWriter.isIntactPair(source, weights));
            log.clear();
            assertEquals(List.of("models/a.json"), generator("").run().generated());
            assertTrue(log.contains("netjac: models/a.json: its class and weights resource come from different runs;"
                    + " regenerating both"), log.toString());
            assertTrue(SourceWriter.isIntactPair(source, weights));
            assertEquals(new String(newClass, StandardCharsets.UTF_8), Files.readString(source));
        }
        assertEquals(List.of("models/a.json"), generator("").run().upToDate());
    }

    @Test
    void leftoversOfKilledRunsAreRemovedAlsoWhenUpToDateAndOutputsFollowTheUmask() throws Exception {
        npyModel("models/a.json", "Alpha", 0.1);
        generator("").run();
        Path res = dir.resolve("gen-res/models");
        Path src = dir.resolve("gen-src/models");
        Files.write(res.resolve(".Alpha.weights4711.tmp"), new byte[1000]);
        Files.write(src.resolve(".#Alpha.java.x1.tmp"), new byte[10]);
        assertEquals(List.of("models/a.json"), generator("").run().upToDate());
        try (var files = Files.list(res)) {
            assertEquals(List.of("Alpha.weights"), files.map(p -> p.getFileName().toString()).toList());
        }
        try (var files = Files.list(src)) {
            assertEquals(List.of("Alpha.java"), files.map(p -> p.getFileName().toString()).toList());
        }
        var expected = Files.getPosixFilePermissions(Files.createFile(dir.resolve("any-file")));
        assertEquals(expected, Files.getPosixFilePermissions(res.resolve("Alpha.weights")));
        assertEquals(expected, Files.getPosixFilePermissions(src.resolve("Alpha.java")));
    }

    @Test
    void aFolderNamedJavaBelowTheTopIsAPackageLikeAnyOther() throws Exception {
        npyModel("com/java/a.json", "Alpha", 0.1);
        generator("").run();
        assertTrue(Files.isRegularFile(dir.resolve("gen-src/com/java/Alpha.java")));
    }

    @Test
    void regeneratesOnlyWhatChanged() throws Exception {
        npyModel("models/a.json", "Alpha", 0.1);
        npyModel("models/sub/b.json", "Beta", 0.2);

        NetjacGenerator.Result first = generator("").run();
        assertEquals(List.of("models/a.json", "models/sub/b.json"), first.generated());
        Path alpha = dir.resolve("gen-src/models/Alpha.java");
        Path beta = dir.resolve("gen-src/models/sub/Beta.java");
        assertTrue(Files.isRegularFile(alpha));
        assertTrue(Files.isRegularFile(beta));
        assertTrue(Files.isRegularFile(dir.resolve("gen-res/models/sub/Beta.weights")));
        List<String> status = Files.readAllLines(dir.resolve("status/models/a.json.sha256"));
        assertEquals(List.of("source models/Alpha.java", "resource models/Alpha.weights"), status.subList(1, 3));
        assertEquals(64, status.get(0).length());

        NetjacGenerator.Result second = generator("").run();
        assertEquals(List.of(), second.generated());
        assertEquals(2, second.upToDate().size());
        assertEquals("netjac: 2 models up to date", log.get(log.size() - 1));

        // Touching the timestamp alone changes nothing; changing a weight file's bytes regenerates that model.
        Path betaWeights = src("models/sub/beta_w.npy");
        Files.setLastModifiedTime(betaWeights, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertEquals(List.of(), generator("").run().generated());
        writeNpy(betaWeights, new double[] {1, 2, 3, 4, 5, 6}, 3, 2, 0.3);
        NetjacGenerator.Result third = generator("").run();
        assertEquals(List.of("models/sub/b.json"), third.generated());
        assertEquals(List.of("models/a.json"), third.upToDate());

        // A changed spec regenerates that model; a deleted output regenerates it too.
        Files.writeString(src("models/a.json"), Files.readString(src("models/a.json")).replace("0.1, -0.2", "0.5, -0.2"));
        assertEquals(List.of("models/a.json"), generator("").run().generated());
        Files.delete(beta);
        assertEquals(List.of("models/sub/b.json"), generator("").run().generated());

        // Deleting a model removes its outputs and status.
        Files.delete(src("models/sub/b.json"));
        NetjacGenerator.Result fourth = generator("").run();
        assertEquals(List.of("models/sub/b.json"), fourth.removed());
        assertEquals(List.of(), fourth.generated());
        assertFalse(Files.exists(beta));
        assertFalse(Files.exists(dir.resolve("gen-res/models/sub/Beta.weights")));
        assertFalse(Files.exists(dir.resolve("status/models/sub/b.json.sha256")));
        assertTrue(Files.isRegularFile(alpha));

        // A configured package regenerates everything into it and removes the old classes.
        NetjacGenerator.Result fifth = generator("com.example.nets").run();
        assertEquals(List.of("models/a.json"), fifth.generated());
        assertTrue(Files.isRegularFile(dir.resolve("gen-src/com/example/nets/Alpha.java")));
        assertFalse(Files.exists(alpha));
    }

    @Test
    void manyModelsLogProgressByTenths() throws Exception {
        for (int k = 0; k < 20; k++) {
            npyModel("many/m" + k + ".json", "Model" + k, 1);
        }
        NetjacGenerator generator = generator("");
        generator.progressDelayNanos = 0;
        generator.run();
        List<String> progress = log.stream().filter(line -> line.startsWith("netjac: models")).toList();
        assertEquals(List.of("netjac: models: 1/20 (5%)", "netjac: models: 2/20 (10%)", "netjac: models: 4/20 (20%)",
                "netjac: models: 6/20 (30%)", "netjac: models: 8/20 (40%)", "netjac: models: 10/20 (50%)",
                "netjac: models: 12/20 (60%)", "netjac: models: 14/20 (70%)", "netjac: models: 16/20 (80%)",
                "netjac: models: 18/20 (90%)", "netjac: models: 20/20 (100%)"), progress.subList(0, 11));
        assertTrue(progress.get(11).startsWith("netjac: models: done, 20 in "), progress.get(11));
        assertEquals(12, progress.size());
        // A quick run (the default delay) logs no progress lines.
        log.clear();
        generator("").run();
        assertTrue(log.stream().noneMatch(line -> line.startsWith("netjac: models")), log.toString());
    }

    @Test
    void modelsDirectlyInTheSourceFolderGoToPackageNetjac() throws Exception {
        npyModel("top.json", "Top", 1);
        generator("").run();
        assertTrue(Files.readString(dir.resolve("gen-src/netjac/Top.java")).contains("package netjac;"));
    }

    @Test
    void badModelFailsWithNetjacsMessageAndWritesNothing() throws Exception {
        Path spec = src("bad/broken.json");
        Files.createDirectories(spec.getParent());
        Files.writeString(spec, "{\"netjac\": 1, \"input\": {\"shape\": [2]}, \"layers\": ["
                + "{\"type\": \"dense\", \"units\": 2, \"kernel\": [[1, 2, 3], [4, 5, 6]], \"bias\": [0, 0]}]}");
        NetjacGenerator.GenerationException e = assertThrows(NetjacGenerator.GenerationException.class,
                () -> generator("").run());
        assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
        assertTrue(e.getMessage().contains("layers[0]"), e.getMessage());
        assertTrue(e.getMessage().contains("expected"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("gen-src/bad")));
        assertFalse(Files.exists(dir.resolve("status/bad/broken.json.sha256")));
    }

    @Test
    void folderThatIsNotAnIdentifierFailsClearly() throws Exception {
        npyModel("my-nets/x.json", "X", 1);
        NetjacGenerator.GenerationException e = assertThrows(NetjacGenerator.GenerationException.class,
                () -> generator("").run());
        assertTrue(e.getMessage().contains("'my-nets' is not a valid Java identifier"), e.getMessage());
        // An explicit package name makes the same layout work.
        assertEquals(1, generator("nets").run().generated().size());
    }

    @Test
    void snapshotToolVersionIsStable() {
        assertEquals("1.0", NetjacGenerator.toolVersion("1.0"));
        assertEquals(NetjacGenerator.toolVersion("1.0-SNAPSHOT"), NetjacGenerator.toolVersion("1.0-SNAPSHOT"));
    }

    @Test
    void antPatterns() {
        assertTrue(NetjacGenerator.antPattern("**/*.json").matcher("a.json").matches());
        assertTrue(NetjacGenerator.antPattern("**/*.json").matcher("x/y/a.json").matches());
        assertFalse(NetjacGenerator.antPattern("**/*.json").matcher("x/a.npy").matches());
        assertTrue(NetjacGenerator.antPattern("skip/**").matcher("skip/a/b.json").matches());
        assertFalse(NetjacGenerator.antPattern("*.json").matcher("x/a.json").matches());
    }

    /** The "input ..." lines of a model's status file: the files its reading opened besides the model. */
    private List<String> inputLines(String model) throws IOException {
        return Files.readAllLines(dir.resolve("status").resolve(model + NetjacGenerator.STATUS_SUFFIX)).stream()
                .filter(line -> line.startsWith("input ")).toList();
    }

    private static void writeNpz(Path file, String key, byte[] npy) throws IOException {
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new java.util.zip.ZipEntry(key + ".npy"));
            zip.write(npy);
            zip.closeEntry();
        }
    }

    @Test
    void onlyTheFilesGenerationReadCount() throws Exception {
        Path spec = src("m/net.json");
        Files.createDirectories(spec.getParent());
        // "notes.npy" exists and is named twice, in the description and as the layer's name, but is no weight.
        Files.writeString(spec, "{\"netjac\": 1, \"name\": \"Net\", \"description\": \"notes.npy\","
                + " \"input\": {\"shape\": [3]}, \"layers\": [{\"type\": \"dense\", \"name\": \"notes.npy\", \"units\": 2,"
                + " \"kernel\": \"k.npy\", \"bias\": {\"file\": \"b.npz\", \"key\": \"bias\"}}]}");
        writeNpy(spec.resolveSibling("k.npy"), new double[] {1, 2, 3, 4, 5, 6}, 3, 2, 0.1);
        writeNpy(spec.resolveSibling("notes.npy"), new double[] {1}, 1, 1, 1);
        writeNpz(spec.resolveSibling("b.npz"), "bias", npy(new double[] {0.5, -0.5}, "(2,)", 1));

        assertEquals(List.of("m/net.json"), generator("").run().generated());
        assertEquals(List.of("input k.npy", "input b.npz"), inputLines("m/net.json"));
        // A file the spec merely names does not make the model stale.
        writeNpy(spec.resolveSibling("notes.npy"), new double[] {2}, 1, 1, 1);
        assertEquals(List.of("m/net.json"), generator("").run().upToDate());
        // An archive generation read does.
        writeNpz(spec.resolveSibling("b.npz"), "bias", npy(new double[] {0.5, -0.5}, "(2,)", 2));
        assertEquals(List.of("m/net.json"), generator("").run().generated());
        assertEquals(List.of("m/net.json"), generator("").run().upToDate());
        // So does a deleted one (and generation then fails with netjac's message).
        Files.delete(spec.resolveSibling("k.npy"));
        NetjacGenerator.GenerationException e = assertThrows(NetjacGenerator.GenerationException.class,
                () -> generator("").run());
        assertTrue(e.getMessage().contains("\"k.npy\" not found next to the spec"), e.getMessage());
    }

    @Test
    void statusFilesNameInputsRelativeToTheModel() {
        Path spec = dir.resolve("src/m/net.json");
        assertEquals(List.of("k.npy", "sub/w.npz", dir.resolve("elsewhere/x.npy").toString()),
                NetjacGenerator.inputNames(spec, List.of(spec, spec.resolveSibling("k.npy"),
                        spec.resolveSibling("sub/w.npz"), dir.resolve("elsewhere/x.npy"))));
    }

    /** A TF.js layers model (model.json + one shard): Dense 3 -> 2, tanh, saved as TF.js's model.save writes it. */
    private void tfjsModel(String rel, float scale) throws IOException {
        Path json = src(rel);
        Files.createDirectories(json.getParent());
        Files.writeString(json, "{\"format\": \"layers-model\", \"generatedBy\": \"TensorFlow.js tfjs-layers v4.22.0\","
                + " \"convertedBy\": null, \"modelTopology\": {\"class_name\": \"Sequential\", \"keras_version\":"
                + " \"tfjs-layers 4.22.0\", \"backend\": \"tensor_flow.js\", \"config\": {\"name\": \"tiny\", \"layers\": ["
                + "{\"class_name\": \"Dense\", \"config\": {\"units\": 2, \"activation\": \"tanh\", \"use_bias\": true,"
                + " \"name\": \"dense_Dense1\", \"batch_input_shape\": [null, 3]}}]}},"
                + " \"weightsManifest\": [{\"paths\": [\"weights.bin\"], \"weights\": ["
                + "{\"name\": \"dense_Dense1/kernel\", \"shape\": [3, 2], \"dtype\": \"float32\"},"
                + " {\"name\": \"dense_Dense1/bias\", \"shape\": [2], \"dtype\": \"float32\"}]}]}");
        ByteBuffer buf = ByteBuffer.allocate(4 * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 8; i++) {
            buf.putFloat(scale * (i - 3));
        }
        Files.write(json.resolveSibling("weights.bin"), buf.array());
    }

    @Test
    void tfjsModelJsonIsAModelAndItsShardsAreHashed() throws Exception {
        tfjsModel("models/tiny/model.json", 0.25f);
        NetjacGenerator.Result first = generator("").run();
        assertEquals(List.of("models/tiny/model.json"), first.generated());
        assertTrue(Files.isRegularFile(dir.resolve("gen-src/models/tiny/Tiny.java")));
        assertTrue(Files.isRegularFile(dir.resolve("gen-res/models/tiny/Tiny.weights")));
        assertEquals(List.of("models/tiny/model.json"), generator("").run().upToDate());
        // Other JSON beside it (a Teachable Machine export's metadata.json, a weights manifest) is no model.
        Files.writeString(src("models/tiny/metadata.json"), "{\"tfjsVersion\": \"4.22.0\", \"labels\": [\"a\", \"b\"]}");
        Files.writeString(src("models/tiny/weights_manifest.json"), "[{\"paths\": [], \"weights\": []}]");
        assertEquals(List.of("models/tiny/model.json"), generator("").run().upToDate());
        assertTrue(log.contains("netjac: skipped models/tiny/metadata.json: not a model (no \"netjac\" or \"modelTopology\" key)"),
                log.toString());

        // The shard is an input: new weights (same size) regenerate the model.
        tfjsModel("models/tiny/model.json", 0.5f);
        assertEquals(List.of("models/tiny/model.json"), generator("").run().generated());
        // A missing shard fails with netjac's message.
        Files.delete(src("models/tiny/weights.bin"));
        NetjacGenerator.GenerationException e = assertThrows(NetjacGenerator.GenerationException.class,
                () -> generator("").run());
        assertTrue(e.getMessage().contains("shard \"weights.bin\" not found next to model.json"), e.getMessage());
    }

    @Test
    void kerasH5AndKerasArchivesAreDiscoveredAndWeightsOnlyFilesSkipped() throws Exception {
        Path fixtures = Path.of("../generator/src/test/resources/keras");
        Files.createDirectories(src("models/keras"));
        Files.copy(fixtures.resolve("mlp_float64.h5"), src("models/keras/mlp.h5"));
        Files.copy(fixtures.resolve("cnn_float32.keras"), src("models/keras/cnn.keras"));
        // beside them: weights saved with model.save_weights (no model_config) and an .npz, which are no models
        Files.copy(fixtures.resolve("errors/weights_only.h5"), src("models/keras/weights.h5"));
        NetjacGenerator defaults = new NetjacGenerator(dir.resolve("src"), dir.resolve("gen-src"), dir.resolve("gen-res"),
                dir.resolve("status"), null, List.of(), "", "test-1", log::add, s -> { });
        NetjacGenerator.Result first = defaults.run();
        assertEquals(List.of("models/keras/cnn.keras", "models/keras/mlp.h5"), first.generated());
        assertTrue(log.contains("netjac: skipped models/keras/weights.h5: not a model (an HDF5 file without Keras's"
                + " model_config)"), log.toString());
        assertEquals(List.of("models/keras/cnn.keras", "models/keras/mlp.h5"), defaults.run().upToDate());
    }

    @Test
    void everyShardOfATfjsModelIsAnInputAndNothingElse() throws Exception {
        tfjsModel("models/tiny/model.json", 0.25f);
        // Split the one shard in two, and name a file that exists in a field that is no shard list.
        Path json = src("models/tiny/model.json");
        byte[] shard = Files.readAllBytes(json.resolveSibling("weights.bin"));
        Files.write(json.resolveSibling("group1-shard1of2.bin"), java.util.Arrays.copyOfRange(shard, 0, 16));
        Files.write(json.resolveSibling("group1-shard2of2.bin"), java.util.Arrays.copyOfRange(shard, 16, 32));
        Files.writeString(json, Files.readString(json).replace("\"paths\": [\"weights.bin\"]",
                "\"paths\": [\"group1-shard1of2.bin\", \"group1-shard2of2.bin\"]").replace("\"convertedBy\": null",
                "\"convertedBy\": \"weights.bin\""));
        assertEquals(List.of("models/tiny/model.json"), generator("").run().generated());
        assertEquals(List.of("input group1-shard1of2.bin", "input group1-shard2of2.bin"), inputLines("models/tiny/model.json"));
        Files.write(json.resolveSibling("weights.bin"), new byte[32]);
        assertEquals(List.of("models/tiny/model.json"), generator("").run().upToDate());
        shard[20] ^= 1;
        Files.write(json.resolveSibling("group1-shard2of2.bin"), java.util.Arrays.copyOfRange(shard, 16, 32));
        assertEquals(List.of("models/tiny/model.json"), generator("").run().generated());
    }

    // ---------------------------------------------------------------- files outside the model's folder

    @Test
    void changeDetectionNeverOpensFilesTheReaderWouldRefuse() throws Exception {
        npyModel("m/a.json", "Alpha", 0.1);
        Path secret = Files.createDirectories(dir.resolve("outside")).resolve("secret.bin");
        Files.writeString(secret, "first");
        NetjacGenerator g = generator("");
        // A tampered status file naming files outside: their bytes never enter the hash (so they were not read).
        List<String> names = List.of("../../outside/secret.bin", secret.toString(), "/etc/shadow");
        String before = g.hash(src("m/a.json"), "m", names);
        Files.writeString(secret, "second");
        assertEquals(before, g.hash(src("m/a.json"), "m", names));
        // With <allowOutside> the same names are read.
        NetjacGenerator open = generator("").allowOutside(true);
        String allowed = open.hash(src("m/a.json"), "m", names);
        Files.writeString(secret, "third");
        assertFalse(allowed.equals(open.hash(src("m/a.json"), "m", names)));
    }

    @Test
    void weightFileSwappedForASymlinkOutIsRefusedNotHashed() throws Exception {
        npyModel("m/a.json", "Alpha", 0.1);
        assertEquals(List.of("m/a.json"), generator("").run().generated());
        Path kernel = src("m/alpha_w.npy");
        Path outside = Files.createDirectories(dir.resolve("outside")).resolve("same.npy");
        Files.move(kernel, outside);
        Files.createSymbolicLink(kernel, outside);
        NetjacGenerator.GenerationException e = assertThrows(NetjacGenerator.GenerationException.class,
                () -> generator("").run());
        assertTrue(e.getMessage().contains("\"alpha_w.npy\" is a symbolic link"), e.getMessage());
        // Allowed, the link's bytes are what was generated from: up to date.
        assertEquals(List.of("m/a.json"), generator("").allowOutside(true).run().upToDate());
    }

    @Test
    void modelFileLinkedFromOutsideTheSourceFolderIsRefusedUnread() throws Exception {
        npyModel("m/a.json", "Alpha", 0.1);
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.move(src("m/a.json"), elsewhere.resolve("a.json"));
        Files.createSymbolicLink(src("m/a.json"), elsewhere.resolve("a.json"));
        NetjacGenerator.GenerationException e = assertThrows(NetjacGenerator.GenerationException.class,
                () -> generator("").run());
        assertTrue(e.getMessage().startsWith("netjac: m/a.json is a symbolic link"), e.getMessage());
        assertTrue(e.getMessage().contains("<allowOutside>"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("gen-src/m/Alpha.java")));
    }
}
