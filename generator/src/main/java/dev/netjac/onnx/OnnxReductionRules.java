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
        if (OnnxSpec.has(type)) {
            ObjectNode layer = spec.add(type, node, x.layer());
            ArrayNode a = layer.putArray("axes");
            list.forEach(a::add);
            layer.put("keepdims", keep);
            int[] netjacShape = outShape;
            out(node, layer, netjacShape, false);
            return;
        }
        if (type.equals("reduce_max")) {
            requireType(node, type);
        }
        int n = OnnxShapes.size(shape);
        int m = OnnxShapes.size(outShape);
        OnnxLinear.Map map = OnnxLinear.Map.of(node, n, m, "a reduction");
        int count = 1;
        for (int a : list) {
            count *= shape[a];
        }
        double weight = type.equals("reduce_mean") ? 1.0 / count : 1.0;
        int[] index = new int[shape.length];
        int[] keptStrides = OnnxShapes.strides(keepShape(shape, reduced));
        for (int i = 0; i < n; i++) {
            int o = 0;
            for (int a = 0; a < shape.length; a++) {
                o += reduced[a] ? 0 : index[a] * keptStrides[a];
            }
            map.set(o, i, weight);
            for (int a = shape.length - 1; a >= 0 && ++index[a] == shape[a]; a--) {
                index[a] = 0;
            }
        }
        t.bind(node, 0, OnnxLinear.emit(spec, node, x, map, outShape, false));
    }

    private static int[] keepShape(int[] shape, boolean[] reduced) {
        int[] s = shape.clone();
        for (int a = 0; a < s.length; a++) {
            if (reduced[a]) {
                s[a] = 1;
            }
        }
        return s;
    }
}
