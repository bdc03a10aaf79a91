package dev.netjac.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.netjac.NetjacException;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.graph.Shapes;
import dev.netjac.layers.Layer;
import dev.netjac.weights.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a netjac spec, version 1 ({@code docs/spec.md}), and its weight files into a {@link Graph}. Every
 * problem is a {@link NetjacException} naming the file, the layer and what was expected versus found.
 */
public final class SpecReader {
    /** The largest spec file accepted; specs are small, weights live in their own files. */
    static final long MAX_SPEC_BYTES = 64L << 20;

    /** The deepest nesting of JSON arrays and objects accepted (inline weights need a few levels). */
    static final int MAX_NESTING = 64;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
    }

    private SpecReader() {}

    public static Graph read(Path spec) {
        return read(spec, ReadOptions.defaults());
    }

    public static Graph read(Path spec, ReadOptions options) {
        String file = displayPath(spec.toString());
        try {
            JsonNode root = parse(spec, file);
            return read(root, file, spec.toAbsolutePath().getParent(), defaultName(spec), options);
        } catch (NetjacException e) {
            throw oneLine(e);
        }
    }

    /**
     * The spec's path as the user gave it, which starts every message; control characters (a file name
     * with a line break) are escaped so that the message stays on one line.
     */
    public static String displayPath(String path) {
        return hasLineBreakOrControl(path) ? escapeControls(path) : path;
    }

    /**
     * A last guard for the one-line rule: messages from the weight readers quote user text themselves, but a
     * weight file whose own name contains a line break would otherwise split the message.
     */
    public static NetjacException oneLine(NetjacException e) {
        if (!hasLineBreakOrControl(e.getMessage())) {
            return e;
        }
        NetjacException clean = new NetjacException(escapeControls(e.getMessage()), e.getCause());
        clean.setStackTrace(e.getStackTrace());
        return clean;
    }

    private static boolean hasLineBreakOrControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
                return true;
            }
        }
        return false;
    }

    private static String escapeControls(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Parses a JSON file, turning I/O and syntax errors into one-line messages naming the file. */
    public static JsonNode parse(Path path, String file) {
        try {
            if (Files.isDirectory(path)) {
                throw new NetjacException(file + ": is a folder, expected a netjac spec (.json) file");
            }
            if (!Files.isRegularFile(path)) {
                throw new NetjacException(file + ": file not found");
            }
            if (Files.size(path) > MAX_SPEC_BYTES) {
                throw new NetjacException(file + ": " + Files.size(path) + " bytes, more than the "
                        + MAX_SPEC_BYTES + " a model file may have");
            }
            JsonNode root = JSON.readTree(Files.readAllBytes(path));
            if (root == null || root.isMissingNode()) {
                throw new NetjacException(file + ": empty file, expected a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            String detail = firstLine(String.valueOf(e.getOriginalMessage()));
            if (detail.startsWith("Duplicate field ")) {
                // Jackson: "Duplicate field 'units'"; the key text is quoted by Jackson as it was written.
                throw new NetjacException(file + ": duplicate key " + detail.substring("Duplicate field ".length())
                        + where + "; each key may appear only once in an object");
            }
            if (detail.startsWith("Trailing token")) {
                detail = "trailing content after the top-level object; expected the end of the file";
            } else if (detail.contains("nesting depth")) {
                detail = "nested more than " + MAX_NESTING + " levels deep";
            }
            // Jackson names other places as "[Source: ...; line: 1, column: 24]"; keep the line and column only.
            detail = detail.replaceAll("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
            if (detail.length() > 200) {
                detail = detail.substring(0, 200) + "...";
            }
            throw new NetjacException(file + ": malformed JSON" + where + ": " + detail);
        } catch (NoSuchFileException e) {
            throw new NetjacException(file + ": file not found");
        } catch (IOException e) {
            throw new NetjacException(file + ": cannot read: " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    static Graph read(JsonNode rootNode, String file, Path baseDir, String defaultName, ReadOptions options) {
        return read(rootNode, file, baseDir, defaultName, options, null);
    }

    /**
     * Reads a spec an importer built in memory; {@code source} resolves its weight references (null: they are
     * file references relative to {@code baseDir}, as in a spec on disk).
     */
    public static Graph read(JsonNode rootNode, String file, Path baseDir, String defaultName, ReadOptions options,
            WeightSource source) {
        JsonObject root = new JsonObject(rootNode, file);
        if (!root.has("netjac")) {
            throw root.missing("netjac", "expected the spec version, {\"netjac\": 1, ...}, at the top of a netjac spec");
        }
        JsonNode version = root.require("netjac");
        if (!version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() != 1) {
            throw root.error("'netjac': expected spec version 1, found " + JsonObject.describe(version));
        }
        String name = root.optionalString("name", defaultName);
        root.optionalString("description", "");
        JsonObject input = root.requireObject("input");
        int[] inputShape = shape(input, "shape");
        String inputName = input.optionalString("name", "input");
        input.rejectUnknownFields(List.of("shape", "name"));

        JacobianMode mode = JacobianMode.AUTO;
        if (root.has("jacobian")) {
            JsonObject jacobian = root.requireObject("jacobian");
            String modeName = jacobian.optionalString("mode", "auto");
            mode = JacobianMode.parse(modeName);
            if (mode == null) {
                throw jacobian.error("'mode': expected auto, reverse, forward or mixed, found " + JsonObject.quote(modeName));
            }
            jacobian.rejectUnknownFields(List.of("mode"));
        }

        List<JsonNode> layerNodes = root.requireArray("layers");
        if (layerNodes.isEmpty()) {
            throw root.error("'layers': expected at least one layer, found none");
        }
        if (layerNodes.size() > Limits.MAX_LAYERS) {
            throw root.error("'layers': " + layerNodes.size() + " layers, more than the limit of " + Limits.MAX_LAYERS);
        }
        root.rejectUnknownFields(List.of("netjac", "name", "description", "input", "jacobian", "layers"));

        WeightLoader weights = new WeightLoader(baseDir, options);
        int[] position = {0};
        LayerParsers.Context context = new LayerParsers.Context() {
            @Override
            public String nextId(String kind) {
                String base = Character.isDigit(kind.charAt(kind.length() - 1)) ? kind + "_" : kind;
                return base + position[0]++;
            }

            @Override
            public Tensor weight(JsonObject json, String field) {
                return source == null ? weights.load(json, field) : source.load(json.where(), field, json.require(field));
            }
        };

        List<Layer> layers = new ArrayList<>();
        List<int[]> inputs = new ArrayList<>();
        // Spec layer name -> its position and the node holding its output (a dense layer with an activation
        // makes two nodes; its name stands for the last).
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> nodes = new HashMap<>();
        nodes.put(inputName, Graph.INPUT);
        List<String> labels = new ArrayList<>();
        List<Integer> firstNode = new ArrayList<>();
        long parameters = 0;
        for (int i = 0; i < layerNodes.size(); i++) {
            JsonNode node = layerNodes.get(i);
            String where = file + ": layers[" + i + "]";
            if (!node.isObject()) {
                throw new NetjacException(where + ": expected a layer object, found " + JsonObject.describe(node)
                        + (node.isTextual() && LayerParsers.forType(node.asText()) != null
                                ? "; write {\"type\": " + JsonObject.quote(node.asText()) + "}" : ""));
            }
            String type = node.path("type").isTextual() ? node.get("type").asText() : null;
            String layerName = node.path("name").isTextual() ? node.get("name").asText() : null;
            String label = (type == null ? "" : JsonObject.fileName(type))
                    + (layerName == null ? "" : (type == null ? "" : " ") + JsonObject.quote(layerName));
            if (!label.isEmpty()) {
                where += " (" + label + ")";
            }
            labels.add(where);
            JsonObject json = new JsonObject(node, where);
            json.requireString("type");
            json.optionalString("name", "");
            if (layerName != null) {
                Integer first = names.putIfAbsent(layerName, i);
                if (first != null) {
                    throw json.error("duplicate layer name " + JsonObject.quote(layerName) + ", already used by layers["
                            + first + "]; layer names must be unique");
                }
                if (layerName.equals(inputName)) {
                    throw json.error("layer name " + JsonObject.quote(layerName) + " is the input's name; layer names must"
                            + " differ from it");
                }
            }
            int[] from = inputNodes(json, nodes, layers.size() - 1, inputName);
            List<int[]> shapes = new ArrayList<>();
            for (int f : from) {
                shapes.add(f == Graph.INPUT ? inputShape : layers.get(f).outputShape());
            }
            List<Layer> parsed;
            try {
                if (MergeParsers.forType(type) != null) {
                    if (from.length < 2) {
                        throw json.error(type + " merges two or more inputs; list them in \"inputs\", found "
                                + (json.has("inputs") ? from.length : "none"));
                    }
                    parsed = List.of(MergeParsers.forType(type).parse(json, shapes, context));
                } else {
                    LayerParsers.Parser parser = LayerParsers.forType(type);
                    if (parser == null) {
                        List<String> known = new ArrayList<>(LayerParsers.knownTypeList());
                        known.addAll(MergeParsers.knownTypes());
                        java.util.Collections.sort(known);
                        throw json.error("unknown layer type " + JsonObject.quote(type)
                                + JsonObject.didYouMean(type, known) + ", expected one of " + String.join(", ", known));
                    }
                    if (from.length != 1) {
                        throw json.error("'inputs': " + type + " reads one input, found " + from.length);
                    }
                    parsed = parser.parse(json, shapes.get(0), context);
                }
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
        rejectUnused(layers.size(), inputs, labels, firstNode, root);
        int[] shape = layers.get(layers.size() - 1).outputShape();
        if (layers.size() > Limits.MAX_LAYERS) {
            throw root.error("'layers': " + layers.size() + " layers (activations of dense layers count as layers),"
                    + " more than the limit of " + Limits.MAX_LAYERS);
        }
        long jacobianEntries = (long) Shapes.size(inputShape) * Shapes.size(shape);
        if (jacobianEntries > Limits.MAX_JACOBIAN_ENTRIES) {
            throw root.error("the Jacobian would have " + jacobianEntries + " entries, more than one Java array holds");
        }
        try {
            return new Graph(name, fileName(file), inputShape, layers, inputs, mode);
        } catch (IllegalArgumentException e) {
            throw root.error(e.getMessage());
        }
    }

    /**
     * The nodes a layer reads: those its {@code "inputs"} name, or the previous layer's output (the input for
     * the first layer).
     */
    private static int[] inputNodes(JsonObject json, Map<String, Integer> nodes, int previous, String inputName) {
        if (!json.has("inputs")) {
            return new int[] {previous};
        }
        List<JsonNode> names = json.requireArray("inputs");
        if (names.isEmpty()) {
            throw json.error("'inputs': expected at least one layer name, found none");
        }
        int[] from = new int[names.size()];
        for (int i = 0; i < from.length; i++) {
            JsonNode name = names.get(i);
            if (!name.isTextual()) {
                throw json.error("'inputs'[" + i + "]: expected a layer name, found " + JsonObject.describe(name));
            }
            Integer node = nodes.get(name.asText());
            if (node == null) {
                List<String> known = new ArrayList<>(nodes.keySet());
                java.util.Collections.sort(known);
                throw json.error("'inputs'[" + i + "]: no earlier layer is named " + JsonObject.quote(name.asText())
                        + JsonObject.didYouMean(name.asText(), known) + "; a layer reads the input ("
                        + JsonObject.quote(inputName) + ") or layers listed before it");
            }
            from[i] = node;
        }
        return from;
    }

    /** Every layer's output must be read by a later layer, or be the output: anything else is a mistake. */
    private static void rejectUnused(int count, List<int[]> inputs, List<String> labels, List<Integer> firstNode, JsonObject root) {
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

    private static int[] shape(JsonObject obj, String field) {
        List<JsonNode> dims = obj.requireArray(field);
        if (dims.isEmpty() || dims.size() > 8) {
            throw obj.error("'" + field + "': expected 1 to 8 dimensions, found " + dims.size());
        }
        int[] shape = new int[dims.size()];
        long size = 1;
        for (int d = 0; d < shape.length; d++) {
            JsonNode dim = dims.get(d);
            if (!dim.isIntegralNumber() || !dim.canConvertToInt() || dim.intValue() < 1 || dim.intValue() > Limits.MAX_DIMENSION) {
                throw obj.error("'" + field + "'[" + d + "]: expected an integer in [1, " + Limits.MAX_DIMENSION
                        + "], found " + JsonObject.describe(dim));
            }
            shape[d] = dim.intValue();
            size *= shape[d];
        }
        if (size > Limits.MAX_DIMENSION) {
            throw obj.error("'" + field + "': " + Shapes.toString(shape) + " has more than " + Limits.MAX_DIMENSION + " values");
        }
        return shape;
    }

    private static String defaultName(Path spec) {
        String name = spec.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String fileName(String file) {
        Path path = Path.of(file).getFileName();
        return path == null ? file : path.toString();
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).trim();
    }
}
