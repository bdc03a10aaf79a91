package dev.netjac.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.NetjacException;
import dev.netjac.graph.Graph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec reading of simple_rnn, lstm and gru: Keras's defaults, and a one-line message naming the layer, the
 * field, what was expected and what was found for bad input. Specs are single-quoted for readability.
 */
class RecurrentSpecTest {
    @TempDir
    Path dir;

    /** An lstm over [2, 1] with 1 unit: kernel (1, 4), recurrent_kernel (1, 4). */
    private static final String KERNELS = "'kernel': [[0.1, 0.2, 0.3, 0.4]], 'recurrent_kernel': [[0.5, 0.6, 0.7, 0.8]]";

    private Path write(String inputShape, String layers) throws IOException {
        Path spec = dir.resolve("model.json");
        Files.writeString(spec, ("{'netjac': 1, 'input': {'shape': " + inputShape + "}, 'layers': [" + layers + "]}").replace('\'', '"'));
        return spec;
    }

    private String fails(String inputShape, String layers) throws IOException {
        Path spec = write(inputShape, layers);
        NetjacException e = assertThrows(NetjacException.class, () -> SpecReader.read(spec, ReadOptions.defaults()));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), "message has a line break: " + m);
        assertTrue(m.startsWith(spec + ": "), "message should start with the spec path: " + m);
        return m;
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message should contain [" + part + "]: " + message);
        }
    }

    @Test
    void kerasDefaults() throws IOException {
        Graph graph = SpecReader.read(write("[2, 1]", "{'type': 'lstm', 'units': 1, 'use_bias': false, " + KERNELS + "}"),
                ReadOptions.defaults());
        assertEquals("lstm 2 x 1 -> 1 (last step), no bias", graph.layers().get(0).summary());
        assertEquals(1, graph.layers().get(0).outputSize());
    }

    @Test
    void needsASequence() throws IOException {
        assertContains(fails("[3]", "{'type': 'gru', 'units': 2}"), "expects an input [steps, features]", "found (3,)");
    }

    @Test
    void kernelShapeIsChecked() throws IOException {
        assertContains(fails("[2, 1]", "{'type': 'lstm', 'units': 2, 'use_bias': false, " + KERNELS + "}"),
                "kernel (inline) has shape (1, 4), expected (1, 8) (Keras layout)");
    }

    @Test
    void biasIsRequiredUnlessUseBiasIsFalse() throws IOException {
        assertContains(fails("[2, 1]", "{'type': 'lstm', 'units': 1, " + KERNELS + "}"), "bias");
        assertContains(fails("[2, 1]", "{'type': 'lstm', 'units': 1, 'use_bias': false, 'bias': [0, 0, 0, 0], " + KERNELS + "}"),
                "'bias' given but 'use_bias' is false");
    }

    @Test
    void gruResetAfterTakesTwoBiasRows() throws IOException {
        String kernels = "'kernel': [[0.1, 0.2, 0.3]], 'recurrent_kernel': [[0.5, 0.6, 0.7]]";
        assertContains(fails("[2, 1]", "{'type': 'gru', 'units': 1, 'bias': [0, 0, 0], " + kernels + "}"),
                "bias (inline) has shape (3,), expected (2, 3) (Keras layout)");
    }

    @Test
    void unknownActivationsAndFieldsAreRefused() throws IOException {
        assertContains(fails("[2, 1]", "{'type': 'lstm', 'units': 1, 'use_bias': false, 'recurrent_activation': 'sparkle', "
                + KERNELS + "}"), "'recurrent_activation': unknown activation \"sparkle\"");
        assertContains(fails("[2, 1]", "{'type': 'simple_rnn', 'units': 1, 'use_bias': false, 'recurrent_activation': 'tanh',"
                + " 'kernel': [[0.1]], 'recurrent_kernel': [[0.5]]}"), "recurrent_activation");
    }
}
