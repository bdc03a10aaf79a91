package dev.netjac.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netjac.Netjac;
import dev.netjac.runtime.Network;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The docs/pytorch.md recipe: an nn.Sequential state_dict saved by torch 1.13 as safetensors and as .npy, read
 * through a spec with {@code kernel_layout: out_in} ({@code samples/pytorch-fixtures/make_fixtures.py}); outputs
 * and Jacobians agree within 1e-9 with torch's float64 forward pass and autograd Jacobians.
 */
class PytorchRecipeTest {
    static final Path FIXTURE = Path.of("src/test/resources/pytorch/sequential_mlp");

    @ParameterizedTest
    @ValueSource(strings = {"spec_safetensors.json", "spec_npy.json"})
    void matchesTorchAutograd(String spec) throws IOException {
        Network network = Netjac.load(FIXTURE.resolve(spec));
        JsonNode samples = new ObjectMapper().readTree(FIXTURE.resolve("expected.json").toFile()).get("samples");
        double worst = 0;
        for (JsonNode sample : samples) {
            double[] x = doubles(sample.get("x"));
            double[] want = doubles(sample.get("y"));
            double[] wantJac = doubles(sample.get("jacobian"));
            double[] y = new double[network.outputSize()];
            double[] jac = new double[wantJac.length];
            assertEquals(want.length, y.length);
            assertEquals(network.outputSize() * network.inputSize(), jac.length);
            network.jacobian(x, y, jac);
            for (int i = 0; i < want.length; i++) {
                worst = Math.max(worst, Math.abs(want[i] - y[i]));
            }
            for (int i = 0; i < jac.length; i++) {
                worst = Math.max(worst, Math.abs(wantJac[i] - jac[i]));
            }
        }
        System.out.printf("pytorch recipe %s: worst |netjac - torch| = %.3g%n", spec, worst);
        assertTrue(worst <= 1e-9, spec + ": worst error " + worst);
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).doubleValue();
        }
        return out;
    }
}
