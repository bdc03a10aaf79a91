package dev.netjac.spec;

import dev.netjac.UserText;
import dev.netjac.graph.Shapes;
import dev.netjac.layers.Activation;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.Dense;
import dev.netjac.layers.LogSoftmax;
import dev.netjac.layers.Softmax;
import dev.netjac.layers.Layer;
import dev.netjac.weights.ExpectedSize;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Parsers of the plainest spec types: {@code dense}, the activation functions, {@code activation} (by name)
 * and the axis of softmax; and helpers the other parsers share. Registered in {@link SpecTypes}.
 */
final class CoreParsers {
    private CoreParsers() {}

    /** The optional {@code axis} of a softmax (default -1, the last), counted without the batch axis, as 0..rank-1. */
    static int axis(JsonObject json, int[] shape) {
        int rank = shape.length;
        int axis = json.has("axis") ? json.requireInt("axis", -rank, rank - 1) : -1;
        json.rejectUnknownFields(List.of("type", "name", "axis"));
        return axis < 0 ? axis + rank : axis;
    }

    /**
     * When the kernel has the transposed shape, the likely mistake is the layout (PyTorch's nn.Linear stores
     * (out, in), Keras (in, out)), so the message names the option that fixes it.
     */
    private static String transposedHint(int[] found, int[] expected, String layout) {
        if (found.length != 2 || found[0] != expected[1] || found[1] != expected[0]) {
            return "";
        }
        return layout.equals("in_out")
                ? "; a PyTorch nn.Linear weight is (out, in): add \"kernel_layout\": \"out_in\""
                : "; a Keras kernel is (in, out): remove \"kernel_layout\" or set it to \"in_out\"";
    }

    static List<Layer> dense(JsonObject json, int[] shape, ParseContext context) {
        // On rank > 1 dense acts on the last axis at every leading position, as in Keras.
        int in = shape[shape.length - 1];
        int units = json.requireInt("units", 1, Limits.MAX_DIMENSION);
        String layout = json.optionalString("kernel_layout", "in_out");
        if (!layout.equals("in_out") && !layout.equals("out_in")) {
            throw json.error("'kernel_layout': expected \"in_out\" (Keras) or \"out_in\" (PyTorch), found "
                    + UserText.quote(layout));
        }
        if ((long) in * units > Limits.MAX_PARAMETERS) {
            throw json.error("a " + in + " x " + units + " kernel has more than " + Limits.MAX_PARAMETERS + " weights");
        }
        long outputs = (long) (Shapes.size(shape) / in) * units;
        if (outputs > Limits.MAX_DIMENSION) {
            throw json.error("the output, " + units + " units at each of " + Shapes.size(shape) / in
                    + " positions, has more than " + Limits.MAX_DIMENSION + " values");
        }
        boolean useBias = json.optionalBoolean("use_bias", true);
        String activationName = json.optionalString("activation", "linear");
        Activation activation = Activation.forName(activationName);
        // As in Keras, softmax and log_softmax here mean the same as a following layer of that type over the last
        // axis; they are not elementwise, so they become that layer rather than an activation.
        boolean softmaxAfter = activation == null && (activationName.equals("softmax") || activationName.equals("log_softmax"));
        if (softmaxAfter) {
            activation = Activation.LINEAR;
        }
        if (activation == null) {
            throw unknownActivation(json, activationName);
        }
        double alpha = alpha(json, activation);

        int[] expected = layout.equals("in_out") ? new int[] {in, units} : new int[] {units, in};
        Tensor kernel = context.weight(json, "kernel", ExpectedSize.shape(expected));
        String kernelRef = refName(json, "kernel");
        if (!java.util.Arrays.equals(kernel.shape(), expected)) {
            throw json.error("kernel " + kernelRef + "has shape " + kernel.shapeString() + ", expected "
                    + Tensor.shapeString(expected) + (layout.equals("in_out") ? " (in, out)" : " (out, in)")
                    + (shape.length > 1 ? " for the last axis of input " + Shapes.toString(shape) : "")
                    + transposedHint(kernel.shape(), expected, layout));
        }
        if (layout.equals("out_in")) {
            kernel = kernel.transpose2d();
        }
        Tensor bias = null;
        if (useBias) {
            if (!json.has("bias")) {
                throw json.missing("bias", "give the bias, or set \"use_bias\": false for a layer without one");
            }
            bias = context.weight(json, "bias", ExpectedSize.shape(units));
            if (bias.rank() != 1 || bias.dim(0) != units) {
                throw json.error("bias " + refName(json, "bias") + "has shape " + bias.shapeString() + ", expected ("
                        + units + ",)");
            }
        } else if (json.has("bias")) {
            throw json.error("'bias' given but 'use_bias' is false");
        }
        json.rejectUnknownFields(List.of("type", "name", "units", "kernel", "bias", "use_bias", "activation",
                "kernel_layout", "alpha"));
        List<Layer> layers = new ArrayList<>();
        Dense dense = new Dense(context.nextId("dense"), shape, kernel, bias);
        layers.add(dense);
        if (activation != Activation.LINEAR) {
            layers.add(new ActivationLayer(context.nextId(activation.method()), dense.outputShape(), activation, alpha));
        }
        int[] out = dense.outputShape();
        if (softmaxAfter && activationName.equals("softmax")) {
            layers.add(new Softmax(context.nextId("softmax"), out, out.length - 1));
        } else if (softmaxAfter) {
            layers.add(new LogSoftmax(context.nextId("log_softmax"), out, out.length - 1));
        }
        return layers;
    }

    static List<Layer> activationByName(JsonObject json, int[] shape, ParseContext context) {
        String name = json.requireString("activation");
        Activation activation = Activation.forName(name);
        if (activation == null) {
            if (name.equals("softmax") || name.equals("log_softmax")) {
                return SpecTypes.get(name).parse(json, List.of(shape), false, context);
            }
            throw unknownActivation(json, name);
        }
        return activationLayer(json, shape, context, activation);
    }

    static List<Layer> activationLayer(JsonObject json, int[] shape, ParseContext context, Activation activation) {
        double alpha = alpha(json, activation);
        json.rejectUnknownFields(activation.hasAlpha() ? List.of("type", "name", "alpha") : List.of("type", "name"));
        return List.of(new ActivationLayer(context.nextId(activation.method()), shape, activation, alpha));
    }

    static double alpha(JsonObject json, Activation activation) {
        if (!activation.hasAlpha()) {
            if (json.has("alpha")) {
                throw json.error("'alpha' given but " + activation.specName() + " takes no parameter");
            }
            return Double.NaN;
        }
        return json.optionalDouble("alpha", activation.defaultAlpha());
    }

    static String refName(JsonObject json, String field) {
        com.fasterxml.jackson.databind.JsonNode ref = json.raw(field);
        if (ref != null && ref.isTextual()) {
            return UserText.fileName(ref.asText()) + " ";
        }
        if (ref != null && ref.isObject() && ref.has("file")) {
            String inner = ref.has("key") ? ref.get("key").asText() : ref.has("tensor") ? ref.get("tensor").asText() : "";
            return UserText.fileName(ref.get("file").asText()) + (inner.isEmpty() ? "" : "[" + UserText.fileName(inner) + "]") + " ";
        }
        return "(inline) ";
    }

    static dev.netjac.NetjacException unknownActivation(JsonObject json, String name) {
        List<String> names = activationNames();
        return json.error("unknown activation " + UserText.quote(name) + UserText.didYouMean(name, names)
                + ", expected one of " + String.join(", ", names));
    }

    private static List<String> activationNames() {
        List<String> names = new ArrayList<>();
        for (Activation a : Activation.values()) {
            names.add(a.specName());
        }
        return names;
    }
}
