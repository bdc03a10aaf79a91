package dev.netjac.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import dev.netjac.weights.ExpectedSize;
import dev.netjac.weights.Tensor;

/**
 * Resolves the weight references of a spec that an importer built in memory (the TF.js importer writes
 * references to its weights manifest), instead of the file references of a spec on disk.
 */
public interface WeightSource {
    /**
     * The tensor that {@code field} of a layer refers to.
     *
     * @param where the layer, as messages name it (e.g. {@code model.json: layers[2] (dense "fc2")})
     * @param field the weight field, e.g. {@code kernel}
     * @param reference the field's JSON value, as the importer wrote it
     */
    Tensor load(String where, String field, JsonNode reference);

    /**
     * As {@link #load(String, String, JsonNode)}, refusing a weight with more values than {@code expected} before
     * decoding it. Sources whose files make size claims (manifests, archives) override this.
     */
    default Tensor load(String where, String field, JsonNode reference, ExpectedSize expected) {
        return load(where, field, reference);
    }

    /**
     * Refuses NaN and infinite values unless {@code options} allow them, as the spec reader does for weight
     * files: {@code <where>: weight "<name>" contains NaN at index (i, j); expected finite weights ...}.
     */
    static void rejectNonFinite(String where, String name, Tensor tensor, ReadOptions options) {
        if (options.allowNonFiniteWeights()) {
            return;
        }
        for (int i = 0; i < tensor.size(); i++) {
            double v = tensor.get(i);
            if (!Double.isFinite(v)) {
                throw new NetjacException(where + ": weight " + UserText.quote(name) + " contains "
                        + (Double.isNaN(v) ? "NaN" : v > 0 ? "+Infinity" : "-Infinity") + " at index "
                        + Tensor.indexString(tensor.shape(), i) + "; expected finite weights (allow them with --allow-non-finite)");
            }
        }
    }
}
