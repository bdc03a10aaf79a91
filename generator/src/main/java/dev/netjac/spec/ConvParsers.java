package dev.netjac.spec;

import dev.netjac.UserText;
import dev.netjac.graph.Shapes;
import dev.netjac.layers.Activation;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.Conv1D;
import dev.netjac.layers.Conv2D;
import dev.netjac.layers.ConvPadding;
import dev.netjac.layers.Layer;
import dev.netjac.weights.ExpectedSize;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads {@code conv1d} and {@code conv2d} layer objects (Keras's config names, see docs/layers-conv.md) and
 * checks them before anything is built: input rank, sizes, padding, that the kernel fits the padded input,
 * and the kernel and bias shapes. A non-linear {@code activation} becomes a following activation layer, as
 * for dense.
 */
final class ConvParsers {
    private ConvParsers() {}

    private static final List<String> FIELDS = List.of("type", "name", "filters", "kernel_size", "strides", "padding",
            "dilation_rate", "use_bias", "activation", "alpha", "kernel", "bias");

    static List<Layer> conv1d(JsonObject json, int[] shape, ParseContext context) {
        return conv(json, shape, context, 1);
    }

    static List<Layer> conv2d(JsonObject json, int[] shape, ParseContext context) {
        return conv(json, shape, context, 2);
    }

    private static List<Layer> conv(JsonObject json, int[] shape, ParseContext context, int dims) {
        String type = "conv" + dims + "d";
        if (shape.length != dims + 1) {
            throw json.error(type + " expects a rank-" + (dims + 1) + " input " + (dims == 1 ? "(steps, channels)" : "(height, width, channels)")
                    + ", found shape " + Shapes.toString(shape));
        }
        int channels = shape[dims];
        int filters = json.requireInt("filters", 1, Limits.MAX_DIMENSION);
        int[] kernelSize = json.positiveIntOrList("kernel_size", dims, null);
        int[] strides = json.positiveIntOrList("strides", dims, ones(dims));
        ConvPadding padding = padding(json, dims);
        int[] dilation = json.positiveIntOrList("dilation_rate", dims, ones(dims));
        for (int a = 0; a < dims; a++) {
            if ((long) (kernelSize[a] - 1) * dilation[a] + 1 > Limits.MAX_DIMENSION) {
                throw json.error("'kernel_size' " + list(kernelSize) + " with 'dilation_rate' " + list(dilation) + " spans "
                        + extent(kernelSize, dilation) + ", more than the limit of " + Limits.MAX_DIMENSION);
            }
        }
        int[] out = new int[dims + 1];
        for (int a = 0; a < dims; a++) {
            out[a] = padding.outputSize(shape[a], kernelSize[a], strides[a], dilation[a]);
        }
        out[dims] = filters;
        if (Arrays.stream(out).anyMatch(d -> d < 1)) {
            throw json.error("the kernel is larger than the input: 'kernel_size' " + list(kernelSize) + " with 'dilation_rate' "
                    + list(dilation) + " spans " + extent(kernelSize, dilation) + ", more than the " + Shapes.toString(shape)
                    + " input's " + cross(Arrays.copyOf(shape, dims)) + " with " + padding.specName() + " padding"
                    + "; the output would be empty");
        }
        if ((long) Shapes.size(Arrays.copyOf(out, dims)) * filters > Limits.MAX_DIMENSION) {
            throw json.error("the output " + Shapes.toString(out) + " has more than " + Limits.MAX_DIMENSION + " values");
        }
        int[] expected = new int[dims + 2];
        System.arraycopy(kernelSize, 0, expected, 0, dims);
        expected[dims] = channels;
        expected[dims + 1] = filters;
        long weights = 1;
        for (int d : expected) {
            weights *= d;
        }
        if (weights > Limits.MAX_PARAMETERS) {
            throw json.error("a " + Tensor.shapeString(expected) + " kernel has more than " + Limits.MAX_PARAMETERS + " weights");
        }
        boolean useBias = json.optionalBoolean("use_bias", true);
        Activation activation = activation(json);
        double alpha = CoreParsers.alpha(json, activation);

        Tensor kernel = context.weight(json, "kernel", ExpectedSize.shape(expected));
        if (!Arrays.equals(kernel.shape(), expected)) {
            throw json.error("kernel " + CoreParsers.refName(json, "kernel") + "has shape " + kernel.shapeString()
                    + ", expected " + Tensor.shapeString(expected) + (dims == 1 ? " (kernel_size, in_channels, filters)"
                    : " (kh, kw, in_channels, filters)") + "; PyTorch's (out, in, ...) kernels must be transposed to this");
        }
        Tensor bias = null;
        if (useBias) {
            if (!json.has("bias")) {
                throw json.missing("bias", "give the bias, or set \"use_bias\": false for a layer without one");
            }
            bias = context.weight(json, "bias", ExpectedSize.shape(filters));
            if (bias.rank() != 1 || bias.dim(0) != filters) {
                throw json.error("bias " + CoreParsers.refName(json, "bias") + "has shape " + bias.shapeString()
                        + ", expected (" + filters + ",) (filters)");
            }
        } else if (json.has("bias")) {
            throw json.error("'bias' given but 'use_bias' is false");
        }
        json.rejectUnknownFields(FIELDS);

        List<Layer> layers = new ArrayList<>();
        Layer conv = dims == 1
                ? new Conv1D(context.nextId("conv1d"), shape, kernel, bias, strides[0], padding, dilation[0])
                : new Conv2D(context.nextId("conv2d"), shape, kernel, bias, strides, padding, dilation);
        layers.add(conv);
        if (activation != Activation.LINEAR) {
            layers.add(new ActivationLayer(context.nextId(activation.method()), conv.outputShape(), activation, alpha));
        }
        return layers;
    }

    private static ConvPadding padding(JsonObject json, int dims) {
        String name = json.optionalString("padding", "valid");
        ConvPadding padding = ConvPadding.parse(name);
        if (padding == null || (padding == ConvPadding.CAUSAL && dims != 1)) {
            throw json.error("'padding': expected " + (dims == 1 ? "\"valid\", \"same\" or \"causal\"" : "\"valid\" or \"same\"")
                    + ", found " + UserText.quote(name));
        }
        return padding;
    }

    private static Activation activation(JsonObject json) {
        String name = json.optionalString("activation", "linear");
        Activation activation = Activation.forName(name);
        if (activation == null && (name.equals("softmax") || name.equals("log_softmax"))) {
            throw json.error("'activation': " + name + " is not elementwise and is a layer of its own in a netjac spec;"
                    + " remove it here and add {\"type\": \"" + name + "\"} after this layer");
        }
        if (activation == null) {
            throw CoreParsers.unknownActivation(json, name);
        }
        return activation;
    }

    private static int[] ones(int dims) {
        int[] ones = new int[dims];
        Arrays.fill(ones, 1);
        return ones;
    }

    private static String list(int[] values) {
        return Arrays.toString(values);
    }

    private static String cross(int[] values) {
        StringBuilder sb = new StringBuilder();
        for (int a = 0; a < values.length; a++) {
            sb.append(a == 0 ? "" : "x").append(values[a]);
        }
        return sb.toString();
    }

    private static String extent(int[] kernelSize, int[] dilation) {
        StringBuilder sb = new StringBuilder();
        for (int a = 0; a < kernelSize.length; a++) {
            sb.append(a == 0 ? "" : "x").append((long) (kernelSize[a] - 1) * dilation[a] + 1);
        }
        return sb.append(kernelSize.length == 1 ? " steps" : " cells").toString();
    }
}
