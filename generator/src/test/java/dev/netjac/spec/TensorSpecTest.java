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

    // ---------------------------------------------------------------- transpose

    @Test
    void transposePermutesTheShapeAndDefaultsToReversing() throws IOException {
        assertArrayEquals(new int[] {4, 2, 3}, outputShape("[2, 3, 4]", "{'type': 'transpose', 'perm': [2, 0, 1]}"));
        assertArrayEquals(new int[] {4, 3, 2}, outputShape("[2, 3, 4]", "{'type': 'transpose'}"));
        assertArrayEquals(new int[] {4, 2, 3}, outputShape("[2, 3, 4]", "{'type': 'transpose', 'perm': [-1, 0, 1]}"));
    }

    @Test
    void transposeNeedsAPermutationOfTheInputAxes() throws IOException {
        assertContains(fails("[2, 3, 4]", "{'type': 'transpose', 'name': 't', 'perm': [1, 0]}"),
                "transpose \"t\"", "'perm': expected 3 axes, one per axis of the input (2, 3, 4), found 2");
        assertContains(fails("[2, 3, 4]", "{'type': 'transpose', 'perm': [0, 2, 0]}"),
                "'perm': expected a permutation of 0..2, found [0, 2, 0] (axis 0 twice)");
        assertContains(fails("[2, 3]", "{'type': 'transpose', 'perm': [0, 2]}"),
                "'perm'[1]: expected an axis in [-2, 1] of the input (2, 3) (no batch axis), found 2");
        assertContains(fails("[2, 3]", "{'type': 'transpose', 'perm': 'reverse'}"), "'perm': expected an array");
    }

    // ---------------------------------------------------------------- pad, slice, broadcast, patches

    @Test
    void indexMapShapes() throws IOException {
        assertArrayEquals(new int[] {4, 3}, outputShape("[2, 3]", "{'type': 'pad', 'pads': [[1, 1], [0, 0]]}"));
        assertArrayEquals(new int[] {3, 4}, outputShape("[4, 3]", "{'type': 'pad', 'pads': [[-1, 0], [2, -1]], 'mode': 'edge'}"));
        assertArrayEquals(new int[] {2, 3}, outputShape("[4, 6]",
                "{'type': 'slice', 'starts': [null, 0], 'ends': [null, 100], 'steps': [-2, 2]}"));
        assertArrayEquals(new int[] {2, 4, 3}, outputShape("[1, 3]", "{'type': 'broadcast', 'shape': [2, 4, 3]}"));
        assertArrayEquals(new int[] {3, 3, 18}, outputShape("[5, 5, 2]", "{'type': 'patches', 'kernel_size': 3, 'strides': 2,"
                + " 'pads': [[1, 1], [1, 1]]}"));
        assertArrayEquals(new int[] {6, 2}, outputShape("[3, 1]", "{'type': 'patches', 'kernel_size': [2], 'input_dilation': 2,"
                + " 'pads': [[1, 1]], 'pad_value': '-inf'}"));
    }

    @Test
    void padErrorsNameTheFieldAndTheShapes() throws IOException {
        assertContains(fails("[2, 3]", "{'type': 'pad', 'name': 'p', 'pads': [[1, 1]]}"), "pad \"p\"",
                "'pads': expected 2 [before, after] pairs, one per axis of the input (2, 3), found 1");
        assertContains(fails("[2, 3]", "{'type': 'pad', 'pads': [[1, 1], [1]]}"), "'pads'[1]: expected [before, after], two integers");
        assertContains(fails("[2, 3]", "{'type': 'pad', 'pads': [[0, 0], [-2, -1]]}"),
                "'pads'[1]: [-2, -1] leaves 0 of the 3 cells of axis 1 of the input (2, 3), expected at least 1");
        assertContains(fails("[2, 2]", "{'type': 'pad', 'pads': [[9000, 0], [9000, 0]]}"),
                "'pads': the padded output (9002, 9002) has more than 16777216 values");
        assertContains(fails("[2]", "{'type': 'pad', 'pads': [[1, 1]], 'mode': 'wrap'}"),
                "'mode': expected \"constant\", \"reflect\" or \"edge\", found \"wrap\"");
        assertContains(fails("[2]", "{'type': 'pad', 'pads': [[1, 1]], 'mode': 'edge', 'value': 1}"), "'value' given but mode edge");
        assertContains(fails("[2]", "{'type': 'pad', 'pads': [[1, 1]], 'value': '-infinity'}"),
                "'value': expected a number, \"-inf\" or \"inf\", found \"-infinity\"");
    }

    @Test
    void sliceErrorsNameTheAxis() throws IOException {
        assertContains(fails("[4, 5]", "{'type': 'slice', 'name': 's', 'starts': [0], 'ends': [1, 2]}"), "slice \"s\"",
                "'starts': expected 2 entries, one per axis of the input (4, 5), found 1");
        assertContains(fails("[4, 5]", "{'type': 'slice', 'starts': [0, 0], 'ends': [1, 2], 'steps': [1, 0]}"),
                "'steps'[1]: expected a non-zero step, found 0");
        assertContains(fails("[4, 5]", "{'type': 'slice', 'starts': [0, 3], 'ends': [1, 2]}"),
                "axis 1 of the input (4, 5): [3:2:1] selects nothing, expected at least one index");
        assertContains(fails("[4]", "{'type': 'slice', 'starts': [0.5], 'ends': [2]}"), "'starts'[0]: expected an integer or null, found 0.5");
        assertContains(fails("[4]", "{'type': 'slice', 'starts': [0], 'ends': [2], 'steps': [null]}"),
                "'steps'[0]: expected an integer, found null");
    }

    @Test
    void broadcastAndPatchesErrors() throws IOException {
        assertContains(fails("[2, 3]", "{'type': 'broadcast', 'name': 'b', 'shape': [3, 3]}"), "broadcast \"b\"",
                "'shape': the input (2, 3) does not broadcast to (3, 3)");
        assertContains(fails("[2, 3]", "{'type': 'broadcast', 'shape': [3]}"), "does not broadcast to (3,)");
        assertContains(fails("[2, 3]", "{'type': 'broadcast', 'shape': [2, 0]}"), "'shape'[1]: expected an integer in [1,");
        assertContains(fails("[5]", "{'type': 'patches', 'kernel_size': 2}"),
                "expected a channels-last input with 1 to 3 spatial axes, (s1, ..., sk, C), found (5,)");
        assertContains(fails("[3, 2]", "{'type': 'patches', 'kernel_size': 2, 'dilation_rate': 3}"),
                "spatial axis 0 of the input (3, 2): a kernel of 2 with dilation 3 does not fit the 3 cells");
        assertContains(fails("[3, 3, 2]", "{'type': 'patches', 'kernel_size': [2, 2], 'pads': [[1, 1]]}"),
                "'pads': expected 2 [before, after] pairs, one per axis of the input (3, 3), found 1");
        assertContains(fails("[3, 2]", "{'type': 'patches'}"), "missing field 'kernel_size'");
    }

    // ---------------------------------------------------------------- reductions

    @Test
    void reductionShapes() throws IOException {
        assertArrayEquals(new int[] {2, 1}, outputShape("[2, 3]", "{'type': 'reduce_sum', 'axes': [-1]}"));
        assertArrayEquals(new int[] {3}, outputShape("[2, 3, 4]", "{'type': 'reduce_mean', 'axes': [0, 2], 'keepdims': false}"));
        assertArrayEquals(new int[] {1, 1}, outputShape("[2, 3]", "{'type': 'reduce_max'}"));
        assertArrayEquals(new int[] {1}, outputShape("[2, 3]", "{'type': 'reduce_max', 'keepdims': false}"));
    }

    @Test
    void reductionErrors() throws IOException {
        assertContains(fails("[2, 3]", "{'type': 'reduce_mean', 'name': 'm', 'axes': [2]}"), "reduce_mean \"m\"",
                "'axes'[0]: expected an axis in [-2, 1] of the input (2, 3) (no batch axis), found 2");
        assertContains(fails("[2, 3]", "{'type': 'reduce_sum', 'axes': [1, -1]}"),
                "'axes': expected distinct axes, found [1, -1] (axis 1 twice)");
        assertContains(fails("[2, 3]", "{'type': 'reduce_max', 'axes': []}"), "'axes': expected at least one axis, found []");
        assertContains(fails("[2, 3]", "{'type': 'reduce_max', 'axis': 1}"), "unknown field \"axis\"", "did you mean");
    }
}
