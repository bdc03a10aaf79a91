package dev.netjac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netjac.spec.ReadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Netjac#readSource} reports exactly the files the readers opened: what the Maven plugin hashes. */
class ModelSourceTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");
    static final Path TFJS = Path.of("src/test/resources/tfjs");

    @TempDir
    Path dir;

    private static List<Path> absolute(Path folder, String... names) {
        List<Path> files = new ArrayList<>();
        for (String name : names) {
            files.add(folder.resolve(name).toAbsolutePath().normalize());
        }
        return files;
    }

    @Test
    void aSpecReportsItselfAndItsWeightFilesInTheOrderRead() {
        // The folder also holds x.npy, y.npy and jac.npy, which the spec does not name.
        Path folder = GOLDEN.resolve("n10_deep_mixed");
        ModelSource source = Netjac.readSource(folder.resolve("spec.json"), ReadOptions.defaults());
        assertEquals(absolute(folder, "spec.json", "w0.npy", "b0.npy", "more.npz", "torch.safetensors", "w3.npy", "b3.npy"),
                source.files());
        assertEquals(Netjac.read(folder.resolve("spec.json"), ReadOptions.defaults()).parameterCount(),
                source.graph().parameterCount());
    }

    @Test
    void filesNamedInStringFieldsThatAreNoWeightsAreNotRead() throws Exception {
        Files.write(dir.resolve("x.npy"), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("net.json"), "{\"netjac\": 1, \"name\": \"x.npy\", \"description\": \"x.npy\","
                + " \"input\": {\"shape\": [2], \"name\": \"x.npy\"}, \"layers\": [{\"type\": \"dense\", \"name\": \"y.npy\","
                + " \"units\": 1, \"kernel\": [[1], [2]], \"bias\": [0]}]}");
        assertEquals(absolute(dir, "net.json"), Netjac.readSource(dir.resolve("net.json"), ReadOptions.defaults()).files());
    }

    @Test
    void aTfjsModelReportsItselfAndEveryShardItsManifestLists() throws Exception {
        Path folder = TFJS.resolve("sharded_weights");
        JsonNode manifest = new ObjectMapper().readTree(folder.resolve("model.json").toFile()).get("weightsManifest");
        List<String> expected = new ArrayList<>(List.of("model.json"));
        for (JsonNode group : manifest) {
            group.get("paths").forEach(p -> expected.add(p.asText()));
        }
        assertEquals(4, expected.size(), "the fixture has three shards");
        assertEquals(absolute(folder, expected.toArray(new String[0])),
                Netjac.readSource(folder.resolve("model.json"), ReadOptions.defaults()).files());
    }
}
