package dev.netjac.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netjac.NetjacException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.function.Executable;

/**
 * Access to the fixtures written by {@code make_weight_fixtures.py} and to {@code expected.json}, the exact
 * values numpy computed for them.
 */
final class WeightFixtures {
    private WeightFixtures() {}

    private static JsonNode expected;

    static Path path(String name) {
        URL url = WeightFixtures.class.getResource("/weights/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource weights/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The expected.json subtree for one reader: "npy", "npz" or "safetensors". */
    static synchronized JsonNode expected(String section) {
        if (expected == null) {
            try {
                expected = new ObjectMapper().readTree(path("expected.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return expected.get(section);
    }

    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /** Asserts shape and values bit for bit (NaN equals NaN, but 0.0 differs from -0.0). */
    static void assertTensor(JsonNode expected, Tensor actual, String label) {
        int[] shape = new int[expected.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = expected.get("shape").get(i).intValue();
        }
        assertArrayEquals(shape, actual.shape(), label + ": shape");
        JsonNode values = expected.get("values");
        assertEquals(values.size(), actual.size(), label + ": size");
        for (int i = 0; i < values.size(); i++) {
            int index = i;
            double want = value(values.get(i));
            double got = actual.get(i);
            assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got),
                    () -> label + ": value at flat index " + index + ": expected " + want + ", got " + got);
        }
    }

    private static double value(JsonNode node) {
        if (node.isTextual()) {
            switch (node.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    throw new IllegalArgumentException(node.textValue());
            }
        }
        return node.doubleValue();
    }

    /** Runs {@code action}, asserts it throws a NetjacException containing every part, and returns the message. */
    static String assertFails(Executable action, String... parts) {
        NetjacException e = assertThrows(NetjacException.class, action);
        String message = e.getMessage();
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "message should contain <" + part + ">, was: " + message);
        }
        return message;
    }
}
