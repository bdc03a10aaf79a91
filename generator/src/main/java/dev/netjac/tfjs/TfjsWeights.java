package dev.netjac.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import dev.netjac.spec.ReadOptions;
import dev.netjac.spec.WeightSource;
import dev.netjac.weights.ExpectedSize;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Resolves the weight references the translator writes ({@code "<keras layer>/<weight>"}) in the weights
 * manifest, by name and never by position (a layer's non-trainable weights, such as BatchNormalization's
 * moving statistics, are listed after all trainable ones). Accepted spellings, in order:
 * <ol>
 *   <li>{@code dense_1/kernel}, as TF.js's {@code model.save} and the converter write it;</li>
 *   <li>{@code dense_1/kernel:0}, the TensorFlow variable name;</li>
 *   <li>a unique name ending in {@code /dense_1/kernel} (or {@code :0}): the layer under a scope prefix, e.g.
 *       the enclosing model's name;</li>
 *   <li>a unique name {@code dense_1/<cell>/kernel}, the inner-cell form TF 2.2 writes.</li>
 * </ol>
 */
final class TfjsWeights implements WeightSource {
    private final WeightsManifest manifest;
    private final ReadOptions options;
    private final String file;

    TfjsWeights(WeightsManifest manifest, ReadOptions options, String file) {
        this.manifest = manifest;
        this.options = options;
        this.file = file;
    }

    /** The reference to weight {@code weight} of Keras layer {@code layer}, as spec weight fields hold it. */
    static String reference(String layer, String weight) {
        return layer + "/" + weight;
    }

    @Override
    public Tensor load(String where, String field, JsonNode reference) {
        return load(where, field, reference, ExpectedSize.ANY);
    }

    @Override
    public Tensor load(String where, String field, JsonNode reference, ExpectedSize expected) {
        String ref = reference.asText();
        int slash = ref.lastIndexOf('/');
        String layer = ref.substring(0, Math.max(slash, 0));
        String weight = ref.substring(slash + 1);
        WeightsManifest.Entry entry = find(where, layer, weight);
        Tensor tensor = manifest.decode(entry, where, expected);
        WeightSource.rejectNonFinite(where, entry.name(), tensor, options);
        return tensor;
    }

    private WeightsManifest.Entry find(String where, String layer, String weight) {
        String name = layer + "/" + weight;
        for (String exact : List.of(name, name + ":0")) {
            if (manifest.get(exact) != null) {
                return manifest.get(exact);
            }
        }
        List<String> scoped = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        for (String candidate : manifest.names()) {
            String bare = candidate.endsWith(":0") ? candidate.substring(0, candidate.length() - 2) : candidate;
            if (bare.endsWith("/" + name)) {
                scoped.add(candidate);
            } else if (bare.startsWith(layer + "/") && bare.endsWith("/" + weight)
                    && bare.indexOf('/', layer.length() + 1) == bare.length() - weight.length() - 1) {
                cells.add(candidate);
            }
        }
        for (List<String> matches : List.of(scoped, cells)) {
            if (matches.size() == 1) {
                return manifest.get(matches.get(0));
            }
            if (matches.size() > 1) {
                throw new NetjacException(where + ": weight " + UserText.quote(name) + " is ambiguous in the weights manifest"
                        + " of " + file + ": " + UserText.list(matches, 5) + " all match; expected exactly one");
            }
        }
        throw new NetjacException(where + ": weight " + UserText.quote(name) + " not found in the weights manifest of "
                + file + "; close names: " + UserText.list(closeNames(layer, weight), 6));
    }

    /** Names sharing the layer or the weight name, else the nearest spellings, for "not found" messages. */
    private List<String> closeNames(String layer, String weight) {
        String name = layer + "/" + weight;
        List<String> all = manifest.names();
        all.sort(Comparator.comparingInt((String n) -> score(n, layer, weight, name)).thenComparing(n -> n));
        List<String> close = new ArrayList<>();
        for (String n : all) {
            if (close.size() < 6) {
                close.add(n);
            }
        }
        return close;
    }

    private static int score(String candidate, String layer, String weight, String name) {
        int d = UserText.editDistance(candidate, name);
        if (candidate.startsWith(layer + "/") || candidate.contains("/" + layer + "/")) {
            d -= 1000;
        }
        if (candidate.endsWith("/" + weight) || candidate.endsWith("/" + weight + ":0")) {
            d -= 100;
        }
        return d;
    }
}
