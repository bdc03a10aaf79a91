package dev.netjac.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.weights.Tensor;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The netjac spec (graph form) being written for an ONNX model, and the weights its layers refer to. Every
 * layer lists its {@code "inputs"}, so layers that end up unused (a pattern that replaced them, a branch the
 * output does not need) can be pruned at the end: the spec reader refuses dead layers.
 */
final class OnnxSpec {
    private final ObjectNode root = JsonNodeFactory.instance.objectNode();
    private final ArrayNode layers;
    private final Map<String, Tensor> weights = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();

    OnnxSpec(String name, String inputName, int[] inputShape) {
        root.put("netjac", 1);
        root.put("name", name);
        ObjectNode input = root.putObject("input");
        input.put("name", inputName);
        ints(input, "shape", inputShape);
        names.add(inputName);
        layers = root.putArray("layers");
    }

    /** Appends a layer of {@code type} reading {@code inputs}, named after the ONNX node. */
    ObjectNode add(String type, OnnxNode node, String... inputs) {
        String name = node.name;
        for (int k = 1; names.contains(name); k++) {
            name = node.name + "/" + type + (k == 1 ? "" : "_" + k);
        }
        names.add(name);
        ObjectNode layer = JsonNodeFactory.instance.objectNode();
        layer.put("type", type);
        layer.put("name", name);
        ArrayNode list = layer.putArray("inputs");
        for (String input : inputs) {
            list.add(input);
        }
        layers.add(layer);
        return layer;
    }

    /** The layer added last. */
    ObjectNode last() {
        return (ObjectNode) layers.get(layers.size() - 1);
    }

    /** Puts a reference to {@code tensor} into {@code field}; {@link OnnxWeights} serves it. */
    void weight(ObjectNode layer, String field, Tensor tensor) {
        String key = layer.get("name").asText() + "/" + field;
        weights.put(key, tensor);
        layer.put(field, key);
    }

    Map<String, Tensor> weights() {
        return weights;
    }

    static void ints(ObjectNode node, String field, int[] values) {
        ArrayNode list = node.putArray(field);
        for (int v : values) {
            list.add(v);
        }
    }

    /** The finished spec: layers not needed for {@code output} removed, and {@code output} last. */
    ObjectNode finish(String output, OnnxNode last) {
        Map<String, ObjectNode> byName = new HashMap<>();
        for (JsonNode layer : layers) {
            byName.put(layer.get("name").asText(), (ObjectNode) layer);
        }
        if (!byName.containsKey(output) || !layers.get(layers.size() - 1).get("name").asText().equals(output)) {
            output = add("identity", last, output).get("name").asText();
            byName.put(output, (ObjectNode) layers.get(layers.size() - 1));
        }
        Set<String> needed = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(output);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            ObjectNode layer = byName.get(name);
            if (layer != null && needed.add(name)) {
                layer.get("inputs").forEach(i -> todo.push(i.asText()));
            }
        }
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        for (JsonNode layer : layers) {
            if (needed.contains(layer.get("name").asText())) {
                kept.add(layer);
            } else {
                weights.keySet().removeIf(k -> k.startsWith(layer.get("name").asText() + "/"));
            }
        }
        root.set("layers", kept);
        return root;
    }
}
