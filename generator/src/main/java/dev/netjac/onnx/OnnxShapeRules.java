package dev.netjac.onnx;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.onnx.OnnxTranslator.Sym;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Shape and index operators: Flatten, Reshape, (Un)Squeeze, Transpose, Concat, Slice, Split, Pad, Tile, DepthToSpace. */
final class OnnxShapeRules extends OnnxRules {
    OnnxShapeRules(OnnxTranslator translator, OnnxSpec spec) {
        super(translator, spec);
    }

    void flatten(OnnxNode node, List<Object> in) {
        Sym x = onnxOrder(node, sym(node, in, 0));
        int rank = x.shape().length + 1;
        long axis = node.integer("axis", 1);
        if ((axis < 0 ? axis + rank : axis) != 1) {
            throw node.error("axis " + axis + " would merge the batch axis with others; netjac supports axis = 1");
        }
        t.bind(node, 0, reshapeTo(node, x, new int[] {OnnxShapes.size(x.shape())}, false));
    }

    void reshape(OnnxNode node, List<Object> in) {
        Sym x = onnxOrder(node, sym(node, in, 0));
        int[] full = withBatch(x.shape());
        int[] target;
        try {
            target = switch (node.op) {
                case "Reshape" -> OnnxShapes.reshapeTarget(full, OnnxFolder.ints(constant(node, in, 1, "the shape")),
                        node.integer("allowzero", 0) != 0);
                case "Squeeze" -> OnnxShapes.squeezed(full, axesOf(node, in, 1));
                default -> OnnxShapes.unsqueezed(full, axesOf(node, in, 1));
            };
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
        if (node.op.equals("Squeeze") && node.ints("axes") == null && in.size() < 2) {
            // without axes every unit dimension goes, but the batch axis stays
            target = withBatch(OnnxShapes.squeezed(x.shape(), null));
        }
        if (target.length < 2 || target[0] != t.batch() || (node.op.equals("Unsqueeze") && containsZero(node, in))) {
            throw node.error("the result " + Arrays.toString(target) + " does not keep the batch axis first; netjac"
                    + " needs the batch axis (of " + t.batch() + " here) to stay axis 0");
        }
        t.bind(node, 0, reshapeTo(node, x, Arrays.copyOfRange(target, 1, target.length), false));
    }

    private boolean containsZero(OnnxNode node, List<Object> in) {
        long[] axes = axesOf(node, in, 1);
        for (long a : axes) {
            if (a == 0) {
                return true;
            }
        }
        return false;
    }

    private long[] axesOf(OnnxNode node, List<Object> in, int input) {
        if (node.has("axes")) {
            return node.ints("axes");
        }
        Tensor c = constant(node, in, input, "axes");
        return c == null ? null : OnnxFolder.ints(c);
    }

    int[] withBatch(int[] shape) {
        int[] full = new int[shape.length + 1];
        full[0] = t.batch();
        System.arraycopy(shape, 0, full, 1, shape.length);
        return full;
    }

    void transpose(OnnxNode node, List<Object> in) {
        Sym x = onnxOrder(node, sym(node, in, 0));
        int[] perm = OnnxFolder.perm(node, x.shape().length + 1);
        if (perm[0] != 0) {
            throw node.error("perm " + Arrays.toString(perm) + " moves the batch axis; netjac needs it first");
        }
        int[] p = new int[perm.length - 1];
        for (int i = 0; i < p.length; i++) {
            p[i] = perm[i + 1] - 1;
        }
        t.bind(node, 0, permute(node, x, p, false));
    }

    void concat(OnnxNode node, List<Object> in) {
        List<String> names = new ArrayList<>();
        int[] shape = null;
        int axis = -1;
        for (int i = 0; i < in.size(); i++) {
            Sym s = onnxOrder(node, sym(node, in, i));
            if (shape == null) {
                shape = s.shape().clone();
                axis = axis(node, node.integer("axis", 0), shape.length + 1);
                shape[axis] = 0;
            }
            shape[axis] += s.shape()[axis];
            names.add(s.layer());
        }
        if (names.size() == 1) {
            t.bind(node, 0, onnxOrder(node, sym(node, in, 0)));
            return;
        }
        ObjectNode layer = spec.add("concatenate", node, names.toArray(new String[0]));
        layer.put("axis", axis);
        out(node, layer, shape, false);
    }

    void slice(OnnxNode node, List<Object> in) {
        Sym x = onnxOrder(node, sym(node, in, 0));
        List<Tensor> consts = new ArrayList<>();
        consts.add(null);
        for (int i = 1; i < in.size(); i++) {
            consts.add(constant(node, in, i, "a bound"));
        }
        int[][] full;
        try {
            full = OnnxShapes.sliceSpec(node, consts, withBatch(x.shape()));
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
        if (OnnxShapes.sliceLength(full[0]) != t.batch()) {
            throw node.error("it slices the batch axis; netjac needs the batch axis whole");
        }
        t.bind(node, 0, sliceStored(node, x, Arrays.copyOfRange(full, 1, full.length)));
    }

    private Sym sliceStored(OnnxNode node, Sym x, int[][] spec) {
        OnnxIndexMaps.IndexMap map = OnnxIndexMaps.slice(x.shape(), spec);
        if (Arrays.equals(map.outShape(), x.shape()) && isIdentity(map.source())) {
            return x;
        }
        ObjectNode fields = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        ArrayNode starts = fields.putArray("starts");
        ArrayNode ends = fields.putArray("ends");
        ArrayNode steps = fields.putArray("steps");
        for (int[] s : spec) {
            starts.add(s[0]);
            if (s[1] < 0) {
                ends.addNull();
            } else {
                ends.add(s[1]);
            }
            steps.add(s[2]);
        }
        return indexLayer(node, x, "slice", fields, map.outShape(), false);
    }

    private static boolean isIdentity(int[] source) {
        for (int i = 0; i < source.length; i++) {
            if (source[i] != i) {
                return false;
            }
        }
        return true;
    }

    void split(OnnxNode node, List<Object> in) {
        Sym x = onnxOrder(node, sym(node, in, 0));
        int axis = axis(node, node.integer("axis", 0), x.shape().length + 1);
        int n = x.shape()[axis];
        int parts = node.outputs.size();
        long[] sizes = node.ints("split");
        if (sizes == null && in.size() > 1 && in.get(1) != null) {
            sizes = OnnxFolder.ints(constant(node, in, 1, "split"));
        }
        if (sizes == null) {
            sizes = new long[parts];
            int chunk = (n + parts - 1) / parts;
            for (int i = 0; i < parts; i++) {
                sizes[i] = Math.max(0, Math.min(chunk, n - (long) i * chunk));
            }
        }
        if (sizes.length != parts || Arrays.stream(sizes).sum() != n) {
            throw node.error("split sizes " + Arrays.toString(sizes) + " do not divide " + n + " into " + parts + " outputs");
        }
        int start = 0;
        for (int i = 0; i < parts; i++) {
            int[][] s = new int[x.shape().length][];
            for (int a = 0; a < s.length; a++) {
                s[a] = a == axis ? new int[] {start, start + (int) sizes[i], 1} : new int[] {0, x.shape()[a], 1};
            }
            start += (int) sizes[i];
            List<OnnxNode> readers = t.consumersOf(node.outputs.get(i));
            if (readers == null || !readers.isEmpty()) {
                t.bind(node, i, sliceStored(node, x, s));
            }
        }
    }

    void pad(OnnxNode node, List<Object> in) {
        Sym x = sym(node, in, 0);
        String mode = node.string("mode", "constant");
        if (!List.of("constant", "reflect", "edge").contains(mode)) {
            throw node.error("mode " + mode + " is not supported; expected constant, reflect or edge");
        }
        int rank = x.shape().length + 1;
        long[] p;
        double value = 0;
        long[] axes = null;
        if (node.opset < 11) {
            p = node.has("pads") ? node.ints("pads") : node.ints("paddings");
            value = node.number("value", 0);
        } else {
            p = OnnxFolder.ints(constant(node, in, 1, "pads"));
            Tensor v = constant(node, in, 2, "constant_value");
            value = v == null ? 0 : v.get(0);
            Tensor a = constant(node, in, 3, "axes");
            axes = a == null ? null : OnnxFolder.ints(a);
        }
        int[][] full = new int[rank][2];
        int count = axes == null ? rank : axes.length;
        if (p == null || p.length != 2 * count) {
            throw node.error("pads has " + (p == null ? 0 : p.length) + " entries, expected " + 2 * count);
        }
        for (int i = 0; i < count; i++) {
            int a = axes == null ? i : (int) (axes[i] < 0 ? axes[i] + rank : axes[i]);
            full[a][0] = (int) p[i];
            full[a][1] = (int) p[i + count];
        }
        if (full[0][0] != 0 || full[0][1] != 0) {
            throw node.error("it pads the batch axis; netjac needs the batch axis unchanged");
        }
        // pads per stored axis: ONNX order (C, s1..sk) is stored as (s1..sk, C) when channels-last
        int[][] stored = new int[rank - 1][];
        for (int a = 1; a < rank; a++) {
            int s = !x.channelsLast() ? a - 1 : a == 1 ? rank - 2 : a - 2;
            stored[s] = full[a];
        }
        t.bind(node, 0, padStored(node, x, stored, mode, value));
    }

    /** NumPy broadcasting of the computed input to a constant shape; it must keep the batch axis first. */
    void expand(OnnxNode node, List<Object> in) {
        Sym x = onnxOrder(node, sym(node, in, 0));
        long[] wanted = OnnxFolder.ints(constant(node, in, 1, "the shape"));
        int[] full = withBatch(x.shape());
        int[] target = OnnxShapes.broadcast(full, OnnxFolder.toInts(wanted));
        if (target == null) {
            throw node.error("shape " + Arrays.toString(wanted) + " does not broadcast with the input's "
                    + Arrays.toString(full));
        }
        if (target.length != full.length || target[0] != t.batch()) {
            throw node.error("the result " + Arrays.toString(target) + " does not keep the batch axis first; netjac"
                    + " needs the batch axis (of " + t.batch() + " here) to stay axis 0");
        }
        int[] shape = Arrays.copyOfRange(target, 1, target.length);
        if (Arrays.equals(shape, x.shape())) {
            t.bind(node, 0, x);
            return;
        }
        ObjectNode fields = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        OnnxSpec.ints(fields, "shape", shape);
        t.bind(node, 0, indexLayer(node, x, "broadcast", fields, shape, false));
    }

    void tile(OnnxNode node, List<Object> in) {
        Sym x = onnxOrder(node, sym(node, in, 0));
        long[] repeats = OnnxFolder.ints(constant(node, in, 1, "repeats"));
        int[] shape = x.shape();
        if (repeats.length != shape.length + 1 || repeats[0] != 1) {
            throw node.error("repeats " + Arrays.toString(repeats) + " must keep the batch axis (1 first) and give one"
                    + " count per axis");
        }
        // repeating along an axis is concatenating copies along it: exact, and sparse
        Sym y = x;
        for (int a = 0; a < shape.length; a++) {
            if (repeats[a + 1] == 1) {
                continue;
            }
            String[] copies = new String[(int) repeats[a + 1]];
            Arrays.fill(copies, y.layer());
            ObjectNode layer = spec.add("concatenate", node, copies);
            layer.put("axis", a);
            int[] grown = y.shape().clone();
            grown[a] *= copies.length;
            y = new Sym(layer.get("name").asText(), grown, false);
        }
        t.bind(node, 0, y);
    }

    void depthToSpace(OnnxNode node, List<Object> in) {
        Sym x = onnxOrder(node, sym(node, in, 0));
        if (x.shape().length != 3) {
            throw node.error("expected an (N, C, H, W) input");
        }
        int b = (int) node.integer("blocksize", 0);
        int c = x.shape()[0];
        int h = x.shape()[1];
        int w = x.shape()[2];
        if (b < 1 || c % (b * b) != 0) {
            throw node.error("blocksize " + b + " does not divide the " + c + " channels into blocks of " + b + " x " + b);
        }
        boolean crd = node.string("mode", "DCR").equals("CRD");
        int[] split = crd ? new int[] {c / (b * b), b, b, h, w} : new int[] {b, b, c / (b * b), h, w};
        int[] perm = crd ? new int[] {0, 3, 1, 4, 2} : new int[] {2, 3, 0, 4, 1};
        int[] outShape = {c / (b * b), h * b, w * b};
        Sym r = reshapeTo(node, x, split, false);
        Sym p = permute(node, r, perm, false);
        t.bind(node, 0, reshapeTo(node, p, outShape, false));
    }
}
