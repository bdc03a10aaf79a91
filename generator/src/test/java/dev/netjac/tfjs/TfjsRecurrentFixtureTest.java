package dev.netjac.tfjs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netjac.Netjac;
import dev.netjac.graph.JacobianMode;
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
 * Recurrent models saved by TensorFlow.js 4.22 (LSTM, GRU, SimpleRNN, Bidirectional in every merge mode,
 * TimeDistributed(Dense); {@code samples/tfjs-fixtures/make_recurrent_fixtures.js}), imported from their
 * model.json and compiled in both Jacobian modes, against the float64 outputs and Jacobians of an independent
 * torch re-implementation of the Keras cells from the saved weights ({@code recurrent_reference.py}, which
 * checks itself against TF.js's own float32 outputs to 1e-5): within 1e-9 of the largest entry.
 */
class TfjsRecurrentFixtureTest {
    private static final Path ROOT = Path.of("src", "test", "resources", "tfjs-recurrent");
    private static final double TOLERANCE = 1e-9;

    static List<Path> fixtures() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void matchesTheFloat64Reference(Path dir) throws IOException {
        JsonNode expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
        for (JacobianMode mode : new JacobianMode[] {JacobianMode.REVERSE, JacobianMode.FORWARD}) {
            Network net = Netjac.load(dir.resolve("model.json"), Netjac.Options.defaults().withJacobianMode(mode));
            for (JsonNode sample : expected.get("samples")) {
                ExpectedJacobians.Result r = ExpectedJacobians.compare(net, sample);
                System.out.printf("%s %s: max error %.2e (largest entry %.2f)%n", dir.getFileName(), mode, r.error(), r.scale());
                assertTrue(r.within(TOLERANCE), dir.getFileName() + " " + mode + ": error " + r.error());
            }
        }
    }
}
