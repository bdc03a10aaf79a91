package dev.netjac.onnx;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.onnx.OnnxTranslator.Sym;
import dev.netjac.weights.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Gather with one constant index on a computed tensor, off the batch axis: torch's {@code y[:, -1]} (the last
 * step of a sequence) and {@code y[:, k]}. It becomes a {@code slice} of that index and a {@code reshape}
 * dropping the axis (a scalar index) or keeping it (a one-element index list).
 */
final class OnnxGather extends OnnxRules {
    OnnxGather(OnnxTranslator translator, OnnxSpec spec) {
        super(translator, spec);
    }

    boolean translate(OnnxNode node, List<Object> in) {
        if (!node.op.equals("Gather") || !(in.get(0) instanceof Sym s) || !(in.get(1) instanceof Tensor index)) {
            return false;
        }
        Sym x = onnxOrder(node, s);
        int[] shape = x.shape();
        int axis = axis(node, node.integer("axis", 0), shape.length + 1);
        if (index.size() != 1 || index.rank() > 1) {
            throw node.error("only a single constant index is supported, found indices of shape "
                    + Arrays.toString(index.shape()));
        }
        int k = (int) index.get(0);
        if (k < -shape[axis] || k >= shape[axis]) {
            throw node.error("index " + k + " is out of range for axis " + (axis + 1) + " of size " + shape[axis]);
        }
        k = k < 0 ? k + shape[axis] : k;
        ObjectNode slice = spec.add("slice", node, x.layer());
        ArrayNode starts = slice.putArray("starts");
        ArrayNode ends = slice.putArray("ends");
        for (int a = 0; a < shape.length; a++) {
            if (a == axis) {
                starts.add(k);
                ends.add(k + 1);
            } else {
                starts.addNull();
                ends.addNull();
            }
        }
        int[] kept = shape.clone();
        kept[axis] = 1;
        int[] out = index.rank() == 0 ? remove(shape, axis) : kept;
        Sym sliced = new Sym(slice.get("name").asText(), kept, false);
        if (out.length == 0) {
            throw node.error("gathering the only axis leaves a scalar per example; netjac needs at least one value axis");
        }
        ObjectNode reshape = spec.add("reshape", node, sliced.layer());
        ArrayNode target = reshape.putArray("target_shape");
        for (int d : out) {
            target.add(d);
        }
        out(node, reshape, out, false);
        return true;
    }

    private static int[] remove(int[] shape, int axis) {
        int[] out = new int[shape.length - 1];
        for (int a = 0, j = 0; a < shape.length; a++) {
            if (a != axis) {
                out[j++] = shape[a];
            }
        }
        return out;
    }
}
