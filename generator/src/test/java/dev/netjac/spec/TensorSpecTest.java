package dev.netjac.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.NetjacException;
import dev.netjac.graph.Graph;
import dev.netjac.layers.Layer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec reading of the tensor layers of docs/layers-tensor.md (affine, the index maps, the reductions): the
 * shapes they produce, and a one-line message naming the layer, the field, what was expected and what was found
 * for every bad input. Specs are single-quoted for readability.
 */
class TensorSpecTest {
    @TempDir
    Path dir;

    private Path write(String inputShape, String layers) throws IOException {
        Path spec = dir.resolve("model.json");
        Files.writeString(spec, ("{'netjac': 1, 'input': {'shape': " + inputShape + "}, 'layers': [" + layers + "]}").replace('\'', '"'));
        return spec;
    }

    private Layer last(String inputShape, String layers) throws IOException {
        Graph graph = SpecReader.read(write(inputShape, layers), ReadOptions.defaults());
        return graph.layers().get(graph.layers().size() - 1);
    }

    private int[] outputShape(String inputShape, String layers) throws IOException {
        return last(inputShape, layers).outputShape();
    }

    private String fails(String inputShape, String layers) throws IOException {
        Path spec = write(inputShape, layers);
        NetjacException e = assertThrows(NetjacException.class, () -> SpecReader.read(spec, ReadOptions.defaults()));
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), "message has a line break: " + m);
        assertTrue(m.startsWith(spec + ": "), "message should start with the spec path: " + m);
        return m;
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message should contain [" + part + "]: " + message);
        }
    }

    // ---------------------------------------------------------------- affine

    @Test
    void affineKeepsTheShapeAndCountsTheGivenWeights() throws IOException {
        Layer layer = last("[2, 3]", "{'type': 'affine', 'scale': [1, 2, 3], 'offset': [0.5]}");
        assertArrayEquals(new int[] {2, 3}, layer.outputShape());
        assertEquals(4, layer.parameterCount());
        double[] y = new double[6];
        layer.forward(new double[] {1, 1, 1, 2, 2, 2}, y);
        assertArrayEquals(new double[] {1.5, 2.5, 3.5, 2.5, 4.5, 6.5}, y);
        assertEquals(1, last("[4]", "{'type': 'affine', 'offset': [2]}").parameterCount());
    }

    @Test
    void affineNeedsAScaleOrAnOffset() throws IOException {
        assertContains(fails("[3]", "{'type': 'affine', 'name': 'scaler'}"), "affine \"scaler\"", "missing field 'scale'",
                "'scale', 'offset' or both");
    }

    @Test
    void affineWeightsMustBroadcastToTheInput() throws IOException {
        assertContains(fails("[2, 3]", "{'type': 'affine', 'name': 'sc', 'scale': [1, 2]}"),
                "affine \"sc\"", "scale (inline) has shape (2,)", "does not broadcast to the input (2, 3)");
        assertContains(fails("[3]", "{'type': 'affine', 'offset': [[1, 2, 3], [4, 5, 6]]}"),
                "offset (inline) has shape (2, 3)", "does not broadcast to the input (3,)");
        assertContains(fails("[3]", "{'type': 'affine', 'offset': [1], 'bias': 2}"), "unknown field \"bias\"");
    }
}
