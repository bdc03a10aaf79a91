package dev.netjac.spec;

import dev.netjac.UserText;
import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.graph.Shapes;
import dev.netjac.layers.BatchNormalization;
import dev.netjac.layers.Layer;
import dev.netjac.layers.LayerNormalization;
import dev.netjac.weights.ExpectedSize;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Spec types {@code batch_normalization} and {@code layer_normalization} (Keras's config names). */
final class NormalizationParsers {
    private NormalizationParsers() {}

    /** Keras's default epsilon for both layers. */
    static final double DEFAULT_EPSILON = 1e-3;

    static List<Layer> batchNormalization(JsonObject json, int[] shape, ParseContext context) {
        int rank = shape.length;
        int axisField = json.has("axis") ? json.requireInt("axis", -rank, rank - 1) : -1;
        json.raw("axis");
        int axis = axisField < 0 ? axisField + rank : axisField;
        int channels = shape[axis];
        double epsilon = epsilon(json);
        boolean center = json.optionalBoolean("center", true);
        boolean scale = json.optionalBoolean("scale", true);
        String where = "(channels of axis " + axisField + " of input " + Shapes.toString(shape) + ")";
        Tensor gamma = optionalWeight(json, context, "gamma", scale, "scale", channels, where);
        Tensor beta = optionalWeight(json, context, "beta", center, "center", channels, where);
        Tensor mean = channelWeight(json, context, "moving_mean", channels, where);
        Tensor variance = channelWeight(json, context, "moving_variance", channels, where);
        for (int c = 0; c < channels; c++) {
            double denominator = variance.get(c) + epsilon;
            if (!(denominator > 0) || Double.isInfinite(denominator)) {
                throw json.error("moving_variance " + CoreParsers.refName(json, "moving_variance") + "has value "
                        + variance.get(c) + " at channel " + c + ", expected variance + epsilon > 0");
            }
        }
        json.rejectUnknownFields(List.of("type", "name", "axis", "epsilon", "center", "scale", "gamma", "beta",
                "moving_mean", "moving_variance"));
        return List.of(new BatchNormalization(context.nextId("batchNorm"), shape, axis, epsilon, gamma, beta, mean,
                variance));
    }

    static List<Layer> layerNormalization(JsonObject json, int[] shape, ParseContext context) {
        int rank = shape.length;
        List<Integer> given = axes(json, rank);
        // Resolve negatives, then require exactly the trailing axes: each group is then contiguous.
        boolean[] normalized = new boolean[rank];
        for (int a : given) {
            int resolved = a < 0 ? a + rank : a;
            if (normalized[resolved]) {
                throw json.error("'axis': axis " + a + " given twice in " + given);
            }
            normalized[resolved] = true;
        }
        int count = given.size();
        for (int d = rank - count; d < rank; d++) {
            if (!normalized[d]) {
                throw json.error("'axis': only the last axis or a list of trailing axes is supported (e.g. -1 or [-2, -1]),"
                        + " found " + (json.raw("axis") != null && json.raw("axis").isArray() ? given.toString() : given.get(0))
                        + " for input " + Shapes.toString(shape));
            }
        }
        int[] sorted = Arrays.copyOfRange(shape, rank - count, rank);
        int[] listed = new int[count];
        for (int i = 0; i < count; i++) {
            int a = given.get(i);
            listed[i] = shape[a < 0 ? a + rank : a];
        }
        double epsilon = epsilon(json);
        boolean center = json.optionalBoolean("center", true);
        boolean scale = json.optionalBoolean("scale", true);
        Tensor gamma = null;
        Tensor beta = null;
        if (scale) {
            gamma = normalizedWeight(json, context, "gamma", "scale", sorted, listed);
        } else if (json.has("gamma")) {
            throw json.error("'gamma' given but 'scale' is false");
        }
        if (center) {
            beta = normalizedWeight(json, context, "beta", "center", sorted, listed);
        } else if (json.has("beta")) {
            throw json.error("'beta' given but 'center' is false");
        }
        json.rejectUnknownFields(List.of("type", "name", "axis", "epsilon", "center", "scale", "gamma", "beta"));
        return List.of(new LayerNormalization(context.nextId("layerNorm"), shape, count, epsilon, gamma, beta));
    }

    /** {@code axis}: an int or a non-empty list of ints in [-rank, rank - 1]; default -1. */
    private static List<Integer> axes(JsonObject json, int rank) {
        List<Integer> axes = new ArrayList<>();
        if (!json.has("axis")) {
            json.raw("axis");
            axes.add(-1);
            return axes;
        }
        JsonNode node = json.raw("axis");
        if (node.isIntegralNumber()) {
            axes.add(json.requireInt("axis", -rank, rank - 1));
            return axes;
        }
        if (!node.isArray() || node.isEmpty()) {
            throw json.error("'axis': expected an integer or a non-empty list of integers, found " + UserText.describe(node));
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isIntegralNumber() || !item.canConvertToInt() || item.intValue() < -rank || item.intValue() > rank - 1) {
                throw json.error("'axis'[" + i + "]: expected an integer in [" + -rank + ", " + (rank - 1) + "], found "
                        + UserText.describe(item));
            }
            axes.add(item.intValue());
        }
        return axes;
    }

    /** {@code epsilon}: a finite number ≥ 0, default 0.001. */
    private static double epsilon(JsonObject json) {
        double epsilon = json.optionalDouble("epsilon", DEFAULT_EPSILON);
        if (epsilon < 0) {
            throw json.error("'epsilon': expected a number >= 0, found " + epsilon);
        }
        return epsilon;
    }

    /** gamma or beta of batch normalization: present exactly when its flag is true, shaped (C,). */
    private static Tensor optionalWeight(JsonObject json, ParseContext context, String field, boolean flag,
                                         String flagName, int channels, String where) {
        if (!flag) {
            if (json.has(field)) {
                throw json.error("'" + field + "' given but '" + flagName + "' is false");
            }
            return null;
        }
        if (!json.has(field)) {
            throw json.missing(field, "give " + field + ", or set \"" + flagName + "\": false for a layer without one");
        }
        return channelWeight(json, context, field, channels, where);
    }

    private static Tensor channelWeight(JsonObject json, ParseContext context, String field, int channels, String where) {
        if (!json.has(field)) {
            throw json.missing(field, null);
        }
        Tensor t = context.weight(json, field, ExpectedSize.shape(channels));
        if (t.rank() != 1 || t.dim(0) != channels) {
            throw json.error(field + " " + CoreParsers.refName(json, field) + "has shape " + t.shapeString()
                    + ", expected (" + channels + ",) " + where);
        }
        return t;
    }

    /**
     * gamma or beta of layer normalization, shaped like the normalized axes: in input order, or in the order the
     * axis list names them (Keras builds it so, and reads it back flat in input order either way).
     */
    private static Tensor normalizedWeight(JsonObject json, ParseContext context, String field, String flagName,
                                           int[] sorted, int[] listed) {
        if (!json.has(field)) {
            throw json.missing(field, "give " + field + ", or set \"" + flagName + "\": false for a layer without one");
        }
        Tensor t = context.weight(json, field, ExpectedSize.shape(sorted));
        if (!Arrays.equals(t.shape(), sorted) && !Arrays.equals(t.shape(), listed)) {
            throw json.error(field + " " + CoreParsers.refName(json, field) + "has shape " + t.shapeString()
                    + ", expected " + Tensor.shapeString(sorted) + " (the normalized axes)");
        }
        return t;
    }
}
