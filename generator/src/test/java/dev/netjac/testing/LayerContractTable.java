package dev.netjac.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.layers.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * The layer contract table: at least one row per spec layer type and per option that changes a layer's code,
 * each a spec layer object as a user writes it, on small shapes with weights drawn from a seed derived from the
 * row's name. {@code LayerContractTest} runs every row; a registered spec type without a row fails it.
 *
 * <p>Adding a layer kind adds its rows here (see docs/contributing.md): one per option that changes the
 * generated code, and the {@link CostRule} that says how its work is counted.
 */
public final class LayerContractTable {
    private LayerContractTable() {}

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Random weights for one row. */
    public static final class Weights {
        private final Random random;

        Weights(String row) {
            this.random = new Random(row.hashCode());
        }

        /** Gaussian values scaled by 1/√(fan-in, the second-to-last dimension or the only one). */
        public ArrayNode gaussian(int... shape) {
            double scale = shape.length > 1 ? 1 / Math.sqrt(shape[shape.length - 2]) : 0.5;
            return nested(shape, 0, () -> scale * random.nextGaussian());
        }

        /** Values in [0.05, 3.05): variances. */
        public ArrayNode positive(int... shape) {
            return nested(shape, 0, () -> 0.05 + 3 * random.nextDouble());
        }

        /** Values in [-0.4, 0.8): prelu slopes of both signs. */
        public ArrayNode slopes(int... shape) {
            return nested(shape, 0, () -> random.nextDouble() * 1.2 - 0.4);
        }

        public double uniform(double from, double to) {
            return from + (to - from) * random.nextDouble();
        }

        private static ArrayNode nested(int[] shape, int axis, java.util.function.DoubleSupplier value) {
            ArrayNode node = JSON.arrayNode();
            for (int k = 0; k < shape[axis]; k++) {
                if (axis == shape.length - 1) {
                    node.add(value.getAsDouble());
                } else {
                    node.add(nested(shape, axis + 1, value));
                }
            }
            return node;
        }
    }

    /** {"type": type, field: value, ...}; values are JsonNodes, Strings, numbers, booleans or int[] lists. */
    public static ObjectNode layer(String type, Object... fields) {
        ObjectNode node = JSON.objectNode().put("type", type);
        for (int k = 0; k < fields.length; k += 2) {
            node.set((String) fields[k], json(fields[k + 1]));
        }
        return node;
    }

    private static JsonNode json(Object value) {
        if (value instanceof JsonNode node) {
            return node;
        } else if (value instanceof String s) {
            return JSON.textNode(s);
        } else if (value instanceof Integer i) {
            return JSON.numberNode(i);
        } else if (value instanceof Double d) {
            return JSON.numberNode(d);
        } else if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        } else if (value instanceof int[] list) {
            ArrayNode node = JSON.arrayNode();
            for (int v : list) {
                node.add(v);
            }
            return node;
        }
        throw new IllegalArgumentException("no JSON for " + value);
    }

    private static int[] shape(int... dims) {
        return dims;
    }

    /** An inline weight of shape (n,): a list of numbers. */
    private static ArrayNode values(double... values) {
        ArrayNode node = JSON.arrayNode();
        for (double v : values) {
            node.add(v);
        }
        return node;
    }

    private static final class Rows {
        final List<ContractRow> rows = new ArrayList<>();

        /** A one-input row. */
        void add(String name, int[] shape, CostRule cost, Function<Weights, ObjectNode> layer) {
            merge(name, List.of(shape), cost, layer);
        }

        void merge(String name, List<int[]> shapes, CostRule cost, Function<Weights, ObjectNode> layer) {
            rows.add(new ContractRow(name, shapes, layer.apply(new Weights(name)), cost));
        }

        /** A one-input row of a function defined for positive inputs only: drawn as |z| + 0.25. */
        void positive(String name, int[] shape, CostRule cost, Function<Weights, ObjectNode> layer) {
            rows.add(new ContractRow(name, List.of(shape), layer.apply(new Weights(name)), cost, true));
        }
    }

    public static List<ContractRow> rows() {
        Rows t = new Rows();
        dense(t);
        activations(t);
        softmaxes(t);
        convolutions(t);
        pooling(t);
        normalization(t);
        views(t);
        merges(t);
        tensors(t);
        return List.copyOf(t.rows);
    }

    private static void dense(Rows t) {
        t.add("dense rank 1", shape(5), CostRule.sparse(), w -> layer("dense", "units", 3, "kernel", w.gaussian(5, 3), "bias", w.gaussian(3)));
        t.add("dense rank 1 without bias", shape(4), CostRule.sparse(), w -> layer("dense", "units", 2, "use_bias", false,
                "kernel", w.gaussian(4, 2)));
        t.add("dense rank 1 out_in", shape(3), CostRule.sparse(), w -> layer("dense", "units", 4, "kernel_layout", "out_in",
                "kernel", w.gaussian(4, 3), "bias", w.gaussian(4)));
        t.add("dense 1 -> 1", shape(1), CostRule.sparse(), w -> layer("dense", "units", 1, "kernel", w.gaussian(1, 1), "bias", w.gaussian(1)));
        t.add("dense rank 3", shape(2, 3, 4), CostRule.sparse(), w -> layer("dense", "units", 3, "kernel", w.gaussian(4, 3),
                "bias", w.gaussian(3)));
        t.add("dense rank 3 out_in without bias", shape(3, 1, 2), CostRule.sparse(), w -> layer("dense", "units", 5,
                "kernel_layout", "out_in", "use_bias", false, "kernel", w.gaussian(5, 2)));
    }

    /** Every activation of {@link Activation} by its own type name, and through {@code "activation"}. */
    private static void activations(Rows t) {
        for (Activation a : Activation.values()) {
            Function<Weights, ObjectNode> layer = w -> a.hasAlpha()
                    ? layer(a.specName(), "alpha", w.uniform(0.05, 1.5)) : layer(a.specName());
            if (a.realDomain()) {
                t.add(a.specName(), shape(2, 3), CostRule.groups(1, 1), layer);
            } else {
                t.positive(a.specName(), shape(2, 3), CostRule.groups(1, 1), layer);
            }
        }
        t.add("pow 2", shape(2, 3), CostRule.groups(1, 1), w -> layer("pow", "exponent", 2.0));
        t.add("pow 3 (negative inputs)", shape(4), CostRule.groups(1, 1), w -> layer("pow", "exponent", 3));
        t.positive("pow -1.5", shape(2, 2), CostRule.groups(1, 1), w -> layer("pow", "exponent", -1.5));
        t.add("clip min and max", shape(2, 3), CostRule.groups(1, 1), w -> layer("clip", "min", -0.5, "max", 0.8));
        t.add("clip min only", shape(5), CostRule.groups(1, 1), w -> layer("clip", "min", 0.1));
        t.add("hard_sigmoid alpha beta (ONNX)", shape(2, 3), CostRule.groups(1, 1), w -> layer("hard_sigmoid",
                "alpha", 1.0 / 6, "beta", 0.5));
        t.add("selu alpha gamma (ONNX)", shape(2, 3), CostRule.groups(1, 1), w -> layer("selu", "alpha", 1.5, "gamma", 1.2));
        t.add("activation tanh", shape(4), CostRule.groups(1, 1), w -> layer("activation", "activation", "tanh"));
        t.add("activation leaky_relu alpha", shape(2, 2), CostRule.groups(1, 1), w -> layer("activation", "activation", "leaky_relu",
                "alpha", 0.3));
        t.add("activation softmax", shape(5), CostRule.groups(2, 3), w -> layer("activation", "activation", "softmax"));
        t.add("relu max_value", shape(3, 2), CostRule.groups(1, 1), w -> layer("relu", "max_value", 0.7));
        t.add("relu negative_slope", shape(6), CostRule.groups(1, 1), w -> layer("relu", "negative_slope", 0.25));
        t.add("relu threshold", shape(2, 3), CostRule.groups(1, 1), w -> layer("relu", "threshold", 0.4));
        t.add("relu all options", shape(2, 2, 2), CostRule.groups(1, 1), w -> layer("relu", "max_value", 1.2, "negative_slope", 0.1,
                "threshold", 0.3));
        t.add("prelu", shape(3, 4), CostRule.groups(1, 1), w -> layer("prelu", "alpha", w.slopes(3, 4)));
        t.add("prelu shared_axes 0", shape(3, 4), CostRule.groups(1, 1), w -> layer("prelu", "shared_axes", 0, "alpha", w.slopes(1, 4)));
        t.add("prelu shared_axes [0, 1]", shape(2, 3, 2), CostRule.groups(1, 1), w -> layer("prelu", "shared_axes", shape(0, 1),
                "alpha", w.slopes(1, 1, 2)));
        t.add("prelu rank 1", shape(5), CostRule.groups(1, 1), w -> layer("prelu", "alpha", w.slopes(5)));
        t.add("thresholded_relu", shape(5), CostRule.groups(1, 1), w -> layer("thresholded_relu"));
        t.add("thresholded_relu theta", shape(2, 3), CostRule.groups(1, 1), w -> layer("thresholded_relu", "theta", -0.2));
    }

    private static void softmaxes(Rows t) {
        for (String type : List.of("softmax", "log_softmax")) {
            t.add(type + " rank 1", shape(5), CostRule.groups(2, 3), w -> layer(type));
            t.add(type + " last axis", shape(3, 4), CostRule.groups(2, 3), w -> layer(type, "axis", -1));
            t.add(type + " axis 0", shape(3, 4), CostRule.groups(2, 3), w -> layer(type, "axis", 0));
            t.add(type + " middle axis", shape(2, 3, 2), CostRule.groups(2, 3), w -> layer(type, "axis", 1));
            t.add(type + " groups of one", shape(3, 1), CostRule.groups(2, 3), w -> layer(type));
        }
    }

    private static void convolutions(Rows t) {
        t.add("conv1d valid", shape(6, 2), CostRule.sparse(), w -> conv1d(w, 3, 2, 3, "valid", 1, 1, true));
        t.add("conv1d same", shape(5, 2), CostRule.sparse(), w -> conv1d(w, 3, 2, 2, "same", 1, 1, true));
        t.add("conv1d causal", shape(5, 1), CostRule.sparse(), w -> conv1d(w, 3, 1, 2, "causal", 1, 1, true));
        t.add("conv1d strides 2", shape(7, 2), CostRule.sparse(), w -> conv1d(w, 2, 2, 2, "valid", 2, 1, true));
        t.add("conv1d dilation 2", shape(7, 2), CostRule.sparse(), w -> conv1d(w, 2, 2, 3, "same", 1, 2, true));
        t.add("conv1d causal dilated strided", shape(8, 1), CostRule.sparse(), w -> conv1d(w, 3, 1, 2, "causal", 2, 2, true));
        t.add("conv1d without bias", shape(4, 3), CostRule.sparse(), w -> conv1d(w, 2, 3, 1, "valid", 1, 1, false));
        t.add("conv2d valid", shape(4, 5, 2), CostRule.sparse(), w -> conv2d(w, shape(3, 2), 2, 3, "valid", shape(1, 1), shape(1, 1), true));
        t.add("conv2d same", shape(4, 4, 1), CostRule.sparse(), w -> conv2d(w, shape(3, 3), 1, 2, "same", shape(1, 1), shape(1, 1), true));
        t.add("conv2d same even kernel strided", shape(5, 6, 2), CostRule.sparse(), w -> conv2d(w, shape(2, 4), 2, 2, "same",
                shape(2, 2), shape(1, 1), true));
        t.add("conv2d strides", shape(6, 5, 1), CostRule.sparse(), w -> conv2d(w, shape(2, 2), 1, 2, "valid", shape(2, 1), shape(1, 1), true));
        t.add("conv2d dilation", shape(5, 6, 2), CostRule.sparse(), w -> conv2d(w, shape(2, 2), 2, 2, "valid", shape(1, 1), shape(2, 2), true));
        t.add("conv2d without bias", shape(3, 3, 2), CostRule.sparse(), w -> conv2d(w, shape(2, 2), 2, 3, "same", shape(1, 1), shape(1, 1), false));
        t.add("conv2d 1x1 kernel", shape(3, 2, 3), CostRule.sparse(), w -> conv2d(w, shape(1, 1), 3, 2, "valid", shape(1, 1), shape(1, 1), true));
        t.add("conv2d one row", shape(1, 6, 2), CostRule.sparse(), w -> conv2d(w, shape(1, 3), 2, 2, "same", shape(1, 2), shape(1, 1), true));
    }

    private static ObjectNode conv1d(Weights w, int k, int channels, int filters, String padding, int stride, int dilation, boolean bias) {
        ObjectNode node = layer("conv1d", "filters", filters, "kernel_size", k, "padding", padding, "strides", stride,
                "dilation_rate", dilation, "use_bias", bias, "kernel", w.gaussian(k, channels, filters));
        return bias ? node.set("bias", w.gaussian(filters)) : node;
    }

    private static ObjectNode conv2d(Weights w, int[] k, int channels, int filters, String padding, int[] strides, int[] dilation,
                                     boolean bias) {
        ObjectNode node = layer("conv2d", "filters", filters, "kernel_size", k, "padding", padding, "strides", strides,
                "dilation_rate", dilation, "use_bias", bias, "kernel", w.gaussian(k[0], k[1], channels, filters));
        return bias ? node.set("bias", w.gaussian(filters)) : node;
    }

    private static void pooling(Rows t) {
        t.add("max_pooling1d valid", shape(7, 2), CostRule.selection(true), w -> layer("max_pooling1d", "pool_size", 3, "strides", 2));
        t.add("max_pooling1d same", shape(5, 2), CostRule.selection(false), w -> layer("max_pooling1d", "pool_size", 2, "padding", "same"));
        t.add("max_pooling2d valid", shape(4, 5, 2), CostRule.selection(true), w -> layer("max_pooling2d", "pool_size", shape(2, 2)));
        t.add("max_pooling2d same strided", shape(5, 4, 1), CostRule.selection(false), w -> layer("max_pooling2d", "pool_size", shape(3, 2),
                "strides", shape(2, 1), "padding", "same"));
        t.add("average_pooling1d valid", shape(6, 2), CostRule.sparse(), w -> layer("average_pooling1d", "pool_size", 2, "strides", 1));
        t.add("average_pooling1d same", shape(5, 1), CostRule.sparseBound(), w -> layer("average_pooling1d", "pool_size", 3, "strides", 2,
                "padding", "same"));
        t.add("average_pooling2d valid", shape(4, 4, 2), CostRule.sparse(), w -> layer("average_pooling2d", "pool_size", shape(2, 3),
                "strides", shape(1, 1)));
        t.add("average_pooling2d same", shape(3, 5, 2), CostRule.sparseBound(), w -> layer("average_pooling2d", "pool_size", shape(2, 2),
                "padding", "same"));
        for (boolean keepdims : new boolean[] {false, true}) {
            String suffix = keepdims ? " keepdims" : "";
            t.add("global_max_pooling1d" + suffix, shape(4, 3), CostRule.selection(true), w -> layer("global_max_pooling1d", "keepdims", keepdims));
            t.add("global_max_pooling2d" + suffix, shape(3, 2, 2), CostRule.selection(true), w -> layer("global_max_pooling2d", "keepdims", keepdims));
            t.add("global_average_pooling1d" + suffix, shape(4, 2), CostRule.sparse(), w -> layer("global_average_pooling1d", "keepdims", keepdims));
            t.add("global_average_pooling2d" + suffix, shape(2, 3, 2), CostRule.sparse(), w -> layer("global_average_pooling2d", "keepdims", keepdims));
        }
    }

    private static void normalization(Rows t) {
        t.add("batch_normalization last axis", shape(2, 3, 2), CostRule.groups(1, 2), w -> batchNorm(w, -1, 2, true, true));
        t.add("batch_normalization axis 0", shape(3, 2), CostRule.groups(1, 2), w -> batchNorm(w, 0, 3, true, true));
        t.add("batch_normalization middle axis", shape(2, 3, 2), CostRule.groups(1, 2), w -> batchNorm(w, 1, 3, true, true));
        t.add("batch_normalization rank 1 without scale", shape(4), CostRule.groups(1, 2), w -> batchNorm(w, -1, 4, false, true));
        t.add("batch_normalization without center", shape(2, 3), CostRule.groups(1, 2), w -> batchNorm(w, -1, 3, true, false));
        t.add("layer_normalization last axis", shape(2, 4), CostRule.groups(5, 5), w -> layer("layer_normalization",
                "gamma", w.gaussian(4), "beta", w.gaussian(4)));
        t.add("layer_normalization two trailing axes", shape(2, 2, 3), CostRule.groups(5, 5), w -> layer("layer_normalization",
                "axis", shape(-2, -1), "gamma", w.gaussian(2, 3), "beta", w.gaussian(2, 3)));
        t.add("layer_normalization rank 1 epsilon", shape(5), CostRule.groups(5, 5), w -> layer("layer_normalization", "epsilon", 1e-5,
                "gamma", w.gaussian(5), "beta", w.gaussian(5)));
        t.add("layer_normalization without scale and center", shape(3, 3), CostRule.groups(5, 5), w -> layer("layer_normalization",
                "scale", false, "center", false));
    }

    private static ObjectNode batchNorm(Weights w, int axis, int channels, boolean scale, boolean center) {
        ObjectNode node = layer("batch_normalization", "axis", axis, "epsilon", 1e-3, "scale", scale, "center", center,
                "moving_mean", w.gaussian(channels), "moving_variance", w.positive(channels));
        if (scale) {
            node.set("gamma", w.gaussian(channels));
        }
        return center ? node.set("beta", w.gaussian(channels)) : node;
    }

    private static void views(Rows t) {
        t.add("flatten", shape(2, 3), CostRule.view(), w -> layer("flatten"));
        t.add("reshape", shape(2, 3, 2), CostRule.view(), w -> layer("reshape", "target_shape", shape(3, 4)));
        t.add("identity", shape(4), CostRule.view(), w -> layer("identity"));
        t.add("dropout", shape(2, 2), CostRule.view(), w -> layer("dropout", "rate", 0.5));
    }

    private static void merges(Rows t) {
        t.merge("add", List.of(shape(4), shape(4)), CostRule.sparse(), w -> layer("add"));
        t.merge("add of three rank 2", List.of(shape(2, 3), shape(2, 3), shape(2, 3)), CostRule.sparse(), w -> layer("add"));
        // Subtract's forward model counts one operation per output, add's one per input value.
        t.merge("subtract", List.of(shape(2, 2), shape(2, 2)), CostRule.sparse(1, 0.5), w -> layer("subtract"));
        // Multiply recomputes each input's diagonal (a product of the k - 1 others) per row.
        t.merge("multiply", List.of(shape(5), shape(5)), CostRule.sparse(2, 1), w -> layer("multiply"));
        t.merge("multiply of three", List.of(shape(3, 2), shape(3, 2), shape(3, 2)), CostRule.sparse(3, 1), w -> layer("multiply"));
        // Divide, like subtract: one operation per output forward, a scaled value per input and output per row.
        t.merge("divide", List.of(shape(2, 3), shape(2, 3)), CostRule.sparse(1, 0.5), w -> layer("divide"));
        t.merge("concatenate rank 1", List.of(shape(3), shape(2)), CostRule.sparse(), w -> layer("concatenate"));
        t.merge("concatenate last axis", List.of(shape(2, 1), shape(2, 3), shape(2, 2)), CostRule.sparse(), w -> layer("concatenate",
                "axis", -1));
        t.merge("concatenate axis 0", List.of(shape(1, 3), shape(2, 3)), CostRule.sparse(), w -> layer("concatenate", "axis", 0));
        t.merge("concatenate middle axis", List.of(shape(2, 1, 2), shape(2, 3, 2)), CostRule.sparse(), w -> layer("concatenate",
                "axis", 1));
    }

    /** The tensor layers of docs/layers-tensor.md: affine, the index maps and the reductions. */
    private static void tensors(Rows t) {
        t.add("affine scale and offset", shape(2, 3), CostRule.sparse(), w -> layer("affine", "scale", w.gaussian(2, 3),
                "offset", w.gaussian(2, 3)));
        t.add("affine scalar scale", shape(4), CostRule.sparse(), w -> layer("affine", "scale", values(-1.5)));
        t.add("affine offset broadcast", shape(2, 2, 3), CostRule.sparse(), w -> layer("affine", "offset", w.gaussian(2, 1, 3)));
        t.add("affine per-channel scale", shape(3, 2), CostRule.sparse(), w -> layer("affine", "scale", w.slopes(2),
                "offset", w.gaussian(1)));
        // Index maps: the cost is one copy per selected output, which is |P| for a selection.
        t.add("transpose rank 2 (element table)", shape(3, 4), CostRule.sparse(), w -> layer("transpose", "perm", shape(1, 0)));
        t.add("transpose keeping the last axis (runs)", shape(2, 3, 5), CostRule.sparse(), w -> layer("transpose",
                "perm", shape(1, 0, 2)));
        t.add("transpose default reverses", shape(2, 3, 2), CostRule.sparse(), w -> layer("transpose"));
        t.add("transpose negative axes rank 4", shape(2, 1, 3, 2), CostRule.sparse(), w -> layer("transpose",
                "perm", shape(-1, 0, -2, 1)));
        t.add("pad constant", shape(2, 3), CostRule.sparse(), w -> layer("pad", "pads", pairs(1, 0, 2, 1), "value", 0.5));
        t.add("pad constant runs", shape(3, 8), CostRule.sparse(), w -> layer("pad", "pads", pairs(1, 1, 0, 0)));
        t.add("pad reflect", shape(3, 4), CostRule.sparse(), w -> layer("pad", "pads", pairs(2, 1, 3, 2), "mode", "reflect"));
        t.add("pad edge", shape(2, 3), CostRule.sparse(), w -> layer("pad", "pads", pairs(0, 2, 1, 1), "mode", "edge"));
        t.add("pad crop and pad", shape(4, 3), CostRule.sparse(), w -> layer("pad", "pads", pairs(-1, 1, 2, -2)));
        t.add("slice step 1 (runs)", shape(3, 10), CostRule.sparse(), w -> layer("slice", "starts", shape(1, 2),
                "ends", shape(3, 9)));
        t.add("slice negative steps and bounds", shape(4, 5), CostRule.sparse(), w -> layer("slice", "starts", shape(-1, 0),
                "ends", shape(0, 100), "steps", shape(-2, 2)));
        t.add("slice null end", shape(3, 4), CostRule.sparse(), w -> layer("slice", "starts", shape(0, 3),
                "ends", nulls(2), "steps", shape(1, -1)));
        t.add("broadcast new axes", shape(3), CostRule.sparse(), w -> layer("broadcast", "shape", shape(2, 2, 3)));
        t.add("broadcast leading axis (runs, scatter-add)", shape(1, 8), CostRule.sparse(), w -> layer("broadcast",
                "shape", shape(3, 8)));
        t.add("broadcast stretch middle", shape(2, 1, 3), CostRule.sparse(), w -> layer("broadcast", "shape", shape(2, 4, 3)));
        t.add("patches 1d", shape(6, 2), CostRule.sparse(), w -> layer("patches", "kernel_size", shape(3)));
        t.add("patches 2d strides dilation pads", shape(5, 4, 2), CostRule.sparse(), w -> layer("patches", "kernel_size",
                shape(2, 2), "strides", shape(2, 1), "dilation_rate", shape(1, 2), "pads", pairs(1, 0, 1, 1)));
        t.add("patches 2d input_dilation pad_value", shape(2, 3, 1), CostRule.sparse(), w -> layer("patches", "kernel_size",
                shape(2, 2), "input_dilation", shape(2, 2), "pads", pairs(1, 1, 1, 0), "pad_value", 0.25));
        t.add("patches 3d", shape(3, 2, 3, 2), CostRule.sparse(), w -> layer("patches", "kernel_size", shape(2, 1, 2),
                "strides", shape(1, 1, 2)));
        t.add("reduce_sum last axis", shape(3, 4), CostRule.sparse(), w -> layer("reduce_sum", "axes", shape(-1)));
        t.add("reduce_sum outer axes without keepdims", shape(2, 3, 2), CostRule.sparse(), w -> layer("reduce_sum",
                "axes", shape(0, 2), "keepdims", false));
        t.add("reduce_mean middle axis", shape(2, 3, 2), CostRule.sparse(), w -> layer("reduce_mean", "axes", shape(1)));
        t.add("reduce_mean every axis", shape(3, 2), CostRule.sparse(), w -> layer("reduce_mean", "keepdims", false));
        t.add("reduce_max last axis", shape(3, 4), CostRule.selection(true), w -> layer("reduce_max", "axes", shape(-1)));
        t.add("reduce_max two axes without keepdims", shape(2, 3, 2), CostRule.selection(true), w -> layer("reduce_max",
                "axes", shape(2, 0), "keepdims", false));
    }

    /** [[b0, a0], [b1, a1], ...] from b0, a0, b1, a1, ... */
    private static ArrayNode pairs(int... values) {
        ArrayNode node = JSON.arrayNode();
        for (int k = 0; k < values.length; k += 2) {
            node.add(JSON.arrayNode().add(values[k]).add(values[k + 1]));
        }
        return node;
    }

    /** [null, null, ...] */
    private static ArrayNode nulls(int count) {
        ArrayNode node = JSON.arrayNode();
        for (int k = 0; k < count; k++) {
            node.addNull();
        }
        return node;
    }
}
