package dev.netjac.spec;

import dev.netjac.UserText;
import dev.netjac.graph.Shapes;
import dev.netjac.layers.Activation;
import dev.netjac.layers.Gru;
import dev.netjac.layers.Layer;
import dev.netjac.layers.Lstm;
import dev.netjac.layers.SimpleRnn;
import dev.netjac.weights.ExpectedSize;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Spec types {@code simple_rnn}, {@code lstm} and {@code gru}, with Keras's field names, defaults and weight
 * layouts: kernel (F, gates·units), recurrent_kernel (units, gates·units), bias (gates·units), or (2, 3·units)
 * for a GRU with reset_after (input bias, then recurrent bias). See docs/layers-recurrent.md.
 */
final class RecurrentParsers {
    private RecurrentParsers() {}

    private static final List<String> COMMON = List.of("type", "name", "units", "activation", "use_bias",
            "return_sequences", "go_backwards", "kernel", "recurrent_kernel", "bias");

    static List<Layer> simpleRnn(JsonObject json, int[] shape, ParseContext context) {
        Common c = common(json, shape, context, 1, Activation.TANH);
        Tensor bias = c.useBias ? bias(json, context, c.units) : null;
        json.rejectUnknownFields(COMMON);
        return List.of(new SimpleRnn(context.nextId("simpleRnn"), shape, c.units, c.activation, c.kernel, c.recurrent, bias,
                c.returnSequences, c.goBackwards));
    }

    static List<Layer> lstm(JsonObject json, int[] shape, ParseContext context) {
        Common c = common(json, shape, context, 4, Activation.TANH);
        Activation recurrentActivation = activation(json, "recurrent_activation", Activation.SIGMOID);
        Tensor bias = c.useBias ? bias(json, context, 4 * c.units) : null;
        json.rejectUnknownFields(with("recurrent_activation"));
        return List.of(new Lstm(context.nextId("lstm"), shape, c.units, c.activation, recurrentActivation, c.kernel,
                c.recurrent, bias, c.returnSequences, c.goBackwards));
    }

    static List<Layer> gru(JsonObject json, int[] shape, ParseContext context) {
        Common c = common(json, shape, context, 3, Activation.TANH);
        Activation recurrentActivation = activation(json, "recurrent_activation", Activation.SIGMOID);
        boolean resetAfter = json.optionalBoolean("reset_after", true);
        Tensor inputBias = null;
        Tensor recurrentBias = null;
        if (c.useBias && resetAfter) {
            int width = 3 * c.units;
            Tensor both = weight(json, context, "bias", 2, width);
            inputBias = Tensor.of(new int[] {width}, Arrays.copyOfRange(both.toArray(), 0, width));
            recurrentBias = Tensor.of(new int[] {width}, Arrays.copyOfRange(both.toArray(), width, 2 * width));
        } else if (c.useBias) {
            inputBias = bias(json, context, 3 * c.units);
        }
        json.rejectUnknownFields(with("recurrent_activation", "reset_after"));
        return List.of(new Gru(context.nextId("gru"), shape, c.units, c.activation, recurrentActivation, c.kernel,
                c.recurrent, inputBias, recurrentBias, resetAfter, c.returnSequences, c.goBackwards));
    }

    /** The fields every recurrent type has. */
    private record Common(int units, Activation activation, boolean useBias, boolean returnSequences,
                          boolean goBackwards, Tensor kernel, Tensor recurrent) {}

    private static Common common(JsonObject json, int[] shape, ParseContext context, int gates, Activation fallback) {
        if (shape.length != 2) {
            throw json.error("expects an input [steps, features] (channels last, as Keras), found "
                    + Shapes.toString(shape));
        }
        int units = json.requireInt("units", 1, Limits.MAX_DIMENSION);
        long width = (long) gates * units;
        if ((shape[1] + units) * width > Limits.MAX_PARAMETERS) {
            throw json.error(units + " units over " + shape[1] + " features have more than " + Limits.MAX_PARAMETERS + " weights");
        }
        Activation activation = activation(json, "activation", fallback);
        boolean useBias = json.optionalBoolean("use_bias", true);
        boolean returnSequences = json.optionalBoolean("return_sequences", false);
        boolean goBackwards = json.optionalBoolean("go_backwards", false);
        Tensor kernel = weight(json, context, "kernel", shape[1], (int) width);
        Tensor recurrent = weight(json, context, "recurrent_kernel", units, (int) width);
        if (!useBias && json.has("bias")) {
            throw json.error("'bias' given but 'use_bias' is false");
        }
        return new Common(units, activation, useBias, returnSequences, goBackwards, kernel, recurrent);
    }

    /** An activation by name, without parameters (a recurrent cell has no alpha field). */
    private static Activation activation(JsonObject json, String field, Activation fallback) {
        String name = json.optionalString(field, fallback.specName());
        Activation activation = Activation.forName(name);
        if (activation == null) {
            throw json.error("'" + field + "': unknown activation " + UserText.quote(name));
        }
        return activation;
    }

    private static Tensor bias(JsonObject json, ParseContext context, int size) {
        if (!json.has("bias")) {
            throw json.missing("bias", "give the bias, or set \"use_bias\": false for a layer without one");
        }
        return weight(json, context, "bias", size);
    }

    /** A required weight of exactly {@code shape}. */
    private static Tensor weight(JsonObject json, ParseContext context, String field, int... shape) {
        if (!json.has(field)) {
            throw json.missing(field, null);
        }
        Tensor t = context.weight(json, field, ExpectedSize.shape(shape));
        if (!Arrays.equals(t.shape(), shape)) {
            throw json.error(field + " " + CoreParsers.refName(json, field) + "has shape " + t.shapeString() + ", expected "
                    + Tensor.shapeString(shape) + " (Keras layout)");
        }
        return t;
    }

    private static List<String> with(String... more) {
        List<String> fields = new ArrayList<>(COMMON);
        fields.addAll(List.of(more));
        return fields;
    }
}
