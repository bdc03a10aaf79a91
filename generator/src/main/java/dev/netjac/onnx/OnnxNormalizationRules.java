package dev.netjac.onnx;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.onnx.OnnxTranslator.Sym;
import dev.netjac.weights.Tensor;
import java.util.Arrays;
import java.util.List;

/** BatchNormalization (inference), LayerNormalization and InstanceNormalization. */
final class OnnxNormalizationRules extends OnnxRules {
    OnnxNormalizationRules(OnnxTranslator translator, OnnxSpec spec) {
        super(translator, spec);
    }

    void batchNormalization(OnnxNode node, List<Object> in) {
        Sym x = sym(node, in, 0);
        if (node.integer("training_mode", 0) != 0) {
            throw node.error("training_mode = 1; netjac translates inference (running statistics)");
        }
        Tensor scale = constant(node, in, 1, "scale");
        Tensor bias = constant(node, in, 2, "B");
        Tensor mean = constant(node, in, 3, "mean");
        Tensor var = constant(node, in, 4, "var");
        ObjectNode layer = spec.add("batch_normalization", node, x.layer());
        layer.put("axis", x.channelsLast() ? x.shape().length - 1 : 0);
        layer.put("epsilon", node.number("epsilon", 1e-5));
        spec.weight(layer, "gamma", scale);
        spec.weight(layer, "beta", bias);
        spec.weight(layer, "moving_mean", mean);
        spec.weight(layer, "moving_variance", var);
        out(node, layer, x.shape(), x.channelsLast());
    }

    void layerNormalization(OnnxNode node, List<Object> in) {
        for (int i = 1; i < node.outputs.size(); i++) {
            List<OnnxNode> readers = t.consumersOf(node.outputs.get(i));
            if (!node.outputs.get(i).isEmpty() && (readers == null || !readers.isEmpty())) {
                throw node.error("its Mean/InvStdDev outputs are used; netjac computes the normalized values only");
            }
        }
        Sym x = onnxOrder(node, sym(node, in, 0));
        int axis = axis(node, node.integer("axis", -1), x.shape().length + 1);
        writeLayerNorm(node, x, axis, node.number("epsilon", 1e-5), constant(node, in, 1, "Scale"),
                constant(node, in, 2, "B"));
    }

    /** layer_normalization over the netjac axes axis..rank-1 of {@code x} (ONNX order), gamma/beta optional. */
    Sym writeLayerNorm(OnnxNode node, Sym x, int axis, double epsilon, Tensor scale, Tensor bias) {
        int rank = x.shape().length;
        int[] normalized = Arrays.copyOfRange(x.shape(), axis, rank);
        ObjectNode layer = spec.add("layer_normalization", node, x.layer());
        ArrayNode axes = layer.putArray("axis");
        for (int a = axis; a < rank; a++) {
            axes.add(a);
        }
        layer.put("epsilon", epsilon);
        layer.put("scale", scale != null);
        layer.put("center", bias != null);
        if (scale != null) {
            spec.weight(layer, "gamma", toShape(node, scale, normalized, "Scale"));
        }
        if (bias != null) {
            spec.weight(layer, "beta", toShape(node, bias, normalized, "B"));
        }
        return out(node, layer, x.shape(), false);
    }

    private static Tensor toShape(OnnxNode node, Tensor c, int[] shape, String what) {
        int[] b = OnnxShapes.broadcast(shape, c.shape());
        if (b == null || !Arrays.equals(b, shape)) {
            throw node.error(what + " of shape " + Arrays.toString(c.shape()) + " does not broadcast to the normalized"
                    + " shape " + Arrays.toString(shape));
        }
        return OnnxFolder.broadcastTo(c, shape);
    }

    void instanceNormalization(OnnxNode node, List<Object> in) {
        Sym x = onnxOrder(node, sym(node, in, 0));
        if (x.shape().length < 2) {
            throw node.error("expected an input with spatial axes (N, C, D1, ...), found rank " + (x.shape().length + 1));
        }
        Tensor scale = constant(node, in, 1, "scale");
        Tensor bias = constant(node, in, 2, "B");
        Sym n = writeLayerNorm(node, x, 1, node.number("epsilon", 1e-5), null, null);
        int[] cShape = new int[x.shape().length + 1];
        Arrays.fill(cShape, 1);
        cShape[1] = x.shape()[0];
        t.bind(node, 0, affine(node, n, stored(node, n, OnnxFolder.reshape(scale, cShape), "scale"),
                stored(node, n, OnnxFolder.reshape(bias, cShape), "B")));
    }
}
