package dev.netjac.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A JSON object being read field by field, which knows where it is ({@link #where()}, e.g.
 * {@code seed.json: layers[2] (dense "fc2")}) so that every error names the file and the place. After
 * reading, {@link #rejectUnknownFields()} turns a misspelled or unsupported field into an error instead of
 * silently ignoring it.
 */
final class JsonObject {
    private final JsonNode node;
    private final String where;
    private final Set<String> read = new LinkedHashSet<>();

    JsonObject(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new NetjacException(where + ": expected a JSON object, found " + UserText.describe(node));
        }
        this.node = node;
        this.where = where;
    }

    String where() {
        return where;
    }

    NetjacException error(String message) {
        return new NetjacException(where + ": " + message);
    }

    boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    JsonNode raw(String field) {
        read.add(field);
        return node.get(field);
    }

    JsonNode require(String field) {
        read.add(field);
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw missing(field, null);
        }
        return value;
    }

    /**
     * The error for a missing required field, with {@code hint} (may be null) and, when the object has an
     * unread field spelled almost like it (a typo such as {@code "unit"}), that field.
     */
    NetjacException missing(String field, String hint) {
        List<String> unread = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!read.contains(name)) {
                unread.add(name);
            }
        });
        String near = null;
        for (String name : unread) {
            if (UserText.nearest(name, List.of(field)) != null) {
                near = name;
                break;
            }
        }
        return error("missing field '" + field + "'"
                + (near == null ? "" : "; found " + UserText.quote(near) + " (did you mean '" + field + "'?)")
                + (hint == null ? "" : "; " + hint));
    }

    String requireString(String field) {
        JsonNode value = require(field);
        if (!value.isTextual()) {
            throw error("'" + field + "': expected a string, found " + UserText.describe(value));
        }
        return value.asText();
    }

    String optionalString(String field, String fallback) {
        return has(field) ? requireString(field) : markRead(field, fallback);
    }

    int requireInt(String field, int min, int max) {
        JsonNode value = require(field);
        if (!value.isIntegralNumber()) {
            throw error("'" + field + "': expected an integer, found " + UserText.describe(value));
        }
        if (!value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            throw error("'" + field + "': expected an integer in [" + min + ", " + max + "], found " + UserText.describe(value));
        }
        return value.intValue();
    }

    double optionalDouble(String field, double fallback) {
        if (!has(field)) {
            return markRead(field, fallback);
        }
        JsonNode value = require(field);
        if (!value.isNumber()) {
            throw error("'" + field + "': expected a number, found " + UserText.describe(value));
        }
        double v = value.doubleValue();
        if (!Double.isFinite(v)) {
            throw error("'" + field + "': expected a finite number, found " + value.asText());
        }
        return v;
    }

    boolean optionalBoolean(String field, boolean fallback) {
        if (!has(field)) {
            return markRead(field, fallback);
        }
        JsonNode value = require(field);
        if (!value.isBoolean()) {
            throw error("'" + field + "': expected true or false, found " + UserText.describe(value));
        }
        return value.booleanValue();
    }

    JsonObject requireObject(String field) {
        JsonNode value = require(field);
        return new JsonObject(value, where + ": " + field);
    }

    List<JsonNode> requireArray(String field) {
        JsonNode value = require(field);
        if (!value.isArray()) {
            throw error("'" + field + "': expected an array, found " + UserText.describe(value));
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    /**
     * A Keras-style size field: one positive int meaning the same size on every axis, or a list of
     * {@code count} positive ints. {@code fallback} when absent or null (Keras writes {@code "strides": null}
     * for "same as the pool"); a null fallback makes the field required.
     */
    int[] positiveIntOrList(String field, int count, int[] fallback) {
        if (fallback != null && !has(field)) {
            raw(field);
            return fallback.clone();
        }
        JsonNode value = require(field);
        String expected = "expected a positive integer or a list of " + count + " positive integer" + (count == 1 ? "" : "s");
        int[] values = new int[count];
        if (value.isIntegralNumber()) {
            java.util.Arrays.fill(values, positive("'" + field + "'", value, expected));
            return values;
        }
        if (!value.isArray() || value.size() != count) {
            throw error("'" + field + "': " + expected + ", found "
                    + (value.isArray() ? "a list of " + value.size() : UserText.describe(value)));
        }
        for (int i = 0; i < count; i++) {
            values[i] = positive("'" + field + "'[" + i + "]", value.get(i), "expected a positive integer");
        }
        return values;
    }

    /** {@code label} names the value in messages, e.g. {@code 'pool_size'[1]}. */
    private int positive(String label, JsonNode value, String expected) {
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1
                || value.intValue() > Limits.MAX_DIMENSION) {
            throw error(label + ": " + expected + ", found " + UserText.describe(value));
        }
        return value.intValue();
    }

    /** Fails on any field that was never read and is not {@code known}, naming the fields this object understands. */
    void rejectUnknownFields(List<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!read.contains(name) && !known.contains(name)) {
                throw error("unknown field " + UserText.quote(name) + UserText.didYouMean(name, known) + ", expected one of "
                        + String.join(", ", known));
            }
        }
    }

    private <T> T markRead(String field, T fallback) {
        read.add(field);
        return fallback;
    }
}
