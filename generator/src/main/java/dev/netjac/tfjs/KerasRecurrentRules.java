package dev.netjac.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The Keras recurrent layers and their wrappers as spec layers (rules of {@link KerasLayerTranslator}):
 * <ul>
 *   <li>{@code LSTM}, {@code GRU}, {@code SimpleRNN} → {@code lstm}, {@code gru}, {@code simple_rnn}, with the
 *       same options and weights (Keras's layouts are the spec's);</li>
 *   <li>{@code Bidirectional(layer, merge_mode)} → a small graph: the layer, its copy reading the other way
 *       ({@code go_backwards} flipped, weights from {@code backward_<name>}), with {@code return_sequences} a
 *       {@code slice} with step −1 putting the backward outputs back in time order (as Keras does), and the
 *       merge: {@code concatenate} (concat), {@code add} (sum), {@code multiply} (mul), or {@code add}
 *       then {@code affine} scale 0.5 (ave);</li>
 *   <li>{@code TimeDistributed(Dense)} → {@code dense}, which already maps the last axis at every step.</li>
 * </ul>
 * Options that change inference and are not implemented (return_state, stateful, time_major) are refused;
 * dropout, unroll and implementation do not change what an inference call computes and are ignored.
 */
final class KerasRecurrentRules {
    private KerasRecurrentRules() {}

    private static final List<String> MERGE_MODES = List.of("concat", "sum", "mul", "ave");

    /** A plain recurrent layer. */
    static void recurrent(KerasLayer l, KerasLayerTranslator.Out out, String type) {
        write(l, out, out.add(type), l.name(), false);
    }

    /** The options and weight references of recurrent layer {@code l} on {@code node}. */
    private static void write(KerasLayer l, KerasLayerTranslator.Out out, ObjectNode node, String weights, boolean flip) {
        refuse(l, "return_state", "expected false (netjac differentiates the output only)");
        refuse(l, "stateful", "expected false (a stateful layer carries its state from call to call)");
        refuse(l, "time_major", "expected false (inputs are [steps, features])");
        node.put("units", l.requiredInt("units"));
        node.put("activation", activation(l, out, "activation", "tanh"));
        if (!node.get("type").asText().equals("simple_rnn")) {
            node.put("recurrent_activation", activation(l, out, "recurrent_activation", "sigmoid"));
        }
        if (node.get("type").asText().equals("gru")) {
            node.put("reset_after", l.bool("reset_after", true));
        }
        node.put("return_sequences", l.bool("return_sequences", false));
        node.put("go_backwards", l.bool("go_backwards", false) != flip);
        boolean useBias = l.bool("use_bias", true);
        node.put("use_bias", useBias);
        node.put("kernel", TfjsWeights.reference(weights, "kernel"));
        node.put("recurrent_kernel", TfjsWeights.reference(weights, "recurrent_kernel"));
        if (useBias) {
            node.put("bias", TfjsWeights.reference(weights, "bias"));
        }
    }

    private static void refuse(KerasLayer l, String option, String accepted) {
        if (l.bool(option, false)) {
            throw l.unsupported(option, accepted);
        }
    }

    /** A recurrent cell's activation as a spec activation name (elementwise only: no softmax). */
    private static String activation(KerasLayer l, KerasLayerTranslator.Out out, String key, String fallback) {
        if (!l.has(key)) {
            return fallback;
        }
        String type = KerasActivations.specType(l, key, out.keras3);
        if (type.equals("softmax") || type.equals("log_softmax")) {
            throw l.unsupported(key, "expected an elementwise activation");
        }
        return type;
    }

    private static String specType(String className, KerasLayer l) {
        switch (className) {
            case "LSTM":
                return "lstm";
            case "GRU":
                return "gru";
            case "SimpleRNN":
                return "simple_rnn";
            default:
                throw l.error("Bidirectional around " + className + " is not supported; expected LSTM, GRU or SimpleRNN");
        }
    }

    static void bidirectional(KerasLayer l, KerasLayerTranslator.Out out) {
        KerasLayer inner = l.wrapped("layer");
        String type = specType(inner.className(), l);
        if (l.has("backward_layer")) {
            throw l.unsupported("backward_layer", "expected none (netjac builds the backward layer as a copy of the forward one)");
        }
        JsonNode given = l.config().get("merge_mode");
        if (given != null && given.isNull()) {
            throw l.error("option merge_mode = null (two separate outputs) is not supported; expected one of "
                    + String.join(", ", MERGE_MODES));
        }
        String mode = l.string("merge_mode", "concat");
        if (!MERGE_MODES.contains(mode)) {
            throw l.unsupported("merge_mode", "expected one of " + String.join(", ", MERGE_MODES));
        }
        String innerName = innerName(l, inner);
        ObjectNode forward = out.add(type);
        write(inner, out, forward, l.name() + "/forward_" + innerName, false);
        ObjectNode backward = out.add(type, "backward");
        write(inner, out, backward, l.name() + "/backward_" + innerName, true);
        backward.putArray("inputs").add(out.inputs.get(0));
        String backwardName = backward.get("name").asText();
        if (inner.bool("return_sequences", false)) {
            ObjectNode reverse = out.add("slice", "reverse");
            reverse.putArray("inputs").add(backwardName);
            reverse.putArray("starts").addNull().addNull();
            reverse.putArray("ends").addNull().addNull();
            reverse.putArray("steps").add(-1).add(1);
            backwardName = reverse.get("name").asText();
        }
        String mergeType = mode.equals("concat") ? "concatenate" : mode.equals("mul") ? "multiply" : "add";
        ObjectNode merge = out.add(mergeType, mode);
        ArrayNode inputs = merge.putArray("inputs");
        inputs.add(forward.get("name").asText()).add(backwardName);
        if (mode.equals("ave")) {
            out.add("affine", "half").putArray("scale").add(0.5);
        }
    }

    /** The wrapped layer's own name, which its weights are saved under; Keras's default from its class. */
    private static String innerName(KerasLayer l, KerasLayer inner) {
        JsonNode name = inner.get("name");
        if (name == null || !name.isTextual()) {
            throw l.error("option layer: the wrapped layer has no name, which its weights are saved under");
        }
        return name.asText();
    }

    static void timeDistributed(KerasLayer l, KerasLayerTranslator.Out out) {
        KerasLayer inner = l.wrapped("layer");
        if (!inner.className().equals("Dense")) {
            throw l.error("TimeDistributed around " + inner.className() + " is not supported; expected Dense");
        }
        KerasLayerTranslator.dense(inner, out);
    }
}
