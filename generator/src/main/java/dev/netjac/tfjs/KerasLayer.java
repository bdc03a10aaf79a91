package dev.netjac.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import java.util.ArrayList;
import java.util.List;

/**
 * One Keras layer of a model.json: its name, class and config, with readers for config values that fail with
 * {@code <file>: layer "<name>" (<Class>): ...}. Keras writes snake_case keys; older TF.js files may use
 * camelCase, so both spellings are looked up.
 */
final class KerasLayer {
    private final String file;
    private final String name;
    private final String className;
    private final JsonNode config;

    KerasLayer(String file, String name, String className, JsonNode config) {
        this.file = file;
        this.name = name;
        this.className = className;
        this.config = config == null || config.isNull() ? JsonNodeFactory.instance.objectNode() : config;
    }

    String name() {
        return name;
    }

    String className() {
        return className;
    }

    JsonNode config() {
        return config;
    }

    /**
     * The layer a wrapper (Bidirectional, TimeDistributed) holds in option {@code key}, as
     * {@code {"class_name": ..., "config": ...}}: named like the wrapper, so that messages and weight
     * references name the layer the file lists.
     */
    KerasLayer wrapped(String key) {
        JsonNode inner = get(key);
        JsonNode innerClass = inner == null ? null : inner.get("class_name");
        if (innerClass == null || !innerClass.isTextual()) {
            throw error("option " + key + ": expected a layer {\"class_name\": ..., \"config\": ...}, found "
                    + UserText.describe(inner));
        }
        return new KerasLayer(file, name, innerClass.asText(), inner.get("config"));
    }

    /** How messages name this layer: {@code layer "dense_1" (Dense)}. */
    String label() {
        return "layer " + UserText.quote(name) + " (" + UserText.quote(className).replace("\"", "") + ")";
    }

    NetjacException error(String message) {
        return new NetjacException(file + ": " + label() + ": " + message);
    }

    /** An option netjac does not implement: names it, its value and what netjac accepts. */
    NetjacException unsupported(String option, String accepted) {
        return error("option " + option + " = " + UserText.describe(get(option)) + " is not supported; " + accepted);
    }

    /** The value of {@code key} (snake_case), or its camelCase spelling, or null when absent or JSON null. */
    JsonNode get(String key) {
        JsonNode value = config.get(key);
        if (value == null) {
            value = config.get(camelCase(key));
        }
        return value == null || value.isNull() ? null : value;
    }

    boolean has(String key) {
        return get(key) != null;
    }

    String string(String key, String fallback) {
        JsonNode value = get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw error("option " + key + ": expected a string, found " + UserText.describe(value));
        }
        return value.asText();
    }

    boolean bool(String key, boolean fallback) {
        JsonNode value = get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw error("option " + key + ": expected true or false, found " + UserText.describe(value));
        }
        return value.booleanValue();
    }

    double number(String key, double fallback) {
        JsonNode value = get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw error("option " + key + ": expected a finite number, found " + UserText.describe(value));
        }
        return value.doubleValue();
    }

    int integer(String key, int fallback) {
        JsonNode value = get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw error("option " + key + ": expected an integer, found " + UserText.describe(value));
        }
        return value.intValue();
    }

    int requiredInt(String key) {
        if (!has(key)) {
            throw error("missing option " + key);
        }
        return integer(key, 0);
    }

    /**
     * An int-or-list option such as kernel_size, as a list of {@code rank} positive ints (an int or a
     * one-element list is repeated), or null when absent.
     */
    List<Integer> ints(String key, int rank) {
        JsonNode value = get(key);
        if (value == null) {
            return null;
        }
        List<Integer> out = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode v : value) {
                out.add(positive(key, v));
            }
            if (out.size() == 1 && rank > 1) {
                while (out.size() < rank) {
                    out.add(out.get(0));
                }
            }
        } else {
            int v = positive(key, value);
            for (int i = 0; i < rank; i++) {
                out.add(v);
            }
        }
        if (out.size() != rank) {
            throw error("option " + key + ": expected " + rank + " values, found " + UserText.describe(value));
        }
        return out;
    }

    private int positive(String key, JsonNode v) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
            throw error("option " + key + ": expected positive integers, found " + UserText.describe(get(key)));
        }
        return v.intValue();
    }

    /**
     * An axis option counted as Keras counts it, with the batch dimension, converted to netjac's numbering
     * without it: k > 0 becomes k - 1, negative axes count from the end and stay; 0 (the batch) is refused.
     * A one-element list (Keras 2's BatchNormalization writes {@code [3]}) is that element.
     */
    Integer axis(String key) {
        JsonNode value = get(key);
        if (value == null) {
            return null;
        }
        if (value.isArray() && value.size() == 1) {
            value = value.get(0);
        }
        return convertAxis(key, value);
    }

    /** A list-or-int axis option (LayerNormalization's), each axis converted as {@link #axis}. */
    List<Integer> axes(String key) {
        JsonNode value = get(key);
        if (value == null) {
            return null;
        }
        List<Integer> out = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode v : value) {
                out.add(convertAxis(key, v));
            }
        } else {
            out.add(convertAxis(key, value));
        }
        return out;
    }

    private int convertAxis(String key, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw error("option " + key + ": expected an integer axis, found " + UserText.describe(get(key)));
        }
        int axis = value.intValue();
        if (axis == 0) {
            throw error("option " + key + " = " + UserText.describe(get(key))
                    + " is the batch axis; netjac evaluates one example at a time, expected an axis >= 1 or < 0");
        }
        return axis > 0 ? axis - 1 : axis;
    }

    /** Refuses data_format channels_first (netjac stores images channels-last, [H, W, C]). */
    void requireChannelsLast() {
        String format = string("data_format", "channels_last");
        if (!format.equals("channels_last") && !format.equals("channelsLast")) {
            throw unsupported("data_format", "expected \"channels_last\" (netjac stores images as [H, W, C])");
        }
    }

    static String camelCase(String snake) {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }
}
