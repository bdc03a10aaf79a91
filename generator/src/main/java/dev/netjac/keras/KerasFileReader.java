package dev.netjac.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.ModelFormat;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import dev.netjac.graph.Graph;
import dev.netjac.spec.ReadFiles;
import dev.netjac.spec.ReadOptions;
import dev.netjac.spec.SpecReader;
import dev.netjac.tfjs.KerasModelConfig;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads Keras model files into a {@link Graph}: a Keras 2 {@code .h5} ({@code model.save("x.h5")}: root attribute
 * {@code model_config} with the model's JSON config, weights under {@code model_weights}) and a Keras 3
 * {@code .keras} archive (config.json, metadata.json, model.weights.h5). The config goes through the one Keras
 * translator ({@link KerasModelConfig}, shared with TF.js) and the weights are found by name ({@link H5Weights}).
 * See {@code docs/keras.md}.
 */
public final class KerasFileReader {
    private KerasFileReader() {}

    /** Reads {@code model}, an HDF5 file or a zip archive as {@link ModelFormat#detect} found, recording it in {@code read}. */
    public static Graph read(Path model, String file, ModelFormat format, ReadOptions options, ReadFiles read) {
        KerasModelConfig[] config = {null};
        try {
            read.add(model);
            return format == ModelFormat.HDF5 ? readH5(model, file, options, config) : readArchive(model, file, options, config);
        } catch (NetjacException e) {
            throw UserText.oneLine(config[0] == null ? e : config[0].relabel(e));
        }
    }

    /**
     * Whether {@code file}, an HDF5 file or zip archive, is a whole Keras model rather than a file that lives beside
     * models (weights saved with {@code model.save_weights}, an {@code .npz}): an HDF5 file with the root attribute
     * {@code model_config}, a zip with a config.json entry. A file that cannot be opened counts as a model, so that
     * reading it reports what is wrong. For build tools that discover models by name.
     */
    public static boolean isKerasModel(Path file) {
        try {
            if (ModelFormat.detect(file, file.toString()) == ModelFormat.ZIP) {
                try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
                    return zip.getEntry("config.json") != null;
                }
            }
            try (HdfFile h5 = new HdfFile(file)) {
                return h5.getAttribute("model_config") != null;
            }
        } catch (java.io.IOException | RuntimeException e) {
            return true;
        }
    }

    private static Graph readH5(Path model, String file, ReadOptions options, KerasModelConfig[] config) {
        HdfFile h5 = open(model, file);
        try {
            String json = H5Datasets.stringAttribute(h5, "model_config", file);
            if (json == null) {
                boolean weightsOnly = h5.getAttribute("layer_names") != null || h5.getChildren().containsKey("layers")
                        || h5.getChildren().containsKey("_layer_checkpoint_dependencies");
                throw new NetjacException(file + ": an HDF5 file without the root attribute model_config, so no Keras model"
                        + (weightsOnly ? " (it holds weights only, as model.save_weights writes them)" : "")
                        + "; save the whole model in Python with model.save(\"model.h5\") or model.save(\"model.keras\")");
            }
            ObjectNode topology = JsonNodeFactory.instance.objectNode();
            String version = H5Datasets.stringAttribute(h5, "keras_version", file);
            topology.put("keras_version", version == null ? "" : version);
            topology.set("model_config", SpecReader.parse(json.getBytes(StandardCharsets.UTF_8), file + ": model_config"));
            config[0] = KerasModelConfig.translate(topology, file, defaultName(model));
            Group weights = h5.getChildren().get("model_weights") instanceof Group g ? g : null;
            if (weights == null) {
                throw new NetjacException(file + ": no group model_weights: the model was saved without weights;"
                        + " expected what model.save(\"model.h5\") writes");
            }
            return SpecReader.read(config[0].spec(), file, model.toAbsolutePath().getParent(), defaultName(model), options,
                    new H5Weights(weights, H5Weights.Layout.KERAS2, config[0], options, file, fileSize(model, file)));
        } catch (NetjacException e) {
            throw e;
        } catch (RuntimeException e) {
            throw H5Datasets.damaged(file, "file", e);
        } finally {
            h5.close();
        }
    }

    private static Graph readArchive(Path model, String file, ReadOptions options, KerasModelConfig[] config) {
        KerasArchive archive = KerasArchive.read(model, file, Map.of(
                "config.json", KerasArchive.MAX_JSON_BYTES,
                "metadata.json", KerasArchive.MAX_JSON_BYTES,
                "model.weights.h5", KerasArchive.MAX_WEIGHTS_BYTES));
        ObjectNode topology = JsonNodeFactory.instance.objectNode();
        byte[] metadata = archive.get("metadata.json");
        JsonNode meta = metadata == null ? null : SpecReader.parse(metadata, file + ": metadata.json");
        topology.put("keras_version", meta == null ? "3" : meta.path("keras_version").asText("3"));
        topology.set("model_config", SpecReader.parse(archive.get("config.json"), file + ": config.json"));
        config[0] = KerasModelConfig.translate(topology, file, defaultName(model));
        byte[] weightBytes = archive.get("model.weights.h5");
        if (weightBytes == null) {
            throw new NetjacException(file + ": no model.weights.h5 in the archive; expected what model.save(\"x.keras\")"
                    + " writes (weights saved as .npz or separately are not read)");
        }
        String weightsFile = file + "!model.weights.h5";
        HdfFile h5;
        try {
            h5 = HdfFile.fromBytes(weightBytes);
        } catch (RuntimeException e) {
            throw H5Datasets.damaged(weightsFile, "file", e);
        }
        try {
            return SpecReader.read(config[0].spec(), file, model.toAbsolutePath().getParent(), defaultName(model), options,
                    new H5Weights(h5, H5Weights.Layout.KERAS3, config[0], options, weightsFile, weightBytes.length));
        } catch (NetjacException e) {
            throw e;
        } catch (RuntimeException e) {
            throw H5Datasets.damaged(weightsFile, "file", e);
        } finally {
            h5.close();
        }
    }

    private static HdfFile open(Path model, String file) {
        try {
            return new HdfFile(model);
        } catch (RuntimeException e) {
            throw H5Datasets.damaged(file, "file", e);
        }
    }

    private static long fileSize(Path model, String file) {
        try {
            return Files.size(model);
        } catch (java.io.IOException e) {
            throw new NetjacException(file + ": cannot read: " + UserText.oneLine(String.valueOf(e.getMessage())));
        }
    }

    private static String defaultName(Path model) {
        String name = model.getFileName() == null ? "model" : model.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
