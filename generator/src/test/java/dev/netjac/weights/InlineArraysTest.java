package dev.netjac.weights;

import static dev.netjac.weights.WeightFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InlineArraysTest {
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static Tensor read(String text) {
        return InlineArrays.fromJson(json(text), "layers[0].kernel");
    }

    @Test
    void flatArray() {
        Tensor t = read("[1, -2.5, 3e2, 0.1]");
        assertArrayEquals(new int[] {4}, t.shape());
        assertArrayEquals(new double[] {1, -2.5, 300, 0.1}, t.toArray());
    }

    @Test
    void nestedArraysAreRowMajor() {
        Tensor t = read("[[1, 2, 3], [4, 5, 6]]");
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, t.toArray());
        Tensor t3 = read("[[[1], [2]], [[3], [4]], [[5], [6]]]");
        assertArrayEquals(new int[] {3, 2, 1}, t3.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, t3.toArray());
    }

    @Test
    void singleElementAndNumberForms() {
        assertArrayEquals(new int[] {1, 1}, read("[[7]]").shape());
        assertArrayEquals(new double[] {12345678901234567890.0, -0.0, 4.9e-324, 1.7976931348623157e308},
                read("[12345678901234567890, -0.0, 4.9e-324, 1.7976931348623157e308]").toArray());
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(read("[-0.0]").get(0)));
    }

    @Test
    void nanAndInfinityAreKept() {
        Tensor t = read("[NaN, Infinity, -Infinity]");
        assertTrue(Double.isNaN(t.get(0)));
        assertEquals(Double.POSITIVE_INFINITY, t.get(1));
        assertEquals(Double.NEGATIVE_INFINITY, t.get(2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[[1, 2, 3, 4], [1, 2, 3, \"abc\"]]|[1][3]: expected a number, found \"abc\"",
        "[[1, 2, 3], [4, 5]]|[1]: expected an array of 3 elements like [0], found an array of 2 elements",
        "[[1, 2, 3], [4, 5, 6, 7]]|[1]: expected an array of 3 elements like [0], found an array of 4 elements",
        "[[1, 2], 3]|[1]: expected an array of 2 elements like [0], found 3",
        "[[1, 2], [3, [4]]]|[1][1]: expected a number, found [4]",
        "[[[1, 2]], [[3, 4], [5, 6]]]|[1]: expected an array of 1 element like [0], found an array of 2 elements",
        "[[[1, 2]], [[3]]]|[1][0]: expected an array of 2 elements like [0][0], found an array of 1 element",
        "[[[1, 2], [3, 4]], [5, [6, 7]]]|[1][0]: expected an array of 2 elements like [0][0], found 5",
        "[[[1, 2], [3]]]|[0][1]: expected an array of 2 elements like [0][0], found an array of 1 element",
        "[1, true]|[1]: expected a number, found true",
        "[1, null]|[1]: expected a number, found null",
        "[\"1\"]|[0]: expected a number, found \"1\"",
        "[{\"a\": 1}]|[0]: expected a number, found an object",
        "[]|expected a non-empty array, found []",
        "[[]]|[0]: expected a non-empty array, found []",
        "[[[]], [[]]]|[0][0]: expected a non-empty array, found []",
        "5|expected an array of numbers, found 5",
        "\"w1.npy\"|expected an array of numbers, found \"w1.npy\"",
        "{\"shape\": [1]}|expected an array of numbers, found an object",
        "null|expected an array of numbers, found null",
    })
    void rejectsWithTheJsonPath(String json, String expected) {
        assertEquals("layers[0].kernel: " + expected, assertFails(() -> read(json)));
    }

    @Test
    void missingOrNullNode() {
        assertEquals("w: expected an array of numbers, found nothing",
                assertFails(() -> InlineArrays.fromJson(null, "w")));
        assertEquals("w: expected an array of numbers, found nothing",
                assertFails(() -> InlineArrays.fromJson(JsonNodeFactory.instance.missingNode(), "w")));
    }

    @Test
    void longValuesAreAbbreviatedInMessages() {
        String longString = "x".repeat(500);
        String message = assertFails(() -> read("[\"" + longString + "\"]"), "[0]: expected a number, found \"xxx");
        assertTrue(message.length() < 150, message);
    }
}
