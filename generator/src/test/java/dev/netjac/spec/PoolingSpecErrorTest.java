package dev.netjac.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.NetjacException;
import dev.netjac.graph.Graph;
import dev.netjac.layers.AveragePooling;
import dev.netjac.layers.GlobalPooling;
import dev.netjac.layers.MaxPooling;
import dev.netjac.layers.PoolGeometry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pooling layers in specs: the fields are read as documented in docs/layers-pooling.md, and every bad
 * value is a one-line {@link NetjacException} that starts with the spec path, names the layer and says what
 * was expected and what was found (the style of {@link SpecErrorTest}).
 */
class PoolingSpecErrorTest {
    @TempDir
    Path dir;

    /** A spec with input {@code shape} (JSON array text) and one layer (single-quoted JSON). */
    private Path spec(String shape, String layer) throws IOException {
        Path file = dir.resolve("model.json");
        String text = "{'netjac': 1, 'input': {'shape': " + shape + "}, 'layers': [" + layer + "]}";
        Files.writeString(file, text.replace('\'', '"'), StandardCharsets.UTF_8);
        return file;
    }

    private Graph reads(String shape, String layer) throws IOException {
        return SpecReader.read(spec(shape, layer), ReadOptions.defaults());
    }

    private String fails(String shape, String layer, String... parts) throws IOException {
        Path file = spec(shape, layer);
        NetjacException e = assertThrows(NetjacException.class, () -> SpecReader.read(file, ReadOptions.defaults()));
        String message = e.getMessage();
        assertFalse(message.contains("\n") || message.contains("\r"), "message has a line break: " + message);
        assertTrue(message.startsWith(file + ": layers[0] ("), "message should name the spec and the layer: " + message);
        for (String part : parts) {
            assertTrue(message.contains(part), "message should contain [" + part + "]: " + message);
        }
        return message;
    }

    // ---------------------------------------------------------------- what is accepted

    @Test
    void defaultsArePoolTwoStridesEqualToPoolValidPadding() throws IOException {
        MaxPooling max = (MaxPooling) reads("[5, 7, 3]", "{'type': 'max_pooling2d'}").layers().get(0);
        PoolGeometry g = max.geometry();
        assertEquals(2, g.poolHeight());
        assertEquals(2, g.poolWidth());
        assertEquals(2, g.strideHeight());
        assertEquals(2, g.strideWidth());
        assertFalse(g.same());
        assertArrayEquals(new int[] {2, 3, 3}, max.outputShape());
        AveragePooling avg = (AveragePooling) reads("[7, 2]", "{'type': 'average_pooling1d'}").layers().get(0);
        assertArrayEquals(new int[] {3, 2}, avg.outputShape());
    }

    @Test
    void intsListsNullStridesAndSamePadding() throws IOException {
        MaxPooling max = (MaxPooling) reads("[5, 7, 3]",
                "{'type': 'max_pooling2d', 'name': 'p', 'pool_size': [3, 2], 'strides': null, 'padding': 'same', 'data_format': 'channels_last'}")
                .layers().get(0);
        assertEquals(3, max.geometry().strideHeight());
        assertEquals(2, max.geometry().strideWidth());
        assertArrayEquals(new int[] {2, 4, 3}, max.outputShape());
        AveragePooling avg = (AveragePooling) reads("[9, 1]", "{'type': 'average_pooling1d', 'pool_size': [4], 'strides': 3, 'padding': 'same'}")
                .layers().get(0);
        assertArrayEquals(new int[] {3, 1}, avg.outputShape());
        // out = ceil(9 / 3) = 3; pad = (3 - 1) * 3 + 4 - 9 = 1: none before, one after.
        assertEquals(0, avg.geometry().padLeft());
    }

    @Test
    void globalPoolingKeepdims() throws IOException {
        GlobalPooling flat = (GlobalPooling) reads("[4, 5, 3]", "{'type': 'global_average_pooling2d'}").layers().get(0);
        assertArrayEquals(new int[] {3}, flat.outputShape());
        GlobalPooling kept = (GlobalPooling) reads("[4, 5, 3]", "{'type': 'global_max_pooling2d', 'keepdims': true}").layers().get(0);
        assertArrayEquals(new int[] {1, 1, 3}, kept.outputShape());
        GlobalPooling kept1d = (GlobalPooling) reads("[6, 2]", "{'type': 'global_max_pooling1d', 'keepdims': true}").layers().get(0);
        assertArrayEquals(new int[] {1, 2}, kept1d.outputShape());
    }

    // ---------------------------------------------------------------- what is refused

    @Test
    void wrongInputRank() throws IOException {
        fails("[12]", "{'type': 'max_pooling2d'}",
                "max_pooling2d expects a rank-3 input [height, width, channels], found shape (12,)");
        fails("[6, 2]", "{'type': 'average_pooling2d'}", "found shape (6, 2)", "use average_pooling1d");
        fails("[4, 4, 2]", "{'type': 'max_pooling1d'}", "max_pooling1d expects a rank-2 input [steps, channels]",
                "use max_pooling2d");
        fails("[4]", "{'type': 'global_average_pooling1d'}", "global_average_pooling1d expects a rank-2 input");
        fails("[2, 3, 4, 5]", "{'type': 'global_max_pooling2d'}", "expects a rank-3 input", "found shape (2, 3, 4, 5)");
    }

    @Test
    void poolLargerThanInputWithValidPadding() throws IOException {
        fails("[5, 3, 2]", "{'type': 'max_pooling2d', 'pool_size': [2, 4]}",
                "'pool_size': 4 is larger than the input's width of 3", "valid", "\"padding\": \"same\"");
        fails("[3, 1]", "{'type': 'average_pooling1d', 'pool_size': 4}", "'pool_size': 4 is larger than the input's length of 3");
        // With same padding it is fine: one window of the real cells.
        assertArrayEquals(new int[] {1, 1},
                reads("[3, 1]", "{'type': 'average_pooling1d', 'pool_size': 4, 'padding': 'same', 'strides': 4}").outputShape());
    }

    @Test
    void badPadding() throws IOException {
        fails("[4, 4, 1]", "{'type': 'max_pooling2d', 'padding': 'SAME'}",
                "'padding': expected \"valid\" or \"same\", found \"SAME\"");
        fails("[4, 1]", "{'type': 'max_pooling1d', 'padding': 'causal'}", "found \"causal\"");
        fails("[4, 1]", "{'type': 'max_pooling1d', 'padding': 1}", "'padding': expected a string, found 1");
    }

    @Test
    void nonPositiveOrMalformedSizes() throws IOException {
        fails("[4, 4, 1]", "{'type': 'max_pooling2d', 'pool_size': 0}",
                "'pool_size': expected a positive integer or a list of 2 positive integers, found 0");
        fails("[4, 4, 1]", "{'type': 'average_pooling2d', 'pool_size': [2, -1]}", "'pool_size'[1]: expected a positive integer, found -1");
        fails("[4, 4, 1]", "{'type': 'max_pooling2d', 'strides': [1, 0]}", "'strides'[1]", "found 0");
        fails("[4, 1]", "{'type': 'max_pooling1d', 'strides': -2}", "'strides': expected a positive integer or a list of 1 positive integer, found -2");
        fails("[4, 4, 1]", "{'type': 'max_pooling2d', 'pool_size': [2, 2, 2]}", "'pool_size'", "found a list of 3");
        fails("[4, 4, 1]", "{'type': 'max_pooling2d', 'pool_size': 1.5}", "'pool_size'", "found 1.5");
        fails("[4, 4, 1]", "{'type': 'max_pooling2d', 'pool_size': '2'}", "found \"2\"");
    }

    @Test
    void channelsFirstUnknownFieldsAndBadKeepdims() throws IOException {
        fails("[4, 4, 1]", "{'type': 'max_pooling2d', 'data_format': 'channels_first'}",
                "'data_format': only \"channels_last\" is supported, found \"channels_first\"");
        fails("[4, 4, 1]", "{'type': 'max_pooling2d', 'pool': 2}", "unknown field \"pool\"", "pool_size");
        fails("[4, 4, 1]", "{'type': 'global_max_pooling2d', 'keep_dims': true}", "unknown field \"keep_dims\"", "(did you mean 'keepdims'?)");
        fails("[4, 4, 1]", "{'type': 'global_max_pooling2d', 'pool_size': 2}", "unknown field \"pool_size\"");
        fails("[4, 4, 1]", "{'type': 'global_average_pooling2d', 'keepdims': 'yes'}", "'keepdims': expected true or false");
    }

    @Test
    void typoInTypeSuggestsThePoolingLayer() throws IOException {
        Path file = spec("[4, 4, 1]", "{'type': 'max_pooling_2d'}");
        NetjacException e = assertThrows(NetjacException.class, () -> SpecReader.read(file, ReadOptions.defaults()));
        assertTrue(e.getMessage().contains("did you mean 'max_pooling2d'?"), e.getMessage());
    }
}
