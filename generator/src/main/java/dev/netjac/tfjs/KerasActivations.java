package dev.netjac.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keras activation names (as {@code activation} options of Dense, Conv and Activation layers write them)
 * mapped to netjac spec layer types. TF.js writes its camelCase names in snake_case ({@code hardSigmoid} →
 * {@code hard_sigmoid}, {@code logSoftmax} → {@code log_softmax}).
 */
final class KerasActivations {
    private KerasActivations() {}

    /** Keras 2 and TF.js names → netjac types; the few that differ in Keras 3 are handled in {@link #specType}. */
    private static final Map<String, String> TYPES = new TreeMap<>();

    static {
        for (String same : List.of("linear", "relu", "relu6", "elu", "selu", "sigmoid", "hard_sigmoid", "tanh",
                "softplus", "softsign", "swish", "mish", "exponential", "gelu", "softmax", "log_softmax")) {
            TYPES.put(same, same);
        }
        TYPES.put("silu", "swish");
        TYPES.put("gelu_new", "gelu_tanh"); // TF.js's tanh approximation
        TYPES.put("leaky_relu", "leaky_relu"); // Keras 3 function, negative_slope 0.2 (netjac's default alpha)
    }

    /**
     * The netjac layer type for activation option {@code key} of {@code layer} ({@code linear} when absent);
     * {@code softmax} and {@code log_softmax} are layer types of their own over the last axis.
     */
    static String specType(KerasLayer layer, String key, boolean keras3) {
        JsonNode value = layer.get(key);
        if (value == null) {
            return "linear";
        }
        String name;
        if (value.isTextual()) {
            name = value.asText();
        } else if (value.isObject() && value.path("config").isTextual()) {
            // Keras 3 may serialize a built-in activation as {"module": ..., "class_name": "function", "config": "relu"}.
            name = value.get("config").asText();
        } else {
            throw layer.unsupported(key, "expected the name of a built-in activation such as \"relu\"");
        }
        // Early TF.js versions wrote their own camelCase names (hardSigmoid, logSoftmax) unconverted.
        String type = TYPES.get(name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT));
        if (type == null) {
            throw layer.unsupported(key, "expected one of " + String.join(", ", TYPES.keySet()));
        }
        if (keras3 && type.equals("hard_sigmoid")) {
            // Keras 3 redefined hard_sigmoid as relu6(x + 3) / 6; Keras 2 and TF.js use clip(0.2x + 0.5, 0, 1).
            return "hard_sigmoid_relu6";
        }
        return type;
    }
}
