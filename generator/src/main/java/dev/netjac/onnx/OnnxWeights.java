package dev.netjac.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.NetjacException;
import dev.netjac.spec.WeightSource;
import dev.netjac.weights.Tensor;
import java.util.Map;

/** Serves the weights the translator computed from the ONNX initializers, by the keys {@link OnnxSpec} wrote. */
final class OnnxWeights implements WeightSource {
    private final Map<String, Tensor> weights;

    OnnxWeights(Map<String, Tensor> weights) {
        this.weights = weights;
    }

    @Override
    public Tensor load(String where, String field, JsonNode reference) {
        Tensor t = weights.get(reference.asText());
        if (t == null) {
            // Only a translator bug gets here: every reference it writes has its tensor.
            throw new NetjacException(where + ": weight " + reference.asText() + " missing from the ONNX translation");
        }
        return t;
    }
}
