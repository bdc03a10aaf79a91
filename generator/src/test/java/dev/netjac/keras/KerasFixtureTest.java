package dev.netjac.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netjac.ModelSource;
import dev.netjac.Netjac;
import dev.netjac.runtime.Network;
import dev.netjac.spec.ReadOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Keras 2 {@code .h5} and Keras 3 {@code .keras} files of {@code src/test/resources/keras}, written with h5py
 * in Keras's own layouts by {@code samples/keras-fixtures/make_fixtures.py}, read and compiled: outputs and
 * Jacobians agree within 1e-9 with the float64 NumPy reference the script computed independently (an explicit
 * product of per-layer Jacobians, with the weights as stored, float32 ones widened exactly).
 */
class KerasFixtureTest {
    static final Path FIXTURES = Path.of("src/test/resources/keras");
    static final double TOLERANCE = 1e-9;
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({"mlp_float32, h5", "mlp_float64, h5", "cnn_float32, h5", "cnn_float64, h5", "residual_float32, h5",
            "residual_float64, h5", "mlp_float16, h5", "mlp_float16, keras", "mlp_float32, keras", "mlp_float64, keras", "cnn_float32, keras", "cnn_float64, keras",
            "residual_float32, keras", "residual_float64, keras"})
    void matchesTheNumpyReference(String name, String extension) throws IOException {
        Path model = FIXTURES.resolve(name + "." + extension);
        ModelSource source = Netjac.readSource(model, ReadOptions.defaults());
        assertEquals(List.of(model.toAbsolutePath().normalize()), source.files(), "the files a build must watch");
        Network network = Netjac.load(model);
        JsonNode samples = JSON.readTree(FIXTURES.resolve(name + ".expected.json").toFile()).get("samples");
        assertTrue(samples.size() > 0);
        double worst = 0;
        for (JsonNode sample : samples) {
            double[] x = doubles(sample.get("x"));
            double[] want = doubles(sample.get("y"));
            double[] wantJac = doubles(sample.get("jacobian"));
            double[] y = new double[network.outputSize()];
            double[] jac = new double[network.outputSize() * network.inputSize()];
            assertEquals(want.length, y.length, name);
            assertEquals(wantJac.length, jac.length, name);
            network.jacobian(x, y, jac);
            for (int i = 0; i < want.length; i++) {
                worst = Math.max(worst, Math.abs(want[i] - y[i]));
            }
            for (int i = 0; i < wantJac.length; i++) {
                worst = Math.max(worst, Math.abs(wantJac[i] - jac[i]));
            }
        }
        System.out.printf("keras fixture %s.%s: worst |netjac - numpy| = %.3g%n", name, extension, worst);
        assertTrue(worst <= TOLERANCE, name + "." + extension + ": worst error " + worst);
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).doubleValue();
        }
        return out;
    }
}
