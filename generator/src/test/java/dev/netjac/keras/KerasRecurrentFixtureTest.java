package dev.netjac.keras;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netjac.Netjac;
import dev.netjac.runtime.Network;
import dev.netjac.testing.ExpectedJacobians;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keras 2 .h5 files of recurrent models (LSTM, GRU, SimpleRNN, Bidirectional, weights under their cell scopes;
 * {@code samples/keras-fixtures/make_recurrent_h5.py}, from the TF.js recurrent fixtures' configs and weights)
 * against the same float64 torch references, within 1e-9 of the largest entry.
 */
class KerasRecurrentFixtureTest {
    private static final Path ROOT = Path.of("src", "test", "resources", "keras", "recurrent");

    static List<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(ROOT)) {
            return files.filter(f -> f.toString().endsWith(".h5")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void matchesTheFloat64Reference(Path file) throws IOException {
        String name = file.getFileName().toString().replace(".h5", "");
        JsonNode expected = new ObjectMapper().readTree(ROOT.resolve(name + ".expected.json").toFile());
        Network net = Netjac.load(file);
        for (JsonNode sample : expected.get("samples")) {
            ExpectedJacobians.Result r = ExpectedJacobians.compare(net, sample);
            System.out.printf("%s: max error %.2e (largest entry %.2f)%n", name, r.error(), r.scale());
            assertTrue(r.within(1e-9), name + ": error " + r.error());
        }
    }
}
