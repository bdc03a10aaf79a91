package dev.netjac.onnx;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.weights.Tensor;

/**
 * Writes a linear map y = A·x + c of a whole (flattened) tensor as flatten + dense + reshape. This is the
 * fallback for operators that are linear in their input but have no spec layer of their own (yet): index maps
 * (transpose, pad, slice, broadcast), reductions, elementwise affine maps that vary along several axes. The
 * dense kernel has in × out entries, so it is limited to {@link #MAX_ENTRIES}.
 */
final class OnnxLinear {
    static final long MAX_ENTRIES = 1L << 22;

    private OnnxLinear() {}

    /** The kernel, (out, in) row-major, being filled; {@code bias} is c. */
    record Map(int in, int out, double[] kernel, double[] bias) {
        static Map of(OnnxNode node, int in, int out, String what) {
            if ((long) in * out > MAX_ENTRIES) {
                throw node.error(what + " from " + in + " to " + out + " values would be written as a " + out + " x " + in
                        + " matrix, more than " + MAX_ENTRIES + " entries; this operator needs its own netjac layer");
            }
            return new Map(in, out, new double[in * out], new double[out]);
        }

        void set(int row, int col, double value) {
            kernel[row * in + col] += value;
        }
    }

    static Map ofIndexMap(OnnxNode node, OnnxIndexMaps.IndexMap m, String what) {
        Map map = Map.of(node, OnnxShapes.size(m.inShape()), m.source().length, what);
        for (int i = 0; i < m.source().length; i++) {
            if (m.source()[i] < 0) {
                map.bias[i] = m.fill();
            } else {
                map.set(i, m.source()[i], 1);
            }
        }
        return map;
    }

    static OnnxTranslator.Sym emit(OnnxSpec spec, OnnxNode node, OnnxTranslator.Sym x, Map map, int[] outShape,
            boolean channelsLast) {
        String input = x.layer();
        if (x.shape().length != 1) {
            input = spec.add("flatten", node, input).get("name").asText();
        }
        ObjectNode dense = spec.add("dense", node, input);
        dense.put("units", map.out());
        dense.put("kernel_layout", "out_in");
        spec.weight(dense, "kernel", Tensor.of(new int[] {map.out(), map.in()}, map.kernel()));
        spec.weight(dense, "bias", Tensor.of(new int[] {map.out()}, map.bias()));
        String output = dense.get("name").asText();
        if (outShape.length != 1) {
            ObjectNode reshape = spec.add("reshape", node, output);
            OnnxSpec.ints(reshape, "target_shape", outShape);
            output = reshape.get("name").asText();
        }
        return new OnnxTranslator.Sym(output, outShape, channelsLast);
    }
}
