package dev.netjac.spec;

import dev.netjac.UserText;
import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.graph.Shapes;
import dev.netjac.layers.Activation;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.KerasRelu;
import dev.netjac.layers.Layer;
import dev.netjac.layers.PRelu;
import dev.netjac.layers.ParametricActivation;
import dev.netjac.layers.ParametricActivationLayer;
import dev.netjac.runtime.Activations;
import dev.netjac.layers.ThresholdedRelu;
import dev.netjac.weights.ExpectedSize;
import dev.netjac.weights.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Parsers of the activation layer types that take options or weights: {@code relu} (Keras's ReLU layer
 * options), {@code prelu} and {@code thresholded_relu}. Registered in {@link SpecTypes}.
 */
final class ActivationParsers {
    private ActivationParsers() {}

    /**
     * {@code relu} with optional {@code max_value} (absent or null: none), {@code negative_slope} (0) and
     * {@code threshold} (0). Without options (or with the defaults spelled out) it is the plain relu
     * {@link ActivationLayer}, whose generated code is unchanged.
     */
    static List<Layer> relu(JsonObject json, int[] shape, ParseContext context) {
        if (json.has("alpha")) {
            throw json.error("'alpha' given but relu takes no parameter 'alpha'; for a slope below the threshold use"
                    + " 'negative_slope'");
        }
        double maxValue = Double.POSITIVE_INFINITY;
        if (json.has("max_value")) {
            maxValue = json.optionalDouble("max_value", Double.NaN);
            if (maxValue < 0) {
                throw json.error("'max_value': expected a number >= 0 or null (no cap), found "
                        + UserText.describe(json.raw("max_value")));
            }
        } else {
            json.raw("max_value"); // null is the same as absent
        }
        double negativeSlope = json.optionalDouble("negative_slope", 0.0);
        double threshold = json.optionalDouble("threshold", 0.0);
        if (threshold < 0) {
            // Keras's ReLU layer refuses it too; its function would then also clip x in (threshold, 0) to 0.
            throw json.error("'threshold': expected a number >= 0, found " + UserText.describe(json.raw("threshold")));
        }
        json.rejectUnknownFields(List.of("type", "name", "max_value", "negative_slope", "threshold"));
        if (maxValue == Double.POSITIVE_INFINITY && negativeSlope == 0 && threshold == 0) {
            return List.of(new ActivationLayer(context.nextId(Activation.RELU.method()), shape, Activation.RELU, Double.NaN));
        }
        return List.of(new KerasRelu(context.nextId("relu"), shape, negativeSlope, maxValue, threshold));
    }

    /** {@code thresholded_relu} with {@code theta} (1.0). */
    static List<Layer> thresholdedRelu(JsonObject json, int[] shape, ParseContext context) {
        double theta = json.optionalDouble("theta", 1.0);
        json.rejectUnknownFields(List.of("type", "name", "theta"));
        return List.of(new ThresholdedRelu(context.nextId("thresholdedRelu"), shape, theta));
    }

    /**
     * {@code prelu} with weight {@code alpha} shaped like the input with the {@code shared_axes} (an int or a
     * list of ints, netjac axes: no batch, negative from the end) set to 1.
     */
    static List<Layer> prelu(JsonObject json, int[] shape, ParseContext context) {
        int[] sharedAxes = sharedAxes(json, shape);
        // Before the shape check: a misspelled shared_axes would otherwise surface as a wrong alpha shape.
        json.rejectUnknownFields(List.of("type", "name", "alpha", "shared_axes"));
        if (!json.has("alpha")) {
            throw json.missing("alpha", "prelu needs its learned slopes");
        }
        int[] expected = PRelu.alphaShape(shape, sharedAxes);
        Tensor alpha = context.weight(json, "alpha", ExpectedSize.shape(expected));
        if (!Arrays.equals(alpha.shape(), expected)) {
            throw json.error("alpha has shape " + alpha.shapeString() + ", expected " + Tensor.shapeString(expected)
                    + " (the input shape " + Shapes.toString(shape)
                    + (sharedAxes.length == 0 ? "" : " with shared_axes " + Arrays.toString(sharedAxes) + " set to 1") + ")");
        }
        return List.of(new PRelu(context.nextId("prelu"), shape, sharedAxes, alpha));
    }

    /** The shared axes, normalized to [0, rank), sorted; empty when absent or null. */
    private static int[] sharedAxes(JsonObject json, int[] shape) {
        JsonNode node = json.raw("shared_axes");
        if (node == null || node.isNull()) {
            return new int[0];
        }
        List<JsonNode> items;
        if (node.isArray()) {
            items = json.requireArray("shared_axes");
        } else {
            items = List.of(node);
        }
        int rank = shape.length;
        boolean[] seen = new boolean[rank];
        for (JsonNode item : items) {
            if (!item.isIntegralNumber() || !item.canConvertToInt()) {
                throw json.error("'shared_axes': expected an integer or a list of integers, found "
                        + UserText.describe(item) + (node.isArray() ? " in the list" : ""));
            }
            int axis = item.intValue();
            if (axis < -rank || axis >= rank) {
                throw json.error("'shared_axes': axis " + axis + " is out of range for input shape " + Shapes.toString(shape)
                        + ", expected -" + rank + ".." + (rank - 1) + " (netjac axes exclude the batch)");
            }
            int normalized = axis < 0 ? axis + rank : axis;
            if (seen[normalized]) {
                throw json.error("'shared_axes': axis " + normalized + " is given twice");
            }
            seen[normalized] = true;
        }
        return java.util.stream.IntStream.range(0, rank).filter(a -> seen[a]).toArray();
    }

    /** {@code pow} with {@code exponent} (required, any finite number). */
    static List<Layer> pow(JsonObject json, int[] shape, ParseContext context) {
        if (!json.has("exponent")) {
            throw json.missing("exponent", "pow needs the constant exponent p of x^p");
        }
        double p = json.optionalDouble("exponent", Double.NaN);
        json.rejectUnknownFields(List.of("type", "name", "exponent"));
        return List.of(new ParametricActivationLayer(context.nextId("pow"), shape, ParametricActivation.POW, p));
    }

    /** {@code clip} with optional {@code min} and {@code max} (absent: no bound), min &lt;= max. */
    static List<Layer> clip(JsonObject json, int[] shape, ParseContext context) {
        double lo = json.optionalDouble("min", Double.NEGATIVE_INFINITY);
        double hi = json.optionalDouble("max", Double.POSITIVE_INFINITY);
        if (!(lo <= hi)) {
            throw json.error("'min' must not be above 'max', found min " + lo + " and max " + hi);
        }
        json.rejectUnknownFields(List.of("type", "name", "min", "max"));
        return List.of(new ParametricActivationLayer(context.nextId("clip"), shape, ParametricActivation.CLIP, lo, hi));
    }

    /**
     * {@code hard_sigmoid} with optional {@code alpha} and {@code beta} (ONNX's HardSigmoid); with neither, or
     * with Keras's 0.2 and 0.5, the plain {@code hard_sigmoid} activation, whose generated code is unchanged.
     */
    static List<Layer> hardSigmoid(JsonObject json, int[] shape, ParseContext context) {
        double alpha = json.optionalDouble("alpha", 0.2);
        double beta = json.optionalDouble("beta", 0.5);
        json.rejectUnknownFields(List.of("type", "name", "alpha", "beta"));
        if (alpha == 0.2 && beta == 0.5) {
            return List.of(new ActivationLayer(context.nextId(Activation.HARD_SIGMOID.method()), shape,
                    Activation.HARD_SIGMOID, Double.NaN));
        }
        return List.of(new ParametricActivationLayer(context.nextId("hardSigmoid"), shape, ParametricActivation.HARD_SIGMOID,
                alpha, beta));
    }

    /**
     * {@code selu} with optional {@code alpha} and {@code gamma} (ONNX's Selu); with neither, or with the SELU
     * constants, the plain {@code selu} activation.
     */
    static List<Layer> selu(JsonObject json, int[] shape, ParseContext context) {
        double alpha = json.optionalDouble("alpha", Activations.SELU_ALPHA);
        double gamma = json.optionalDouble("gamma", Activations.SELU_SCALE);
        json.rejectUnknownFields(List.of("type", "name", "alpha", "gamma"));
        if (alpha == Activations.SELU_ALPHA && gamma == Activations.SELU_SCALE) {
            return List.of(new ActivationLayer(context.nextId(Activation.SELU.method()), shape, Activation.SELU, Double.NaN));
        }
        return List.of(new ParametricActivationLayer(context.nextId("selu"), shape, ParametricActivation.SELU, alpha, gamma));
    }
}
