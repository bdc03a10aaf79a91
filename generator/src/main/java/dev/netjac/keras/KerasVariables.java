package dev.netjac.keras;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The order in which Keras 3 layers create their variables, which is the order {@code save_own_variables} stores
 * them in a {@code .keras} archive ({@code layers/<name>/vars/0}, {@code /1}, ...): the names are not stored, so a
 * weight is found by its position in the layer's {@code build()} (keras/src/layers/core/dense.py,
 * convolutional/base_conv.py, normalization/batch_normalization.py, normalization/layer_normalization.py,
 * activations/prelu.py).
 */
final class KerasVariables {
    private KerasVariables() {}

    /** The variable names of a layer of class {@code className} with {@code config}, in creation order. */
    static List<String> of(String className, JsonNode config) {
        List<String> names = new ArrayList<>();
        switch (className) {
            case "Dense", "Conv1D", "Conv2D", "Convolution1D", "Convolution2D" -> {
                names.add("kernel");
                if (config.path("use_bias").asBoolean(true)) {
                    names.add("bias");
                }
            }
            case "BatchNormalization" -> {
                if (config.path("scale").asBoolean(true)) {
                    names.add("gamma");
                }
                if (config.path("center").asBoolean(true)) {
                    names.add("beta");
                }
                names.add("moving_mean");
                names.add("moving_variance");
            }
            case "LayerNormalization" -> {
                if (config.path("scale").asBoolean(true)) {
                    names.add("gamma");
                }
                if (config.path("center").asBoolean(true)) {
                    names.add("beta");
                }
            }
            case "PReLU" -> names.add("alpha");
            default -> {
                // no variables netjac reads
            }
        }
        return names;
    }
}
