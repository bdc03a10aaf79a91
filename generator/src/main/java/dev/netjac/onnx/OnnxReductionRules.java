package dev.netjac.onnx;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.onnx.OnnxTranslator.Sym;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** ReduceMean, ReduceSum and ReduceMax over constant axes. */
final class OnnxReductionRules extends OnnxRules {
    OnnxReductionRules(OnnxTranslator translator, OnnxSpec spec) {
        super(translator, spec);
    }

    void reduce(OnnxNode node, List<Object> in) {
        Sym x = onnxOrder(node, sym(node, in, 0));
        int rank = x.shape().length + 1;
        long[] axes = node.has("axes") ? node.ints("axes") : null;
        if (axes == null && in.size() > 1 && in.get(1) != null) {
            axes = OnnxFolder.ints(constant(node, in, 1, "axes"));
        }
        boolean keep = node.integer("keepdims", 1) != 0;
        int[] shape = x.shape();
        boolean[] reduced = new boolean[shape.length];
        if (axes == null || axes.length == 0) {
            if (node.integer("noop_with_empty_axes", 0) != 0) {
                t.bind(node, 0, x);
                return;
            }
            throw node.error("it reduces over every axis, the batch axis included");
        }
        List<Integer> list = new ArrayList<>();
        for (long a : axes) {
            int r = axis(node, a, rank);
            reduced[r] = true;
            list.add(r);
        }
        int[] outShape = keep ? shape.clone() : new int[0];
        if (keep) {
            for (int a : list) {
                outShape[a] = 1;
            }
        } else {
            outShape = Arrays.stream(OnnxShapes.range(shape.length)).filter(a -> !reduced[a]).map(a -> shape[a]).toArray();
            if (outShape.length == 0) {
                outShape = new int[] {1};
            }
        }
        String type = node.op.equals("ReduceMean") ? "reduce_mean" : node.op.equals("ReduceSum") ? "reduce_sum" : "reduce_max";
        ObjectNode layer = spec.add(type, node, x.layer());
        ArrayNode a = layer.putArray("axes");
        list.forEach(a::add);
        layer.put("keepdims", keep);
        out(node, layer, outShape, false);
    }
}
