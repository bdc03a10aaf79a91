package dev.netjac.weights;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns weights written inline in a JSON spec (a flat array, or nested arrays like {@code [[1, 2], [3, 4]]})
 * into a {@link Tensor}, so that small networks need no separate weight files.
 *
 * <p>The shape is taken from the nesting; every sub-array must have the same length as its first sibling.
 * Messages name the caller's {@code where} and the JSON path of the offending element, e.g.
 * {@code layers[0].kernel: [1][3]: expected a number, found "abc"}.
 */
public final class InlineArrays {
    private InlineArrays() {}

    /**
     * Converts {@code node}, which must be a non-empty, non-ragged array of numbers nested to any depth.
     * NaN and infinities (if the JSON parser was configured to allow them) are kept as they are.
     */
    public static Tensor fromJson(JsonNode node, String where) {
        if (node == null || !node.isArray()) {
            throw new NetjacException(where + ": expected an array of numbers, found " + UserText.describe(node));
        }
        List<Integer> dims = new ArrayList<>();
        StringBuilder path = new StringBuilder();
        long count = 1;
        for (JsonNode first = node; first.isArray(); first = first.get(0)) {
            if (first.size() == 0) {
                throw fail(where, path.toString(), "expected a non-empty array, found []");
            }
            dims.add(first.size());
            count *= first.size();
            if (count > Npy.MAX_ELEMENTS) {
                throw fail(where, "", "expected at most " + Npy.MAX_ELEMENTS + " numbers (Npy.MAX_ELEMENTS), found more");
            }
            path.append("[0]");
        }
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        double[] values = new double[(int) count];
        fill(node, shape, 0, new StringBuilder(), values, new int[1], where);
        return Tensor.of(shape, values);
    }

    private static void fill(JsonNode node, int[] shape, int depth, StringBuilder path, double[] values, int[] next,
            String where) {
        if (depth == shape.length) {
            if (!node.isNumber()) {
                throw fail(where, path.toString(), "expected a number, found " + UserText.describe(node));
            }
            values[next[0]++] = node.doubleValue();
            return;
        }
        if (!node.isArray() || node.size() != shape[depth]) {
            String p = path.toString();
            String model = "[0]".repeat(depth); // the array the shape was taken from
            String like = p.equals(model) ? "" : " like " + model;
            throw fail(where, p, "expected an array of " + elements(shape[depth]) + like + ", found "
                    + (node.isArray() ? "an array of " + elements(node.size()) : UserText.describe(node)));
        }
        int mark = path.length();
        for (int i = 0; i < node.size(); i++) {
            path.append('[').append(i).append(']');
            fill(node.get(i), shape, depth + 1, path, values, next, where);
            path.setLength(mark);
        }
    }

    private static String elements(int n) {
        return n == 1 ? "1 element" : n + " elements";
    }

    private static NetjacException fail(String where, String path, String detail) {
        return new NetjacException(where + ": " + (path.isEmpty() ? "" : path + ": ") + detail);
    }
}
