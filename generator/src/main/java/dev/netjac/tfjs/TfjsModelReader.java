package dev.netjac.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import dev.netjac.graph.Graph;
import dev.netjac.spec.ReadFiles;
import dev.netjac.spec.ReadOptions;
import dev.netjac.spec.SpecReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Keras model saved in the TensorFlow.js layers format ({@code model.json} with
 * {@code modelTopology} and {@code weightsManifest}, plus binary weight shards) into a {@link Graph}:
 * {@link KerasTopology} reads the layer graph, {@link KerasLayerTranslator} turns it into a netjac spec,
 * {@link WeightsManifest} and {@link TfjsWeights} supply the weights by name, and {@link SpecReader} builds
 * and checks the graph exactly as for a spec file. See {@code docs/keras.md}.
 */
public final class TfjsModelReader {
    private TfjsModelReader() {}

    /**
     * @param model the model.json file
     * @param file how messages name it
     * @param root its parsed content, a JSON object with {@code modelTopology}
     */
    public static Graph read(Path model, String file, JsonNode root, ReadOptions options) {
        return read(model, file, root, options, new ReadFiles());
    }

    /** As above, recording model.json and every shard read in {@code read}. */
    public static Graph read(Path model, String file, JsonNode root, ReadOptions options, ReadFiles read) {
        List<Map.Entry<String, KerasLayer>> origins = List.of();
        try {
            String format = root.path("format").asText("layers-model");
            if (format.equals("graph-model") || root.path("modelTopology").has("node")) {
                throw new NetjacException(file + ": a TensorFlow.js graph model (\"format\": \"graph-model\"); netjac reads"
                        + " Keras layers models (\"format\": \"layers-model\"): convert with tensorflowjs_converter"
                        + " --input_format keras (or keras_saved_model --output_format tfjs_layers_model), or save with"
                        + " model.save in TF.js");
            }
            KerasTopology.Model keras = KerasTopology.read(root.get("modelTopology"), file);
            String defaultName = defaultName(model);
            KerasLayerTranslator.Translation translation = KerasLayerTranslator.translate(keras, defaultName);
            origins = new ArrayList<>(translation.origins().entrySet());
            Path baseDir = model.toAbsolutePath().getParent();
            read.add(model);
            WeightsManifest manifest = WeightsManifest.read(root.get("weightsManifest"), file, baseDir, options, read);
            return SpecReader.read(translation.spec(), file, baseDir, defaultName, options,
                    new TfjsWeights(manifest, options, file));
        } catch (NetjacException e) {
            throw UserText.oneLine(relabel(e, file, origins));
        }
    }

    /**
     * Rewrites the spec reader's {@code <file>: layers[3] (dense "dense_1")}, which counts layers of the
     * translated spec, into {@code <file>: layer "dense_1" (Dense)}, which names the Keras layer as the user
     * knows it. A message of another form is left as it is (it names the Keras layer name anyway).
     */
    static NetjacException relabel(NetjacException e, String file, List<Map.Entry<String, KerasLayer>> origins) {
        String message = e.getMessage();
        Matcher m = Pattern.compile("^" + Pattern.quote(file)
                + ": layers\\[(\\d+)\\]( \\((?:[^\"()]|\"(?:[^\"\\\\]|\\\\.)*\")*\\))?").matcher(message);
        if (!m.find()) {
            return e;
        }
        int index;
        try {
            index = Integer.parseInt(m.group(1));
        } catch (NumberFormatException notAnIndex) {
            return e;
        }
        if (index >= origins.size()) {
            return e;
        }
        String specName = origins.get(index).getKey();
        KerasLayer layer = origins.get(index).getValue();
        String label = layer.label();
        if (!specName.equals(layer.name())) {
            // an activation split off the layer, or a second application of a shared layer
            label += " as " + UserText.quote(specName);
        }
        NetjacException relabeled = new NetjacException(file + ": " + label + message.substring(m.end()), e.getCause());
        relabeled.setStackTrace(e.getStackTrace());
        return relabeled;
    }

    private static String defaultName(Path model) {
        String name = model.getFileName() == null ? "model" : model.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
