package dev.netjac.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import dev.netjac.spec.Limits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph of a Keras model as model.json describes it, reduced to what netjac evaluates: the model input,
 * the layer applications ("nodes") the output depends on, in an order where every node comes after its
 * inputs, and the output. Reads both topology wrappings ({@code {class_name, config}} from TF.js's
 * {@code model.save}, {@code {model_config: {class_name, config}}} from {@code tensorflowjs_converter}),
 * Sequential and functional models, and the inbound-node forms of Keras 2 / TF.js
 * ({@code [[["name", node, tensor, {}]]]}) and Keras 3 ({@code [{"args": [keras tensors], "kwargs": {}}]}).
 */
final class KerasTopology {
    /** A tensor: output {@code tensor} of application {@code node} of layer {@code layer}. */
    record TensorRef(String layer, int node, int tensor) {}

    /** One application of a layer to its inputs. */
    record Node(KerasLayer layer, int index, List<TensorRef> inputs) {
        TensorRef output() {
            return new TensorRef(layer.name(), index, 0);
        }
    }

    /**
     * @param name the model's name from its config (may be null)
     * @param kerasVersion e.g. {@code 2.13.1} or {@code tfjs-layers 4.22.0} (may be empty)
     * @param inputName the input layer's name
     * @param inputShape without the batch dimension
     * @param nodes the nodes the output depends on, inputs before users; the last one computes the output
     */
    record Model(String name, String kerasVersion, String inputName, int[] inputShape, List<Node> nodes) {
        /** Keras 3 changed some definitions (hard_sigmoid); TF.js and Keras 2 share the old ones. */
        boolean isKeras3() {
            return kerasVersion.startsWith("3.");
        }
    }

    private final String file;

    private KerasTopology(String file) {
        this.file = file;
    }

    static Model read(JsonNode topology, String file) {
        return new KerasTopology(file).read(topology);
    }

    private NetjacException error(String message) {
        return new NetjacException(file + ": " + message);
    }

    private Model read(JsonNode topology) {
        if (topology == null || !topology.isObject()) {
            throw error("'modelTopology': expected a Keras model object, found " + UserText.describe(topology));
        }
        if (topology.has("node") || topology.has("versions")) {
            throw graphModel();
        }
        String kerasVersion = topology.path("keras_version").asText("");
        JsonNode model = topology.has("model_config") ? topology.get("model_config") : topology;
        if (!model.isObject() || !model.path("class_name").isTextual()) {
            throw error("'modelTopology': expected {\"class_name\": ..., \"config\": ...} or {\"model_config\": {...}},"
                    + " found " + (model.isObject() ? "an object without class_name" : UserText.describe(model)));
        }
        String className = model.get("class_name").asText();
        JsonNode config = model.path("config");
        switch (className) {
            case "Sequential":
                return sequential(config, kerasVersion);
            case "Model":
            case "Functional":
                return functional(config, kerasVersion);
            default:
                throw error("'modelTopology': model class " + UserText.quote(className)
                        + " is not supported; expected Sequential, Model or Functional");
        }
    }

    private NetjacException graphModel() {
        return error("a TensorFlow.js graph model (converted from a SavedModel or frozen graph); netjac reads Keras"
                + " layers models (\"format\": \"layers-model\"): convert a Keras model with"
                + " tensorflowjs_converter --input_format keras, or save it with model.save in TF.js");
    }

    // ---------------------------------------------------------------- Sequential

    private Model sequential(JsonNode config, String kerasVersion) {
        // Keras 2.2 wrote a Sequential's config as the bare list of layers.
        JsonNode layerList = config.isArray() ? config : config.path("layers");
        if (!layerList.isArray() || layerList.isEmpty()) {
            throw error("Sequential model: expected a non-empty 'layers' list, found " + UserText.describe(layerList));
        }
        List<KerasLayer> layers = new ArrayList<>();
        for (int i = 0; i < layerList.size(); i++) {
            layers.add(layer(layerList.get(i), "layers[" + i + "]"));
        }
        String inputName = "input";
        int[] inputShape = null;
        int first = 0;
        if (layers.get(0).className().equals("InputLayer")) {
            inputName = layers.get(0).name();
            inputShape = inputShape(layers.get(0));
            first = 1;
        } else if (batchShape(layers.get(0)) != null) {
            inputShape = inputShape(layers.get(0));
        } else if (config.path("build_input_shape").isArray()) {
            inputShape = dims(config.get("build_input_shape"), "Sequential model: build_input_shape");
        } else {
            throw error(layers.get(0).label() + ": the first layer of a Sequential model has no batch_input_shape;"
                    + " netjac needs the input shape (build the model with an inputShape before saving)");
        }
        if (first == layers.size()) {
            throw error("Sequential model: no layers after the input");
        }
        checkLayerCount(layers.size());
        List<Node> nodes = new ArrayList<>();
        TensorRef previous = new TensorRef(inputName, 0, 0);
        Set<String> names = new HashSet<>();
        names.add(inputName);
        for (int i = first; i < layers.size(); i++) {
            KerasLayer layer = layers.get(i);
            if (layer.className().equals("InputLayer")) {
                throw error(layer.label() + ": an InputLayer after the first layer; expected one input");
            }
            if (!names.add(layer.name())) {
                throw error(layer.label() + ": duplicate layer name; Keras layer names are unique within a model");
            }
            Node node = new Node(layer, 0, List.of(previous));
            nodes.add(node);
            previous = node.output();
        }
        return new Model(modelName(config), kerasVersion, inputName, inputShape, nodes);
    }

    // ---------------------------------------------------------------- functional

    private Model functional(JsonNode config, String kerasVersion) {
        JsonNode layerList = config.path("layers");
        if (!layerList.isArray() || layerList.isEmpty()) {
            throw error("functional model: expected a non-empty 'layers' list, found " + UserText.describe(layerList));
        }
        checkLayerCount(layerList.size());
        Map<String, KerasLayer> layers = new LinkedHashMap<>();
        Map<String, List<List<TensorRef>>> inbound = new HashMap<>();
        for (int i = 0; i < layerList.size(); i++) {
            JsonNode entry = layerList.get(i);
            KerasLayer layer = layer(entry, "layers[" + i + "]");
            if (layers.putIfAbsent(layer.name(), layer) != null) {
                throw error(layer.label() + ": duplicate layer name; Keras layer names are unique within a model");
            }
            inbound.put(layer.name(), inboundNodes(layer, entry.path("inbound_nodes")));
        }
        List<TensorRef> inputs = endpoints(config, "input_layers");
        List<TensorRef> outputs = endpoints(config, "output_layers");
        if (inputs.size() != 1) {
            throw error("the model has " + inputs.size() + " inputs " + names(inputs)
                    + "; netjac differentiates functions of one input, expected exactly one");
        }
        if (outputs.size() != 1) {
            throw error("the model has " + outputs.size() + " outputs " + names(outputs)
                    + "; netjac differentiates functions with one output, expected exactly one (build a model per output)");
        }
        TensorRef input = inputs.get(0);
        KerasLayer inputLayer = layers.get(input.layer());
        if (inputLayer == null || !inputLayer.className().equals("InputLayer")) {
            throw error("input_layers names " + UserText.quote(input.layer())
                    + (inputLayer == null ? ", which is not a layer of the model" : ", a " + inputLayer.className()
                    + " layer") + "; expected an InputLayer");
        }
        Model model = new Model(modelName(config), kerasVersion, inputLayer.name(), inputShape(inputLayer),
                order(layers, inbound, input, outputs.get(0)));
        if (model.nodes().isEmpty()) {
            throw error("the model's output is its input; expected at least one layer between them");
        }
        return model;
    }

    /** Depth-first from the output, so that only what the output needs is kept, each node after its inputs. */
    private List<Node> order(Map<String, KerasLayer> layers, Map<String, List<List<TensorRef>>> inbound,
            TensorRef input, TensorRef output) {
        List<Node> ordered = new ArrayList<>();
        Set<TensorRef> done = new HashSet<>();
        Set<TensorRef> active = new HashSet<>();
        // An explicit stack: a deep model must not overflow the Java stack.
        List<Object[]> stack = new ArrayList<>();
        stack.add(new Object[] {key(output, layers), null});
        while (!stack.isEmpty()) {
            Object[] top = stack.get(stack.size() - 1);
            TensorRef ref = (TensorRef) top[0];
            if (ref.layer().equals(input.layer())) {
                if (ref.node() != 0) {
                    throw error("the input layer " + UserText.quote(ref.layer()) + " has no node " + ref.node());
                }
                stack.remove(stack.size() - 1);
                continue;
            }
            if (done.contains(ref)) {
                stack.remove(stack.size() - 1);
                continue;
            }
            KerasLayer layer = layers.get(ref.layer());
            if (layer.className().equals("InputLayer")) {
                throw error(layer.label() + ": a second model input; netjac differentiates functions of one input");
            }
            List<List<TensorRef>> nodes = inbound.get(ref.layer());
            if (ref.node() >= nodes.size()) {
                throw error(layer.label() + ": node " + ref.node() + " is referenced but the layer has "
                        + nodes.size() + " inbound nodes");
            }
            List<TensorRef> inputs = nodes.get(ref.node());
            if (top[1] == null) {
                if (!active.add(ref)) {
                    throw error(layer.label() + ": the layer graph has a cycle through it");
                }
                top[1] = Boolean.TRUE;
                for (int i = inputs.size() - 1; i >= 0; i--) {
                    TensorRef in = key(inputs.get(i), layers);
                    if (active.contains(in)) {
                        throw error(layer.label() + ": the layer graph has a cycle through it");
                    }
                    if (!done.contains(in)) {
                        stack.add(new Object[] {in, null});
                    }
                }
                continue;
            }
            stack.remove(stack.size() - 1);
            active.remove(ref);
            done.add(ref);
            ordered.add(new Node(layer, ref.node(), inputs));
        }
        return ordered;
    }

    /** Checks a reference and returns it as a node key; netjac layers have one output tensor. */
    private TensorRef key(TensorRef ref, Map<String, KerasLayer> layers) {
        KerasLayer layer = layers.get(ref.layer());
        if (layer == null) {
            throw error("a connection names layer " + UserText.quote(ref.layer()) + ", which is not a layer of the model");
        }
        if (ref.tensor() != 0) {
            throw error(layer.label() + ": output tensor " + ref.tensor() + " is used; netjac layers have one output");
        }
        return new TensorRef(ref.layer(), ref.node(), 0);
    }

    /** A layer's inbound nodes: for each application, the tensors it was applied to. */
    private List<List<TensorRef>> inboundNodes(KerasLayer layer, JsonNode nodes) {
        List<List<TensorRef>> out = new ArrayList<>();
        if (nodes.isMissingNode() || nodes.isNull()) {
            return out;
        }
        if (!nodes.isArray()) {
            throw error(layer.label() + ": inbound_nodes: expected a list, found " + UserText.describe(nodes));
        }
        for (JsonNode node : nodes) {
            List<TensorRef> refs = new ArrayList<>();
            if (node.isObject()) {
                // Keras 3: {"args": [tensor or [tensors]], "kwargs": {...}}
                collectKeras3(layer, node.path("args"), refs, 0);
            } else if (node.isArray()) {
                for (JsonNode ref : node) {
                    refs.add(tensorRef(layer, ref));
                }
            } else {
                throw error(layer.label() + ": inbound_nodes: expected lists of [layer, node, tensor], found "
                        + UserText.describe(node));
            }
            out.add(refs);
        }
        return out;
    }

    private void collectKeras3(KerasLayer layer, JsonNode value, List<TensorRef> refs, int depth) {
        if (depth > 8) {
            return;
        }
        if (value.isArray()) {
            for (JsonNode v : value) {
                collectKeras3(layer, v, refs, depth + 1);
            }
        } else if (value.isObject() && "__keras_tensor__".equals(value.path("class_name").asText())) {
            refs.add(tensorRef(layer, value.path("config").path("keras_history")));
        }
    }

    private TensorRef tensorRef(KerasLayer layer, JsonNode ref) {
        if (!ref.isArray() || ref.size() < 3 || !ref.get(0).isTextual() || !ref.get(1).canConvertToInt()
                || !ref.get(2).canConvertToInt() || ref.get(1).intValue() < 0 || ref.get(2).intValue() < 0) {
            throw error(layer.label() + ": inbound_nodes: expected [\"layer name\", node index, tensor index, ...],"
                    + " found " + UserText.describe(ref));
        }
        return new TensorRef(ref.get(0).asText(), ref.get(1).intValue(), ref.get(2).intValue());
    }

    /** input_layers / output_layers: {@code [["name", 0, 0], ...]}, or Keras 3's single {@code ["name", 0, 0]}. */
    private List<TensorRef> endpoints(JsonNode config, String key) {
        JsonNode list = config.path(key);
        if (!list.isArray()) {
            throw error("functional model: missing '" + key + "' list");
        }
        List<TensorRef> out = new ArrayList<>();
        if (!list.isEmpty() && list.get(0).isTextual()) {
            list = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(list);
        }
        for (JsonNode ref : list) {
            if (!ref.isArray() || ref.size() < 3 || !ref.get(0).isTextual() || !ref.get(1).canConvertToInt()
                    || !ref.get(2).canConvertToInt()) {
                throw error("functional model: '" + key + "': expected [\"layer name\", node, tensor], found " + UserText.describe(ref));
            }
            out.add(new TensorRef(ref.get(0).asText(), ref.get(1).intValue(), ref.get(2).intValue()));
        }
        return out;
    }

    private static String names(List<TensorRef> refs) {
        List<String> names = new ArrayList<>();
        for (TensorRef ref : refs) {
            names.add(ref.layer());
        }
        return "(" + UserText.list(names, 5) + ")";
    }

    // ---------------------------------------------------------------- layers and shapes

    private KerasLayer layer(JsonNode entry, String where) {
        if (!entry.isObject() || !entry.path("class_name").isTextual()) {
            throw error(where + ": expected a layer {\"class_name\": ..., \"config\": ...}, found " + UserText.describe(entry));
        }
        String className = entry.get("class_name").asText();
        JsonNode config = entry.path("config");
        String name = entry.path("name").isTextual() ? entry.get("name").asText()
                : config.path("name").isTextual() ? config.get("name").asText() : null;
        if (name == null || name.isEmpty()) {
            throw error(where + " (" + UserText.quote(className) + "): the layer has no name");
        }
        if (!config.isObject()) {
            throw error(where + " (" + UserText.quote(className) + "): expected a config object, found " + UserText.describe(config));
        }
        return new KerasLayer(file, name, className, config);
    }

    private static JsonNode batchShape(KerasLayer layer) {
        for (String key : List.of("batch_input_shape", "batch_shape")) {
            if (layer.has(key)) {
                return layer.get(key);
            }
        }
        return null;
    }

    /** The input shape of an InputLayer, or of a Sequential's first layer, without the batch dimension. */
    private int[] inputShape(KerasLayer layer) {
        if (layer.bool("sparse", false) || layer.bool("ragged", false)) {
            throw layer.unsupported(layer.bool("sparse", false) ? "sparse" : "ragged", "expected a dense input");
        }
        JsonNode shape = batchShape(layer);
        if (shape == null) {
            throw layer.error("no batch_input_shape; netjac needs the model's input shape");
        }
        return dims(shape, layer.label() + ": batch_input_shape");
    }

    private int[] dims(JsonNode batchShape, String what) {
        if (!batchShape.isArray() || batchShape.size() < 2) {
            throw error(what + ": expected [batch, d1, ...] with at least one dimension, found " + UserText.describe(batchShape));
        }
        int[] shape = new int[batchShape.size() - 1];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = batchShape.get(i + 1);
            if (d == null || d.isNull()) {
                throw error(what + " = " + UserText.describe(batchShape) + ": dimension " + (i + 1)
                        + " is unknown (None); netjac needs a fixed input shape");
            }
            if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 1 || d.intValue() > Limits.MAX_DIMENSION) {
                throw error(what + " = " + UserText.describe(batchShape) + ": dimension " + (i + 1) + " must be an integer in [1, "
                        + Limits.MAX_DIMENSION + "]");
            }
            shape[i] = d.intValue();
        }
        return shape;
    }

    private void checkLayerCount(int count) {
        if (count > Limits.MAX_LAYERS) {
            throw error("the model has " + count + " layers, more than the limit of " + Limits.MAX_LAYERS);
        }
    }

    private static String modelName(JsonNode config) {
        return config.path("name").isTextual() && !config.get("name").asText().isBlank() ? config.get("name").asText() : null;
    }
}
