package dev.netjac.keras;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import dev.netjac.spec.ReadOptions;
import dev.netjac.spec.WeightSource;
import dev.netjac.tfjs.KerasModelConfig;
import dev.netjac.weights.ExpectedSize;
import dev.netjac.weights.Tensor;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves the translator's weight references ({@code "<keras layer>/<weight>"}) in a Keras HDF5 weights tree,
 * by name where the file stores names and never by a global position:
 * <ul>
 *   <li>Keras 2 ({@code model.save("x.h5")}, keras/src/legacy/saving/legacy_h5_format.py): group
 *       {@code model_weights/<layer>} lists its datasets in attribute {@code weight_names}
 *       ({@code "dense/kernel:0"}, stored at {@code model_weights/dense/dense/kernel:0}); the weight is the name
 *       whose last part, without {@code :0}, is the one asked for;</li>
 *   <li>Keras 3 ({@code model.weights.h5} in a {@code .keras} archive, keras/src/saving/saving_lib.py): group
 *       {@code layers/<layer>/vars} (Keras 2.13–2.15 wrote {@code _layer_checkpoint_dependencies/<layer>/vars})
 *       holds datasets {@code 0, 1, ...} in the layer's creation order, {@link KerasVariables}.</li>
 * </ul>
 */
final class H5Weights implements WeightSource {
    enum Layout { KERAS2, KERAS3 }

    private final Group root;
    private final Layout layout;
    private final KerasModelConfig config;
    private final ReadOptions options;
    private final String file;
    private final long fileSize;

    H5Weights(Group root, Layout layout, KerasModelConfig config, ReadOptions options, String file, long fileSize) {
        this.root = root;
        this.layout = layout;
        this.config = config;
        this.options = options;
        this.file = file;
        this.fileSize = fileSize;
    }

    @Override
    public Tensor load(String where, String field, JsonNode reference) {
        return load(where, field, reference, ExpectedSize.ANY);
    }

    /** The dataset's claimed shape is checked against what the layer expects before any value is read. */
    @Override
    public Tensor load(String where, String field, JsonNode reference, ExpectedSize expected) {
        String[] parts = KerasModelConfig.splitReference(reference.asText());
        Dataset dataset = layout == Layout.KERAS2 ? keras2(where, parts[0], parts[1]) : keras3(where, parts[0], parts[1]);
        Tensor tensor = H5Datasets.read(dataset, fileSize, where, expected);
        WeightSource.rejectNonFinite(where, dataset.getPath(), tensor, options);
        return tensor;
    }

    private Dataset keras2(String where, String layer, String weight) {
        Group group = group(root, layer);
        if (group == null) {
            throw new NetjacException(where + ": weights of layer " + UserText.quote(layer) + " not found in " + file
                    + ": no group " + UserText.quote(root.getPath() + layer) + "; layers with weights: "
                    + UserText.list(children(root), UserText.MAX_NAMES));
        }
        String[] names = H5Datasets.stringsAttribute(group, "weight_names", file);
        List<String> listed = names == null ? datasetPaths(group, "") : List.of(names);
        List<String> matches = new ArrayList<>();
        for (String name : listed) {
            String bare = name.endsWith(":0") ? name.substring(0, name.length() - 2) : name;
            if (bare.equals(weight) || bare.endsWith("/" + weight)) {
                matches.add(name);
            }
        }
        if (matches.size() != 1) {
            throw new NetjacException(where + ": weight " + UserText.quote(layer + "/" + weight) + (matches.isEmpty()
                    ? " not found in " + file + "; the layer's weights: " + UserText.list(listed, UserText.MAX_NAMES)
                    : " is ambiguous in " + file + ": " + UserText.list(matches, 5) + " all match; expected exactly one"));
        }
        Node node = child(group, matches.get(0));
        if (!(node instanceof Dataset dataset)) {
            throw new NetjacException(where + ": weight " + UserText.quote(matches.get(0)) + " is listed in weight_names of "
                    + UserText.quote(group.getPath()) + " but " + file + " holds no such dataset");
        }
        return dataset;
    }

    private Dataset keras3(String where, String layer, String weight) {
        Group vars = null;
        for (String container : List.of("layers", "_layer_checkpoint_dependencies")) {
            Group layers = group(root, container);
            Group layerGroup = layers == null ? null : group(layers, layer);
            vars = layerGroup == null ? null : group(layerGroup, "vars");
            if (vars != null) {
                break;
            }
        }
        if (vars == null) {
            throw new NetjacException(where + ": weights of layer " + UserText.quote(layer) + " not found in " + file
                    + ": no group layers/" + layer + "/vars");
        }
        List<String> order = KerasVariables.of(String.valueOf(config.className(layer)), config.layerConfig(layer));
        int index = order.indexOf(weight);
        Node node = index < 0 ? null : child(vars, String.valueOf(index));
        if (!(node instanceof Dataset dataset)) {
            throw new NetjacException(where + ": weight " + UserText.quote(layer + "/" + weight) + " (variable " + index
                    + " of " + UserText.list(order, UserText.MAX_NAMES) + ") not found in " + file + " under "
                    + UserText.quote(vars.getPath()) + ", which holds " + UserText.list(children(vars), UserText.MAX_NAMES));
        }
        if (children(vars).size() != order.size()) {
            throw new NetjacException(where + ": " + UserText.quote(vars.getPath()) + " in " + file + " holds "
                    + children(vars).size() + " variables; expected " + order.size() + " (" + UserText.list(order, UserText.MAX_NAMES) + ")");
        }
        return dataset;
    }

    private Group group(Group parent, String name) {
        return child(parent, name) instanceof Group g ? g : null;
    }

    /** The node at relative path {@code path} ('/'-separated), or null. */
    private Node child(Group parent, String path) {
        Node node = parent;
        try {
            for (String part : path.split("/")) {
                if (!(node instanceof Group g) || !g.getChildren().containsKey(part)) {
                    return null;
                }
                node = g.getChild(part);
            }
        } catch (RuntimeException e) {
            throw H5Datasets.damaged(file, "group " + UserText.quote(parent.getPath()), e);
        }
        return node;
    }

    private List<String> children(Group group) {
        try {
            return new ArrayList<>(group.getChildren().keySet());
        } catch (RuntimeException e) {
            throw H5Datasets.damaged(file, "group " + UserText.quote(group.getPath()), e);
        }
    }

    private List<String> datasetPaths(Group group, String prefix) {
        List<String> paths = new ArrayList<>();
        for (String name : children(group)) {
            Node node = group.getChild(name);
            if (node instanceof Group g) {
                paths.addAll(datasetPaths(g, prefix + name + "/"));
            } else {
                paths.add(prefix + name);
            }
        }
        return paths;
    }
}
