package dev.netjac.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import dev.netjac.graph.Graph;
import dev.netjac.layers.Layer;
import dev.netjac.weights.ExpectedSize;
import dev.netjac.weights.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link Graph} of a spec's {@code layers}: labels each layer for messages, resolves the nodes it
 * reads ({@code "inputs"}, or the previous layer), has its {@link SpecTypes registered type} check the
 * count and parse it, and finally rejects layers whose output nothing reads and graphs past the limits.
 */
final class GraphBuilder {
    private final String file;
    private final SpecHeader header;
    private final ParseContext context;

    private final List<Layer> layers = new ArrayList<>();
    private final List<int[]> inputs = new ArrayList<>();
    /** Spec layer name -> the node holding its output (a dense layer with an activation makes two nodes). */
    private final Map<String, Integer> nodes = new HashMap<>();
    /** Spec layer name -> its position in {@code layers}. */
    private final Map<String, Integer> names = new HashMap<>();
    /** Per spec layer: how messages name it, and its first node. */
    private final List<String> labels = new ArrayList<>();
    private final List<Integer> firstNode = new ArrayList<>();
    private long parameters;

    private GraphBuilder(String file, SpecHeader header, ParseContext context) {
        this.file = file;
        this.header = header;
        this.context = context;
        nodes.put(header.inputName(), Graph.INPUT);
    }

    /**
     * @param source resolves weight references of a spec built in memory; null: they are file references
     *     relative to {@code baseDir}, loaded with {@code options} and recorded in {@code read}
     */
    static Graph build(SpecHeader header, String file, Path baseDir, ReadOptions options, WeightSource source,
            ReadFiles read) {
        WeightLoader weights = new WeightLoader(baseDir, options, read);
        int[] position = {0};
        ParseContext context = new ParseContext() {
            @Override
            public String nextId(String kind) {
                String base = Character.isDigit(kind.charAt(kind.length() - 1)) ? kind + "_" : kind;
                return base + position[0]++;
            }

            @Override
            public Tensor weight(JsonObject json, String field, ExpectedSize expected) {
                return source == null ? weights.load(json, field, expected)
                        : source.load(json.where(), field, json.require(field), expected);
            }
        };
        return new GraphBuilder(file, header, context).build();
    }

    private Graph build() {
        List<JsonNode> layerNodes = header.layers();
        for (int i = 0; i < layerNodes.size(); i++) {
            add(i, layerNodes.get(i));
        }
        rejectUnused();
        JsonObject root = header.root();
        if (layers.size() > Limits.MAX_LAYERS) {
            throw root.error("'layers': " + layers.size() + " layers (activations of dense layers count as layers),"
                    + " more than the limit of " + Limits.MAX_LAYERS);
        }
        try {
            return new Graph(header.name(), fileName(file), header.inputShape(), layers, inputs, header.mode());
        } catch (IllegalArgumentException e) {
            throw root.error(e.getMessage());
        }
    }

    /** Reads {@code layers[i]} into one or more nodes. */
    private void add(int i, JsonNode node) {
        String where = file + ": layers[" + i + "]";
        if (!node.isObject()) {
            throw new NetjacException(where + ": expected a layer object, found " + UserText.describe(node)
                    + (node.isTextual() && SpecTypes.get(node.asText()) != null
                            ? "; write {\"type\": " + UserText.quote(node.asText()) + "}" : ""));
        }
        String type = node.path("type").isTextual() ? node.get("type").asText() : null;
        String layerName = node.path("name").isTextual() ? node.get("name").asText() : null;
        String label = (type == null ? "" : UserText.fileName(type))
                + (layerName == null ? "" : (type == null ? "" : " ") + UserText.quote(layerName));
        if (!label.isEmpty()) {
            where += " (" + label + ")";
        }
        labels.add(where);
        JsonObject json = new JsonObject(node, where);
        json.requireString("type");
        json.optionalString("name", "");
        if (layerName != null) {
            checkName(json, layerName, i);
        }
        int[] from = inputNodes(json);
        List<int[]> shapes = new ArrayList<>();
        for (int f : from) {
            shapes.add(f == Graph.INPUT ? header.inputShape() : layers.get(f).outputShape());
        }
        List<Layer> parsed;
        try {
            parsed = SpecTypes.require(json, type).parse(json, shapes, json.has("inputs"), context);
        } catch (IllegalArgumentException e) {
            throw json.error(e.getMessage());
        }
        firstNode.add(layers.size());
        for (int p = 0; p < parsed.size(); p++) {
            Layer layer = parsed.get(p);
            parameters += layer.parameterCount();
            inputs.add(p == 0 ? from : new int[] {layers.size() - 1});
            layers.add(layer);
        }
        if (layerName != null) {
            nodes.put(layerName, layers.size() - 1);
        }
        if (parameters > Limits.MAX_PARAMETERS) {
            throw json.error("the model has more than " + Limits.MAX_PARAMETERS + " weights");
        }
    }

    private void checkName(JsonObject json, String layerName, int i) {
        Integer first = names.putIfAbsent(layerName, i);
        if (first != null) {
            throw json.error("duplicate layer name " + UserText.quote(layerName) + ", already used by layers["
                    + first + "]; layer names must be unique");
        }
        if (layerName.equals(header.inputName())) {
            throw json.error("layer name " + UserText.quote(layerName) + " is the input's name; layer names must"
                    + " differ from it");
        }
    }

    /**
     * The nodes a layer reads: those its {@code "inputs"} name, or the previous layer's output (the input for
     * the first layer).
     */
    private int[] inputNodes(JsonObject json) {
        if (!json.has("inputs")) {
            return new int[] {layers.size() - 1};
        }
        List<JsonNode> listed = json.requireArray("inputs");
        if (listed.isEmpty()) {
            throw json.error("'inputs': expected at least one layer name, found none");
        }
        int[] from = new int[listed.size()];
        for (int i = 0; i < from.length; i++) {
            JsonNode name = listed.get(i);
            if (!name.isTextual()) {
                throw json.error("'inputs'[" + i + "]: expected a layer name, found " + UserText.describe(name));
            }
            Integer node = nodes.get(name.asText());
            if (node == null) {
                List<String> known = new ArrayList<>(nodes.keySet());
                Collections.sort(known);
                throw json.error("'inputs'[" + i + "]: no earlier layer is named " + UserText.quote(name.asText())
                        + UserText.didYouMean(name.asText(), known) + "; a layer reads the input ("
                        + UserText.quote(header.inputName()) + ") or layers listed before it");
            }
            from[i] = node;
        }
        return from;
    }

    /** Every layer's output must be read by a later layer, or be the output: anything else is a mistake. */
    private void rejectUnused() {
        int count = layers.size();
        boolean[] read = new boolean[count];
        for (int[] from : inputs) {
            for (int f : from) {
                if (f >= 0) {
                    read[f] = true;
                }
            }
        }
        for (int i = 0; i < labels.size(); i++) {
            int last = (i + 1 < firstNode.size() ? firstNode.get(i + 1) : count) - 1;
            if (last < count - 1 && !read[last]) {
                throw new NetjacException(labels.get(i) + ": its output is not read by any later layer and is not the"
                        + " model's output (the last layer); list it in a later layer's \"inputs\" or remove it");
            }
        }
    }

    private static String fileName(String file) {
        Path path = Path.of(file).getFileName();
        return path == null ? file : path.toString();
    }
}
