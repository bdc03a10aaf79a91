package dev.netjac.onnx;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.onnx.OnnxTranslator.Sym;
import dev.netjac.weights.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * What every operator family's rules share: the translator and spec being written, reading a node's inputs, and
 * the layout moves (ONNX order, channels-last), reshapes, elementwise affine maps and paddings that many operators
 * need. {@link OnnxOps} holds the operator table; each family extends this class.
 */
abstract class OnnxRules {
    final OnnxTranslator t;
    final OnnxSpec spec;

    OnnxRules(OnnxTranslator translator, OnnxSpec spec) {
        this.t = translator;
        this.spec = spec;
    }

    Sym sym(OnnxNode node, List<Object> in, int i) {
        if (i >= in.size() || !(in.get(i) instanceof Sym s)) {
            throw node.error("input " + i + " must be computed from the graph input");
        }
        return s;
    }

    /** Input i as a constant, or null when omitted; refused when it is computed from the graph input. */
    static Tensor constant(OnnxNode node, List<Object> in, int i, String what) {
        if (i >= in.size() || in.get(i) == null) {
            return null;
        }
        if (!(in.get(i) instanceof Tensor c)) {
            throw node.error(what + " (input " + i + ") must be a constant (an initializer or foldable); it is computed"
                    + " from the graph input");
        }
        return c;
    }

    /** ONNX axis {@code a} of a tensor of ONNX rank {@code rank} as a netjac axis (the batch axis refused). */
    static int axis(OnnxNode node, long a, int rank) {
        long r = a < 0 ? a + rank : a;
        if (r < 0 || r >= rank) {
            throw node.error("axis " + a + " is out of range for rank " + rank);
        }
        if (r == 0) {
            throw node.error("it acts on axis 0, the batch axis; netjac translates functions of one example"
                    + " (the batch axis is not part of the function)");
        }
        return (int) r - 1;
    }

    Sym out(OnnxNode node, ObjectNode layer, int[] shape, boolean channelsLast) {
        Sym s = new Sym(layer.get("name").asText(), shape, channelsLast);
        t.bind(node, 0, s);
        return s;
    }

    /** {@code x} in ONNX order (a transpose from channels-last if needed). */
    Sym onnxOrder(OnnxNode node, Sym x) {
        if (!x.channelsLast()) {
            return x;
        }
        int k = x.shape().length - 1;
        int[] perm = new int[k + 1];
        perm[0] = k;
        for (int i = 0; i < k; i++) {
            perm[i + 1] = i;
        }
        return permute(node, x, perm, false);
    }

    /** {@code x} channels-last (stored (s1..sk, C)). */
    Sym channelsLast(OnnxNode node, Sym x) {
        if (x.channelsLast()) {
            return x;
        }
        int k = x.shape().length - 1;
        int[] perm = new int[k + 1];
        for (int i = 0; i < k; i++) {
            perm[i] = i + 1;
        }
        perm[k] = 0;
        return permute(node, x, perm, true);
    }

    /** numpy.transpose of the stored tensor; a reshape when only axes of size 1 move. */
    Sym permute(OnnxNode node, Sym x, int[] perm, boolean channelsLast) {
        int[] shape = x.shape();
        int[] out = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = shape[perm[i]];
        }
        if (onlyUnitAxesMove(shape, perm)) {
            return reshapeTo(node, x, out, channelsLast);
        }
        ObjectNode layer = spec.add("transpose", node, x.layer());
        OnnxSpec.ints(layer, "perm", perm);
        return new Sym(layer.get("name").asText(), out, channelsLast);
    }

    private static boolean onlyUnitAxesMove(int[] shape, int[] perm) {
        int last = -1;
        for (int p : perm) {
            if (shape[p] != 1) {
                if (p < last) {
                    return false;
                }
                last = p;
            }
        }
        return true;
    }

    Sym reshapeTo(OnnxNode node, Sym x, int[] shape, boolean channelsLast) {
        if (Arrays.equals(x.shape(), shape)) {
            return new Sym(x.layer(), shape, channelsLast);
        }
        ObjectNode layer = spec.add("reshape", node, x.layer());
        OnnxSpec.ints(layer, "target_shape", shape);
        return new Sym(layer.get("name").asText(), shape, channelsLast);
    }

    /** A layer of {@code type} with {@code fields} on the stored tensor {@code x}, of stored shape {@code outShape}. */
    Sym indexLayer(OnnxNode node, Sym x, String type, ObjectNode fields, int[] outShape, boolean channelsLast) {
        ObjectNode layer = spec.add(type, node, x.layer());
        layer.setAll(fields);
        return new Sym(layer.get("name").asText(), outShape, channelsLast);
    }

    /** y = x·scale + offset elementwise; {@code scale}/{@code offset} (either may be null) are given in the stored shape of {@code x}. */
    Sym affine(OnnxNode node, Sym x, double[] scale, double[] offset) {
        int[] shape = x.shape();
        ObjectNode layer = spec.add("affine", node, x.layer());
        if (scale != null) {
            spec.weight(layer, "scale", compress(scale, shape));
        }
        if (offset != null) {
            spec.weight(layer, "offset", compress(offset, shape));
        }
        return new Sym(layer.get("name").asText(), shape, x.channelsLast());
    }

    /** The smallest broadcastable tensor holding {@code full} (of {@code shape}): size 1 along constant axes. */
    static Tensor compress(double[] full, int[] shape) {
        int[] small = shape.clone();
        Tensor t = Tensor.of(shape, full);
        for (int a = 0; a < shape.length; a++) {
            int[] probe = small.clone();
            probe[a] = 1;
            Tensor reduced = OnnxIndexMaps.slice(t.shape(), sliceFirst(t.shape(), a)).apply(t);
            if (Arrays.equals(OnnxFolder.broadcastTo(reduced, t.shape()).toArray(), t.toArray())) {
                t = reduced;
                small = probe;
            }
        }
        return t;
    }

    private static int[][] sliceFirst(int[] shape, int axis) {
        int[][] spec = new int[shape.length][];
        for (int a = 0; a < shape.length; a++) {
            spec[a] = a == axis ? new int[] {0, 1, 1} : new int[] {0, shape[a], 1};
        }
        return spec;
    }

    /** A constant broadcast to the ONNX shape of {@code x} (batch 1 dropped), in the stored order of {@code x}. */
    double[] stored(OnnxNode node, Sym x, Tensor c, String what) {
        int[] logical = x.logical();
        int[] full = new int[logical.length + 1];
        full[0] = 1;
        System.arraycopy(logical, 0, full, 1, logical.length);
        int[] b = OnnxShapes.broadcast(full, c.shape());
        if (b == null || !Arrays.equals(b, full)) {
            throw node.error(what + " of shape " + Arrays.toString(c.shape()) + " does not broadcast to the input's shape "
                    + Arrays.toString(full) + " (or would enlarge it)");
        }
        Tensor t = OnnxFolder.reshape(OnnxFolder.broadcastTo(c, full), logical);
        if (x.channelsLast()) {
            int k = logical.length - 1;
            int[] perm = new int[k + 1];
            for (int i = 0; i < k; i++) {
                perm[i] = i + 1;
            }
            perm[k] = 0;
            t = OnnxFolder.transpose(t, perm);
        }
        return t.toArray();
    }

    static Tensor vector(double[] v) {
        return Tensor.of(new int[] {v.length}, v);
    }

    static double[] filled(int n, double v) {
        double[] d = new double[n];
        Arrays.fill(d, v);
        return d;
    }

    Sym elementwise(OnnxNode node, Sym x, String type) {
        ObjectNode layer = spec.add(type, node, x.layer());
        return out(node, layer, x.shape(), x.channelsLast());
    }

    void alias(OnnxNode node, List<Object> in) {
        t.bind(node, 0, in.get(0));
    }

    /** Pads the channels-last {@code x} (spatial pads, none on channels) with {@code value}. */
    Sym padSpatial(OnnxNode node, Sym x, int[][] spatial, double value) {
        int[][] pads = new int[x.shape().length][2];
        for (int i = 0; i < spatial.length; i++) {
            pads[i] = spatial[i];
        }
        return padStored(node, x, pads, "constant", value);
    }

    /** A {@code pad} layer on the stored tensor; the index map checks the pads first, naming the ONNX node. */
    Sym padStored(OnnxNode node, Sym x, int[][] pads, String mode, double value) {
        OnnxIndexMaps.IndexMap map;
        try {
            map = OnnxIndexMaps.pad(x.shape(), pads, mode, Double.isInfinite(value) ? -Double.MAX_VALUE : value);
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
        ObjectNode fields = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        ArrayNode list = fields.putArray("pads");
        for (int[] p : pads) {
            list.addArray().add(p[0]).add(p[1]);
        }
        fields.put("mode", mode);
        if (mode.equals("constant")) { // reflect and edge take their values from the input, and the pad layer refuses one
            if (Double.isInfinite(value)) {
                fields.put("value", value < 0 ? "-inf" : "inf");
            } else {
                fields.put("value", value);
            }
        }
        return indexLayer(node, x, "pad", fields, map.outShape(), x.channelsLast());
    }
}
