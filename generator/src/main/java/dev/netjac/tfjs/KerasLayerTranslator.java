package dev.netjac.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.UserText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Translates a {@link KerasTopology.Model} into a netjac spec in graph form ({@code docs/spec.md}), which
 * {@code SpecReader} then reads like any spec: the shape checks and layer parsing live there once.
 *
 * <p>{@link #RULES} is the one table from Keras class names to netjac layer types. Each rule converts the
 * layer's config (Keras's snake_case option names are netjac's too; axes are renumbered without the batch
 * dimension) and writes weight fields as references {@code "<keras layer>/<weight>"}, which
 * {@link TfjsWeights} resolves by name in the weights manifest. The first spec layer of a Keras layer carries
 * its name, so that every message names the Keras layer; an activation becomes a layer of its own named
 * {@code <name>/<activation>}. Options that only matter for training (initializers, regularizers,
 * constraints, trainable, dtype) are ignored; options that change inference and that netjac does not
 * implement are refused.
 */
final class KerasLayerTranslator {
    /** Writes the spec layers for one Keras layer. */
    interface Rule {
        void translate(KerasLayer layer, Out out);
    }

    private static final Map<String, Rule> RULES = new TreeMap<>();

    private static void rule(Rule rule, String... classNames) {
        for (String name : classNames) {
            RULES.put(name, rule);
        }
    }

    static {
        rule(KerasLayerTranslator::dense, "Dense");
        rule((l, out) -> conv(l, out, 1), "Conv1D", "Convolution1D");
        rule((l, out) -> conv(l, out, 2), "Conv2D", "Convolution2D");
        rule((l, out) -> pool(l, out, "max_pooling1d", 1), "MaxPooling1D", "MaxPool1D");
        rule((l, out) -> pool(l, out, "max_pooling2d", 2), "MaxPooling2D", "MaxPool2D");
        rule((l, out) -> pool(l, out, "average_pooling1d", 1), "AveragePooling1D", "AvgPool1D");
        rule((l, out) -> pool(l, out, "average_pooling2d", 2), "AveragePooling2D", "AvgPool2D");
        rule((l, out) -> globalPool(l, out, "global_average_pooling1d"), "GlobalAveragePooling1D", "GlobalAvgPool1D");
        rule((l, out) -> globalPool(l, out, "global_average_pooling2d"), "GlobalAveragePooling2D", "GlobalAvgPool2D");
        rule((l, out) -> globalPool(l, out, "global_max_pooling1d"), "GlobalMaxPooling1D", "GlobalMaxPool1D");
        rule((l, out) -> globalPool(l, out, "global_max_pooling2d"), "GlobalMaxPooling2D", "GlobalMaxPool2D");
        rule(KerasLayerTranslator::batchNormalization, "BatchNormalization");
        rule(KerasLayerTranslator::layerNormalization, "LayerNormalization");
        rule(KerasLayerTranslator::flatten, "Flatten");
        rule(KerasLayerTranslator::reshape, "Reshape");
        rule(KerasLayerTranslator::activation, "Activation");
        rule(KerasLayerTranslator::relu, "ReLU");
        rule(KerasLayerTranslator::leakyRelu, "LeakyReLU");
        rule((l, out) -> out.add("elu").put("alpha", l.number("alpha", 1.0)), "ELU");
        rule(KerasLayerTranslator::prelu, "PReLU");
        rule(KerasLayerTranslator::softmax, "Softmax");
        rule((l, out) -> out.add("thresholded_relu").put("theta", l.number("theta", 1.0)), "ThresholdedReLU");
        rule((l, out) -> out.add("dropout").put("rate", l.number("rate", 0.0)),
                "Dropout", "SpatialDropout1D", "SpatialDropout2D", "GaussianDropout", "AlphaDropout");
        rule((l, out) -> out.add("identity"), "GaussianNoise", "ActivityRegularization");
        rule((l, out) -> merge(l, out, "add"), "Add");
        rule((l, out) -> merge(l, out, "subtract"), "Subtract");
        rule((l, out) -> merge(l, out, "multiply"), "Multiply");
        rule(KerasLayerTranslator::concatenate, "Concatenate");
        rule((l, out) -> KerasRecurrentRules.recurrent(l, out, "lstm"), "LSTM");
        rule((l, out) -> KerasRecurrentRules.recurrent(l, out, "gru"), "GRU");
        rule((l, out) -> KerasRecurrentRules.recurrent(l, out, "simple_rnn"), "SimpleRNN");
        rule(KerasRecurrentRules::bidirectional, "Bidirectional");
        rule(KerasRecurrentRules::timeDistributed, "TimeDistributed");
    }

    /** Classes refused with a specific reason (everything else not in {@link #RULES} gets the generic one). */
    private static final Map<String, String> REFUSED = new HashMap<>();

    static {
        for (String rnn : List.of("RNN", "ConvLSTM2D", "LSTMCell", "GRUCell", "SimpleRNNCell", "StackedRNNCells")) {
            REFUSED.put(rnn, "only the LSTM, GRU and SimpleRNN layers (and Bidirectional around them) are supported");
        }
        for (String nested : List.of("Sequential", "Model", "Functional")) {
            REFUSED.put(nested, "a model nested as a layer is not supported; build the model from its layers directly");
        }
        REFUSED.put("InputLayer", "a second model input; netjac differentiates functions of one input");
        REFUSED.put("Masking", "masking is not supported (netjac inputs have a fixed shape)");
        REFUSED.put("Embedding", "an embedding takes integer indices, which have no derivative");
        REFUSED.put("Lambda", "Lambda layers hold Python code, which model.json does not contain");
    }

    private KerasLayerTranslator() {}

    /**
     * The netjac spec for {@code model}, and for each spec layer name the Keras layer it came from (for
     * messages).
     */
    record Translation(ObjectNode spec, Map<String, KerasLayer> origins) {}

    static Translation translate(KerasTopology.Model model, String defaultName) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode spec = json.objectNode();
        spec.put("netjac", 1);
        spec.put("name", model.name() == null ? defaultName : model.name());
        ObjectNode input = spec.putObject("input");
        ArrayNode shape = input.putArray("shape");
        for (int d : model.inputShape()) {
            shape.add(d);
        }
        ArrayNode layers = spec.putArray("layers");

        Map<KerasTopology.TensorRef, String> outputs = new HashMap<>();
        outputs.put(new KerasTopology.TensorRef(model.inputName(), 0, 0), model.inputName());
        Map<String, KerasLayer> origins = new LinkedHashMap<>();
        String previous = model.inputName();
        boolean graphForm = false;
        for (KerasTopology.Node node : model.nodes()) {
            KerasLayer layer = node.layer();
            Rule rule = RULES.get(layer.className());
            if (rule == null) {
                String reason = REFUSED.get(layer.className());
                throw layer.error("layer class " + layer.className() + " is not supported"
                        + (reason == null ? "" : ": " + reason) + "; netjac imports " + String.join(", ", RULES.keySet()));
            }
            String base = node.index() == 0 ? layer.name() : layer.name() + "#" + node.index();
            List<String> inputs = new ArrayList<>();
            for (KerasTopology.TensorRef ref : node.inputs()) {
                inputs.add(outputs.get(new KerasTopology.TensorRef(ref.layer(), ref.node(), 0)));
            }
            Out out = new Out(layer, base, model.isKeras3(), inputs);
            rule.translate(layer, out);
            int expected = !out.merge ? 1 : layer.className().equals("Subtract") ? 2 : -1;
            if (expected > 0 ? inputs.size() != expected : inputs.size() < 2) {
                throw layer.error("applied to " + inputs.size() + " tensors; a " + layer.className() + " layer takes "
                        + (expected == 1 ? "exactly one input" : expected == 2 ? "exactly two inputs" : "two or more inputs"));
            }
            // Only a layer that does not simply take the previous layer's output needs "inputs", so a
            // Sequential model becomes a plain chain.
            if (!(inputs.size() == 1 && inputs.get(0).equals(previous))) {
                ArrayNode list = out.layers.get(0).putArray("inputs");
                inputs.forEach(list::add);
                graphForm = true;
            }
            for (ObjectNode specLayer : out.layers) {
                graphForm |= specLayer.has("inputs");
                layers.add(specLayer);
                origins.put(specLayer.get("name").asText(), layer);
            }
            previous = out.layers.get(out.layers.size() - 1).get("name").asText();
            outputs.put(node.output(), previous);
        }
        if (graphForm) {
            input.put("name", model.inputName());
        }
        return new Translation(spec, origins);
    }

    /** The spec layers one Keras layer becomes. */
    static final class Out {
        final KerasLayer layer;
        final String base;
        final boolean keras3;
        /** The spec names of the values the Keras layer reads; a rule writing a graph of its own uses them. */
        final List<String> inputs;
        final List<ObjectNode> layers = new ArrayList<>();
        boolean merge;

        Out(KerasLayer layer, String base, boolean keras3, List<String> inputs) {
            this.layer = layer;
            this.base = base;
            this.keras3 = keras3;
            this.inputs = inputs;
        }

        /** Appends a spec layer of {@code type} named {@code base/suffix}. */
        ObjectNode add(String type, String suffix) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("type", type);
            node.put("name", base + "/" + suffix);
            layers.add(node);
            return node;
        }

        /** Appends a spec layer of {@code type}; the first is named after the Keras layer. */
        ObjectNode add(String type) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("type", type);
            node.put("name", layers.isEmpty() ? base : base + "/" + type);
            layers.add(node);
            return node;
        }

        /** A reference to the Keras layer's weight {@code weight}, resolved by {@link TfjsWeights}. */
        void weight(ObjectNode node, String field) {
            node.put(field, TfjsWeights.reference(layer.name(), field));
        }

        /** The activation option as a layer of its own (none for linear). */
        void activation() {
            String type = KerasActivations.specType(layer, "activation", keras3);
            if (!type.equals("linear")) {
                ObjectNode node = add(type);
                if (type.equals("leaky_relu")) {
                    node.put("alpha", 0.2);
                }
            }
        }
    }

    // ---------------------------------------------------------------- rules

    static void dense(KerasLayer l, Out out) {
        ObjectNode node = out.add("dense");
        node.put("units", l.requiredInt("units"));
        bias(l, out, node);
        out.weight(node, "kernel");
        out.activation();
    }

    private static void bias(KerasLayer l, Out out, ObjectNode node) {
        boolean useBias = l.bool("use_bias", true);
        node.put("use_bias", useBias);
        if (useBias) {
            out.weight(node, "bias");
        }
    }

    private static void conv(KerasLayer l, Out out, int rank) {
        l.requireChannelsLast();
        if (l.integer("groups", 1) != 1) {
            throw l.unsupported("groups", "expected 1 (grouped convolutions are not supported)");
        }
        String padding = padding(l, rank == 1 ? List.of("valid", "same", "causal") : List.of("valid", "same"));
        ObjectNode node = out.add("conv" + rank + "d");
        node.put("filters", l.requiredInt("filters"));
        putInts(node, "kernel_size", l.ints("kernel_size", rank));
        putInts(node, "strides", l.ints("strides", rank));
        node.put("padding", padding);
        putInts(node, "dilation_rate", l.ints("dilation_rate", rank));
        bias(l, out, node);
        out.weight(node, "kernel");
        out.activation();
    }

    private static void pool(KerasLayer l, Out out, String type, int rank) {
        l.requireChannelsLast();
        String padding = padding(l, List.of("valid", "same"));
        ObjectNode node = out.add(type);
        putInts(node, "pool_size", l.ints("pool_size", rank));
        putInts(node, "strides", l.ints("strides", rank));
        node.put("padding", padding);
    }

    private static void globalPool(KerasLayer l, Out out, String type) {
        l.requireChannelsLast();
        ObjectNode node = out.add(type);
        if (l.bool("keepdims", false)) {
            node.put("keepdims", true);
        }
    }

    private static void batchNormalization(KerasLayer l, Out out) {
        if (l.bool("renorm", false)) {
            throw l.unsupported("renorm", "expected false (batch renormalization is not supported)");
        }
        if (l.has("virtual_batch_size")) {
            throw l.unsupported("virtual_batch_size", "expected null");
        }
        JsonNode axisValue = l.get("axis");
        if (axisValue != null && axisValue.isArray() && axisValue.size() != 1) {
            throw l.unsupported("axis", "expected one axis");
        }
        Integer axis = l.axis("axis");
        ObjectNode node = out.add("batch_normalization");
        node.put("axis", axis == null ? -1 : axis);
        epsilonAndAffine(l, out, node);
        out.weight(node, "moving_mean");
        out.weight(node, "moving_variance");
    }

    /** A normalization's epsilon and its optional learned scale (gamma) and shift (beta), as Keras has them. */
    private static void epsilonAndAffine(KerasLayer l, Out out, ObjectNode node) {
        node.put("epsilon", l.number("epsilon", 0.001));
        boolean center = l.bool("center", true);
        boolean scale = l.bool("scale", true);
        node.put("center", center);
        node.put("scale", scale);
        if (scale) {
            out.weight(node, "gamma");
        }
        if (center) {
            out.weight(node, "beta");
        }
    }

    private static void layerNormalization(KerasLayer l, Out out) {
        if (l.bool("rms_scaling", false)) {
            throw l.unsupported("rms_scaling", "expected false");
        }
        ObjectNode node = out.add("layer_normalization");
        List<Integer> axes = l.axes("axis");
        if (axes == null || axes.size() == 1) {
            node.put("axis", axes == null ? -1 : axes.get(0));
        } else {
            ArrayNode list = node.putArray("axis");
            axes.forEach(list::add);
        }
        epsilonAndAffine(l, out, node);
    }

    private static void flatten(KerasLayer l, Out out) {
        l.requireChannelsLast();
        out.add("flatten");
    }

    private static void reshape(KerasLayer l, Out out) {
        JsonNode target = l.get("target_shape");
        if (target == null || !target.isArray() || target.isEmpty()) {
            throw l.error("option target_shape: expected a list of dimensions, found " + UserText.describe(target));
        }
        ArrayNode list = out.add("reshape").putArray("target_shape");
        for (JsonNode d : target) {
            if (d.isNull()) {
                list.add(-1); // TF.js writes an inferred dimension (-1) as null
                continue;
            }
            if (!d.isIntegralNumber() || !d.canConvertToInt() || (d.intValue() < 1 && d.intValue() != -1)) {
                throw l.unsupported("target_shape", "expected positive dimensions and at most one -1");
            }
            list.add(d.intValue());
        }
    }

    private static void activation(KerasLayer l, Out out) {
        String type = KerasActivations.specType(l, "activation", out.keras3);
        ObjectNode node = out.add(type);
        if (type.equals("leaky_relu")) {
            node.put("alpha", 0.2);
        }
    }

    /**
     * Keras ReLU: max_value (none), negative_slope (0), threshold (0). The plain forms map onto netjac's
     * relu and relu6; anything else keeps its options.
     */
    private static void relu(KerasLayer l, Out out) {
        double negativeSlope = l.number("negative_slope", 0.0);
        double threshold = l.number("threshold", 0.0);
        Double maxValue = l.has("max_value") ? l.number("max_value", 0.0) : null;
        if (negativeSlope == 0 && threshold == 0 && (maxValue == null || maxValue == 6.0)) {
            out.add(maxValue == null ? "relu" : "relu6");
            return;
        }
        ObjectNode node = out.add("relu");
        if (maxValue != null) {
            node.put("max_value", maxValue);
        }
        if (negativeSlope != 0) {
            node.put("negative_slope", negativeSlope);
        }
        if (threshold != 0) {
            node.put("threshold", threshold);
        }
    }

    /** Always with alpha: Keras's and TF.js's default slope (0.3) is not netjac's spec default (0.2). */
    private static void leakyRelu(KerasLayer l, Out out) {
        double alpha = l.has("negative_slope") ? l.number("negative_slope", 0.3) : l.number("alpha", 0.3);
        out.add("leaky_relu").put("alpha", alpha);
    }

    private static void prelu(KerasLayer l, Out out) {
        ObjectNode node = out.add("prelu");
        List<Integer> shared = l.axes("shared_axes");
        if (shared != null) {
            ArrayNode list = node.putArray("shared_axes");
            shared.forEach(list::add);
        }
        out.weight(node, "alpha");
    }

    private static void softmax(KerasLayer l, Out out) {
        JsonNode value = l.get("axis");
        if (value != null && value.isArray() && value.size() != 1) {
            throw l.unsupported("axis", "expected one axis");
        }
        Integer axis = l.axis("axis");
        ObjectNode node = out.add("softmax");
        if (axis != null && axis != -1) {
            node.put("axis", axis);
        }
    }

    private static void merge(KerasLayer l, Out out, String type) {
        out.merge = true;
        out.add(type);
    }

    private static void concatenate(KerasLayer l, Out out) {
        out.merge = true;
        Integer axis = l.axis("axis");
        out.add("concatenate").put("axis", axis == null ? -1 : axis);
    }

    private static String padding(KerasLayer l, List<String> accepted) {
        String padding = l.string("padding", "valid");
        if (!accepted.contains(padding)) {
            throw l.unsupported("padding", "expected one of " + String.join(", ", accepted));
        }
        return padding;
    }

    private static void putInts(ObjectNode node, String field, List<Integer> values) {
        if (values != null) {
            ArrayNode list = node.putArray(field);
            values.forEach(list::add);
        }
    }

    /** The Keras classes netjac imports, for documentation and messages. */
    static List<String> supportedClasses() {
        return new ArrayList<>(RULES.keySet());
    }
}
