package dev.netjac.keras;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.NetjacException;
import dev.netjac.spec.ReadOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and hostile Keras files (the {@code errors/} fixtures of make_fixtures.py, each one change away from
 * mlp_float64.h5, and archives built here) are refused with one-line messages naming the file and what is wrong.
 */
class KerasErrorTest {
    static final Path ERRORS = KerasFixtureTest.FIXTURES.resolve("errors");

    @TempDir
    Path dir;

    private static String fails(Path model) {
        NetjacException e = assertThrows(NetjacException.class, () -> Netjac.read(model, ReadOptions.defaults()));
        String m = e.getMessage();
        assertTrue(m.startsWith(model.toString() + ": "), m);
        assertFalse(m.contains("\n"), m);
        return m;
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
        }
    }

    @Test
    void truncatedH5() {
        assertContains(fails(ERRORS.resolve("truncated.h5")), "truncated or damaged");
    }

    @Test
    void missingWeightNamesTheLayerAndTheDataset() {
        assertContains(fails(ERRORS.resolve("missing_weight.h5")), "layer \"dense_1\" (Dense)", "dense_1/kernel:0",
                "holds no such dataset");
    }

    @Test
    void datasetClaimingFarMoreThanTheLayerExpectsIsRefusedBeforeReading() {
        assertContains(fails(ERRORS.resolve("lying_size.h5")), "layer \"dense_2\" (Dense)", "dense_2/dense_2/kernel:0",
                "claims shape (100000, 3) float64", "far more than the expected", "refused before decoding");
        assertContains(fails(ERRORS.resolve("compressed_bomb.h5")), "claims shape (2000000, 3)", "refused before decoding");
    }

    @Test
    void datasetClaimingMoreThanTheFileHoldsIsRefusedBeforeReading() {
        assertContains(fails(ERRORS.resolve("unstored_weight.h5")), "dense_2/dense_2/kernel:0", "claims shape (6, 3)",
                "144 bytes", "holds 0 bytes for it", "truncated or damaged");
    }

    @Test
    void wrongShapeIsTheSpecReadersMessageNamingTheKerasLayer() {
        assertContains(fails(ERRORS.resolve("wrong_shape.h5")), "layer \"dense_2\" (Dense)", "(6, 4)", "(6, 3)");
    }

    @Test
    void weightsOnlyFileSaysHowToSaveTheModel() {
        assertContains(fails(ERRORS.resolve("weights_only.h5")), "without the root attribute model_config",
                "model.save(\"model.keras\")");
    }

    private Path zip(String name, String[] entries, byte[][] contents) throws IOException {
        Path path = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(path))) {
            for (int i = 0; i < entries.length; i++) {
                zip.putNextEntry(new ZipEntry(entries[i]));
                zip.write(contents[i]);
                zip.closeEntry();
            }
        }
        return path;
    }

    /** The members of a good archive, to which a test adds or changes one. */
    private static byte[] member(String name) throws IOException {
        try (ZipFile zip = new ZipFile(KerasFixtureTest.FIXTURES.resolve("mlp_float64.keras").toFile())) {
            return zip.getInputStream(zip.getEntry(name)).readAllBytes();
        }
    }

    @Test
    void zipSlipEntryIsRefused() throws IOException {
        for (String evil : new String[] {"../evil.txt", "/etc/evil", "a/../../evil", "C:/evil", "a\\..\\evil"}) {
            Path model = zip("slip.keras", new String[] {"config.json", "metadata.json", "model.weights.h5", evil},
                    new byte[][] {member("config.json"), member("metadata.json"), member("model.weights.h5"), new byte[1]});
            assertContains(fails(model), "zip entry", "unsafe name");
        }
    }

    @Test
    void zipEntryClaimingMoreThanTheLimitIsRefusedBeforeInflating() throws IOException {
        Path model = dir.resolve("bomb.keras");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(model))) {
            zip.putNextEntry(new ZipEntry("config.json"));
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i <= KerasArchive.MAX_JSON_BYTES >> 20; i++) {
                zip.write(spaces);
            }
            zip.closeEntry();
        }
        assertTrue(Files.size(model) < 1 << 20, "the archive itself is small");
        assertContains(fails(model), "zip entry \"config.json\" claims " + ((KerasArchive.MAX_JSON_BYTES >> 20) + 1 << 20)
                + " bytes, more than the " + KerasArchive.MAX_JSON_BYTES);
    }

    @Test
    void archiveWithoutWeightsOrConfig() throws IOException {
        Path noWeights = zip("noweights.keras", new String[] {"config.json", "metadata.json"},
                new byte[][] {member("config.json"), member("metadata.json")});
        assertContains(fails(noWeights), "no model.weights.h5");
        Path npz = zip("weights.npz", new String[] {"w.npy"}, new byte[][] {new byte[8]});
        assertContains(fails(npz), "without config.json", "a .npz holds weights");
    }

    @Test
    void keras3VariableMissingFromVars() throws IOException {
        // the weights of another model: layer names exist but hold the wrong number of variables
        Path model = zip("swapped.keras", new String[] {"config.json", "metadata.json", "model.weights.h5"},
                new byte[][] {member("config.json"), member("metadata.json"), cnnWeights()});
        assertContains(fails(model), "dense");
    }

    private static byte[] cnnWeights() throws IOException {
        try (ZipFile zip = new ZipFile(KerasFixtureTest.FIXTURES.resolve("cnn_float64.keras").toFile())) {
            return zip.getInputStream(zip.getEntry("model.weights.h5")).readAllBytes();
        }
    }

    @Test
    void malformedConfigJsonNamesTheMember() throws IOException {
        Path model = zip("bad.keras", new String[] {"config.json", "metadata.json", "model.weights.h5"},
                new byte[][] {"{\"class_name\": ".getBytes(StandardCharsets.UTF_8), member("metadata.json"), member("model.weights.h5")});
        assertContains(fails(model), "config.json", "malformed JSON");
    }

}
