package dev.netjac.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import dev.netjac.weights.ExpectedSize;
import dev.netjac.weights.InlineArrays;
import dev.netjac.weights.Npy;
import dev.netjac.weights.Npz;
import dev.netjac.weights.Safetensors;
import dev.netjac.weights.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Resolves a weight reference from a spec to a {@link Tensor}. The forms:
 * <ul>
 *   <li>{@code "w1.npy"}: a .npy file, relative to the spec's folder;</li>
 *   <li>{@code {"file": "weights.npz", "key": "w1"}}: one array of an .npz archive;</li>
 *   <li>{@code {"file": "model.safetensors", "tensor": "fc1.weight"}}: one tensor of a safetensors file;</li>
 *   <li>nested JSON arrays of numbers, for tiny layers.</li>
 * </ul>
 * Files must really be inside the spec's folder (see {@link ModelFolder}) unless
 * {@link ReadOptions#allowWeightsOutsideModelDir()}.
 */
final class WeightLoader {
    private final ModelFolder folder;
    private final ReadOptions options;
    private final ReadFiles read;

    /** {@code read} records every weight file opened. */
    WeightLoader(Path baseDir, ReadOptions options, ReadFiles read) {
        this.folder = ModelFolder.of(baseDir, options, "the spec");
        this.options = options;
        this.read = read;
    }

    /**
     * Loads the weight in field {@code field} of {@code layer}; errors name the layer, the field and the file. A
     * file claiming more values than {@code expected} is refused from its header, before its data is decoded.
     */
    Tensor load(JsonObject layer, String field, ExpectedSize expected) {
        JsonNode ref = layer.require(field);
        String what = field;
        Tensor tensor;
        try {
            if (ref.isTextual()) {
                what = field + " " + UserText.fileName(ref.asText());
                Path file = resolve(layer, field, ref.asText());
                String lower = ref.asText().toLowerCase(Locale.ROOT);
                if (lower.endsWith(".npz") || lower.endsWith(".safetensors")) {
                    throw layer.error("'" + field + "': " + UserText.quote(ref.asText()) + " holds several arrays; expected "
                            + (lower.endsWith(".npz") ? "{\"file\": ..., \"key\": ...}" : "{\"file\": ..., \"tensor\": ...}"));
                }
                tensor = Npy.read(file, expected);
            } else if (ref.isObject()) {
                JsonObject obj = new JsonObject(ref, layer.where() + ": " + field);
                String name = obj.requireString("file");
                what = field + " " + UserText.fileName(name);
                Path file = resolve(layer, field, name);
                if (obj.has("key") && obj.has("tensor")) {
                    throw obj.error("expected \"key\" or \"tensor\", found both");
                }
                if (obj.has("key")) {
                    String key = obj.requireString("key");
                    what += "[" + UserText.fileName(key) + "]";
                    tensor = Npz.read(file, key, expected);
                } else if (obj.has("tensor")) {
                    String tensorName = obj.requireString("tensor");
                    what += "[" + UserText.fileName(tensorName) + "]";
                    tensor = Safetensors.read(file, tensorName, expected);
                } else if (name.toLowerCase(Locale.ROOT).endsWith(".npy")) {
                    tensor = Npy.read(file, expected);
                } else {
                    throw obj.error("expected \"key\" (for .npz) or \"tensor\" (for .safetensors) beside \"file\"");
                }
                obj.rejectUnknownFields(List.of("file", "key", "tensor"));
            } else if (ref.isArray() || ref.isNumber()) {
                what = field + " (inline)";
                tensor = InlineArrays.fromJson(ref, layer.where() + ": " + field);
            } else {
                throw layer.error("'" + field + "': expected a file name, {\"file\": ...} or an array of numbers, found "
                        + UserText.describe(ref));
            }
        } catch (NetjacException e) {
            if (e.getMessage().startsWith(layer.where())) {
                throw e;
            }
            throw e.withContext(layer.where() + ": " + field);
        }
        if (!options.allowNonFiniteWeights()) {
            rejectNonFinite(layer, what, tensor);
        }
        return tensor;
    }

    private Path resolve(JsonObject layer, String field, String name) {
        Path file = folder.resolve(name, message -> layer.error("'" + field + "': " + message));
        read.add(file);
        return file;
    }

    private static void rejectNonFinite(JsonObject layer, String what, Tensor tensor) {
        for (int i = 0; i < tensor.size(); i++) {
            double v = tensor.get(i);
            if (!Double.isFinite(v)) {
                throw layer.error(what + " contains " + (Double.isNaN(v) ? "NaN" : v > 0 ? "+Infinity" : "-Infinity")
                        + " at index " + Tensor.indexString(tensor.shape(), i)
                        + "; expected finite weights (allow them with --allow-non-finite)");
            }
        }
    }
}
