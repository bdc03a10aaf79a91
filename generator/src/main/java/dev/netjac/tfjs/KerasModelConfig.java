package dev.netjac.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.NetjacException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Keras translator as other importers use it: a Keras model config (from TF.js's model.json, a Keras 2
 * {@code .h5} file's {@code model_config} attribute or a Keras 3 {@code .keras} archive's config.json) becomes a
 * netjac spec whose weight fields hold references {@code "<keras layer>/<weight>"}, exactly as for TF.js. There
 * is one translator; this class only opens it to the {@code dev.netjac.keras} readers.
 */
public final class KerasModelConfig {
    private final String file;
    private final KerasLayerTranslator.Translation translation;
    private final Map<String, KerasLayer> layers = new HashMap<>();

    private KerasModelConfig(String file, KerasLayerTranslator.Translation translation) {
        this.file = file;
        this.translation = translation;
        for (KerasLayer layer : translation.origins().values()) {
            layers.put(layer.name(), layer);
        }
    }

    /**
     * Translates {@code topology}: {@code {"keras_version": ..., "model_config": {"class_name": ..., "config": ...}}}
     * or the model object itself.
     */
    public static KerasModelConfig translate(JsonNode topology, String file, String defaultName) {
        KerasTopology.Model model = KerasTopology.read(topology, file);
        return new KerasModelConfig(file, KerasLayerTranslator.translate(model, defaultName));
    }

    /** The translated spec, to be read with {@code SpecReader.read(spec, ...)} and a weight source. */
    public ObjectNode spec() {
        return translation.spec();
    }

    /** The Keras class of layer {@code name} ("Dense"), or null if the model has no such layer. */
    public String className(String name) {
        KerasLayer layer = layers.get(name);
        return layer == null ? null : layer.className();
    }

    /** The {@code config} object of layer {@code name} (missing node if there is no such layer). */
    public JsonNode layerConfig(String name) {
        KerasLayer layer = layers.get(name);
        return layer == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : layer.config();
    }

    /** The layer a weight reference names and the weight ({@code "dense_1/kernel"} → dense_1, kernel). */
    public static String[] splitReference(String reference) {
        int slash = reference.lastIndexOf('/');
        return new String[] {reference.substring(0, Math.max(slash, 0)), reference.substring(slash + 1)};
    }

    /** Rewrites messages about spec layers ({@code layers[3] (dense ...)}) to name the Keras layer. */
    public NetjacException relabel(NetjacException e) {
        List<Map.Entry<String, KerasLayer>> origins = new ArrayList<>(translation.origins().entrySet());
        return TfjsModelReader.relabel(e, file, origins);
    }
}
