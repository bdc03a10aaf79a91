package dev.netjac.onnx;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.onnx.OnnxTranslator.Sym;
import dev.netjac.onnx.proto.Onnx.TensorProto;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operator table: how each ONNX operator on a computed tensor becomes spec layers. One method per operator
 * family; {@link #RULES} maps op types to them, and anything else is refused naming the node, its op type, the
 * opset and the list of supported operators.
 */
final class OnnxOps {
    private interface Rule {
        void translate(OnnxOps ops, OnnxNode node, List<Object> in);
    }

    private static final Map<String, Rule> RULES = new TreeMap<>();

    private static void rule(Rule rule, String... ops) {
        for (String op : ops) {
            RULES.put(op, rule);
        }
    }

    static {
        rule(OnnxOps::alias, "Identity");
        rule(OnnxOps::dropout, "Dropout");
        rule(OnnxOps::cast, "Cast");
        rule(OnnxOps::activation, "Relu", "Sigmoid", "Tanh", "Softplus", "Softsign", "Elu", "Selu", "LeakyRelu",
                "HardSigmoid", "ThresholdedRelu", "Gelu", "Exp", "Erf", "Log", "Sqrt", "Abs", "Reciprocal", "Celu",
                "HardSwish", "Mish", "Neg");
        rule(OnnxOps::prelu, "PRelu");
        rule(OnnxOps::clip, "Clip");
        rule(OnnxOps::pow, "Pow");
        rule(OnnxOps::gemm, "Gemm");
        rule(OnnxOps::matMul, "MatMul");
        rule(OnnxOps::binary, "Add", "Sub", "Mul", "Div");
        rule(OnnxOps::softmax, "Softmax", "LogSoftmax");
        rule(OnnxOps::conv, "Conv");
        rule(OnnxOps::convTranspose, "ConvTranspose");
        rule(OnnxOps::pool, "MaxPool", "AveragePool");
        rule(OnnxOps::globalPool, "GlobalAveragePool", "GlobalMaxPool");
        rule(OnnxOps::batchNormalization, "BatchNormalization");
        rule(OnnxOps::layerNormalization, "LayerNormalization");
        rule(OnnxOps::instanceNormalization, "InstanceNormalization");
        rule(OnnxOps::flatten, "Flatten");
        rule(OnnxOps::reshape, "Reshape", "Squeeze", "Unsqueeze");
        rule(OnnxOps::transpose, "Transpose");
        rule(OnnxOps::concat, "Concat");
        rule(OnnxOps::slice, "Slice");
        rule(OnnxOps::split, "Split");
        rule(OnnxOps::pad, "Pad");
        rule(OnnxOps::reduce, "ReduceMean", "ReduceSum", "ReduceMax");
        rule(OnnxOps::depthToSpace, "DepthToSpace");
        rule(OnnxOps::tile, "Tile");
        rule(OnnxOps::sum, "Sum");
    }

    private final OnnxTranslator t;
    private final OnnxSpec spec;

    OnnxOps(OnnxTranslator translator, OnnxSpec spec) {
        this.t = translator;
        this.spec = spec;
    }

    static List<String> supported() {
        List<String> all = new ArrayList<>(RULES.keySet());
        all.addAll(OnnxFolder.FOLDABLE);
        return all.stream().distinct().sorted().toList();
    }

    void translate(OnnxNode node, List<Object> in) {
        if (node.opset < 6 || node.opset > 21) {
            throw node.error("opset " + node.opset + " is outside the supported range 6..21");
        }
        if (OnnxPatterns.match(t, this, node, in)) {
            return;
        }
        Rule rule = RULES.get(node.op);
        if (rule == null) {
            throw node.error("operator " + node.op + " is not supported (docs/onnx.md lists the operators netjac imports)");
        }
        if (!(in.get(0) instanceof Sym) && !node.op.equals("Add") && !node.op.equals("Mul") && !node.op.equals("Sub")
                && !node.op.equals("Div") && !node.op.equals("Concat")) {
            throw node.error("its first input is a constant but another is computed; netjac supports this operator"
                    + " only on the computed first input");
        }
        rule.translate(this, node, in);
    }

    // ---------------------------------------------------------------- helpers

    Sym sym(OnnxNode node, List<Object> in, int i) {
        if (i >= in.size() || !(in.get(i) instanceof Sym s)) {
            throw node.error("input " + i + " must be computed from the graph input");
        }
        return s;
    }

    Tensor constant(OnnxNode node, List<Object> in, int i, String what) {
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
        if (OnnxSpec.has("transpose")) {
            ObjectNode layer = spec.add("transpose", node, x.layer());
            OnnxSpec.ints(layer, "perm", perm);
            return new Sym(layer.get("name").asText(), out, channelsLast);
        }
        OnnxIndexMaps.IndexMap map = OnnxIndexMaps.transpose(shape, perm);
        return OnnxLinear.emit(spec, node, x, OnnxLinear.ofIndexMap(node, map, "a transpose"), out, channelsLast);
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

    /** An index map on the stored tensor: the spec type when the spec reader has it, else a selection matrix. */
    Sym indexMap(OnnxNode node, Sym x, OnnxIndexMaps.IndexMap map, String type, ObjectNode fields, boolean channelsLast,
            String what) {
        if (fields != null && OnnxSpec.has(type)) {
            ObjectNode layer = spec.add(type, node, x.layer());
            layer.setAll(fields);
            return new Sym(layer.get("name").asText(), map.outShape(), channelsLast);
        }
        return OnnxLinear.emit(spec, node, x, OnnxLinear.ofIndexMap(node, map, what), map.outShape(), channelsLast);
    }

    /**
     * y = x·scale + offset elementwise; {@code scale}/{@code offset} (either may be null) are given in the stored
     * shape of {@code x}. Written as {@code affine} when the spec has it; else as a batch normalization with
     * mean 0, variance 1 and epsilon 0 (exact: x·γ + β) when they vary along at most one axis; else as a matrix.
     */
    Sym affine(OnnxNode node, Sym x, double[] scale, double[] offset) {
        int[] shape = x.shape();
        int n = OnnxShapes.size(shape);
        if (OnnxSpec.has("affine")) {
            ObjectNode layer = spec.add("affine", node, x.layer());
            if (scale != null) {
                spec.weight(layer, "scale", compress(scale, shape));
            }
            if (offset != null) {
                spec.weight(layer, "offset", compress(offset, shape));
            }
            return new Sym(layer.get("name").asText(), shape, x.channelsLast());
        }
        double[] s = scale == null ? filled(n, 1) : scale;
        double[] o = offset == null ? new double[n] : offset;
        int[] sShape = compress(s, shape).shape();
        int[] oShape = compress(o, shape).shape();
        int varying = -1;
        boolean single = true;
        for (int a = 0; a < shape.length; a++) {
            if (sShape[a] != 1 || oShape[a] != 1) {
                single &= varying < 0;
                varying = a;
            }
        }
        if (single) {
            int axis = varying < 0 ? shape.length - 1 : varying;
            int c = shape[axis];
            int stride = OnnxShapes.strides(shape)[axis];
            double[] gamma = new double[c];
            double[] beta = new double[c];
            for (int i = 0; i < c; i++) {
                gamma[i] = s[i * stride];
                beta[i] = o[i * stride];
            }
            ObjectNode layer = spec.add("batch_normalization", node, x.layer());
            layer.put("axis", axis);
            layer.put("epsilon", 0.0);
            spec.weight(layer, "gamma", vector(gamma));
            spec.weight(layer, "beta", vector(beta));
            spec.weight(layer, "moving_mean", vector(new double[c]));
            spec.weight(layer, "moving_variance", vector(filled(c, 1)));
            return new Sym(layer.get("name").asText(), shape, x.channelsLast());
        }
        OnnxLinear.Map map = OnnxLinear.Map.of(node, n, n, "an elementwise affine map");
        for (int i = 0; i < n; i++) {
            map.set(i, i, s[i]);
            map.bias()[i] = o[i];
        }
        return OnnxLinear.emit(spec, node, x, map, shape, x.channelsLast());
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

    private static Tensor vector(double[] v) {
        return Tensor.of(new int[] {v.length}, v);
    }

    private static double[] filled(int n, double v) {
        double[] d = new double[n];
        Arrays.fill(d, v);
        return d;
    }

    private Sym elementwise(OnnxNode node, Sym x, String type) {
        ObjectNode layer = spec.add(type, node, x.layer());
        return out(node, layer, x.shape(), x.channelsLast());
    }

    private ObjectNode requireType(OnnxNode node, String type) {
        if (!OnnxSpec.has(type)) {
            throw node.error("needs the netjac layer type " + type + ", which this build does not have");
        }
        return null;
    }

    // ---------------------------------------------------------------- rules

    private void alias(OnnxNode node, List<Object> in) {
        t.bind(node, 0, in.get(0));
    }

    /** Inference: the identity. A training_mode input that is true makes it random, which has no Jacobian. */
    private void dropout(OnnxNode node, List<Object> in) {
        Tensor training = in.size() > 2 ? constant(node, in, 2, "training_mode") : null;
        Tensor ratio = in.size() > 1 ? constant(node, in, 1, "ratio") : null;
        if (training != null && training.get(0) != 0 && (ratio == null || ratio.get(0) != 0)) {
            throw node.error("training_mode is true: dropout then zeroes random entries; export the model in eval mode");
        }
        alias(node, in);
    }

    /**
     * The identity for casts to float32 and float64 (netjac computes in float64; a float32 rounding is far below
     * a float32 model's own error). A cast to float16 or bfloat16 keeps 11 or 8 significant bits, which a float64
     * function does not model, and a cast to an integer type has no useful derivative: both are refused.
     */
    private void cast(OnnxNode node, List<Object> in) {
        int to = (int) node.integer("to", TensorProto.DataType.FLOAT_VALUE);
        if (to != TensorProto.DataType.FLOAT_VALUE && to != TensorProto.DataType.DOUBLE_VALUE) {
            throw node.error("a cast to " + OnnxTensors.typeName(to) + " of a computed tensor; netjac computes in"
                    + " float64 and keeps casts to float32 and float64 only (export the model without it)");
        }
        alias(node, in);
    }

    private void activation(OnnxNode node, List<Object> in) {
        Sym x = sym(node, in, 0);
        switch (node.op) {
            case "Relu" -> elementwise(node, x, "relu");
            case "Sigmoid" -> elementwise(node, x, "sigmoid");
            case "Tanh" -> elementwise(node, x, "tanh");
            case "Softplus" -> elementwise(node, x, "softplus");
            case "Softsign" -> elementwise(node, x, "softsign");
            case "Mish" -> elementwise(node, x, "mish");
            case "Exp" -> elementwise(node, x, OnnxSpec.has("exp") ? "exp" : "exponential");
            case "Elu" -> spec.add("elu", node, x.layer()).put("alpha", node.number("alpha", 1.0));
            case "LeakyRelu" -> spec.add("leaky_relu", node, x.layer()).put("alpha", node.number("alpha", 0.01));
            case "ThresholdedRelu" -> spec.add("thresholded_relu", node, x.layer()).put("theta", node.number("alpha", 1.0));
            case "Selu" -> selu(node, x);
            case "HardSigmoid" -> hardSigmoid(node, x);
            case "Gelu" -> elementwise(node, x, node.string("approximate", "none").equals("tanh") ? "gelu_tanh" : "gelu");
            case "Neg" -> affine(node, x, filled(OnnxShapes.size(x.shape()), -1), null);
            case "HardSwish" -> {
                if (OnnxSpec.has("hard_swish")) {
                    elementwise(node, x, "hard_swish");
                } else {
                    // x * relu6(x + 3) / 6
                    String h = spec.add("hard_sigmoid_relu6", node, x.layer()).get("name").asText();
                    spec.add("multiply", node, x.layer(), h);
                }
            }
            case "Celu" -> {
                requireType(node, "celu");
                spec.add("celu", node, x.layer()).put("alpha", node.number("alpha", 1.0));
            }
            default -> {
                String type = node.op.toLowerCase(Locale.ROOT);
                requireType(node, type);
                elementwise(node, x, type);
            }
        }
        if (!(t.value(node.outputs.get(0)) instanceof Sym)) {
            // the switch arms that wrote a layer directly: bind its output
            bindLast(node, x.shape(), x.channelsLast());
        }
    }

    private Sym bindLast(OnnxNode node, int[] shape, boolean channelsLast) {
        ObjectNode last = spec.last();
        return out(node, last, shape, channelsLast);
    }

    private void selu(OnnxNode node, Sym x) {
        double alpha = node.number("alpha", 1.67326319217681884765625);
        double gamma = node.number("gamma", 1.05070102214813232421875);
        if (Math.abs(alpha - 1.6732632423543772) < 1e-6 && Math.abs(gamma - 1.0507009873554805) < 1e-6) {
            elementwise(node, x, "selu");
            return;
        }
        requireType(node, "selu");
        ObjectNode layer = spec.add("selu", node, x.layer());
        layer.put("alpha", alpha);
        layer.put("gamma", gamma);
    }

    private void hardSigmoid(OnnxNode node, Sym x) {
        double alpha = node.number("alpha", 0.2);
        double beta = node.number("beta", 0.5);
        if (Math.abs(alpha - 0.2) < 1e-7 && Math.abs(beta - 0.5) < 1e-7) {
            elementwise(node, x, "hard_sigmoid");
        } else if (Math.abs(alpha - 1.0 / 6) < 1e-7 && Math.abs(beta - 0.5) < 1e-7) {
            elementwise(node, x, "hard_sigmoid_relu6");
        } else {
            ObjectNode layer = spec.add("hard_sigmoid", node, x.layer());
            layer.put("alpha", alpha);
            layer.put("beta", beta);
        }
    }

    private void prelu(OnnxNode node, List<Object> in) {
        Sym x = sym(node, in, 0);
        Tensor slope = constant(node, in, 1, "the slope");
        int rank = x.shape().length + 1;
        if (node.opset < 7 && slope.rank() == 1 && slope.size() > 1 && rank > 2 && slope.size() == x.logical()[0]) {
            // before opset 7 a (C,) slope is per channel (axis 1), not NumPy-broadcast from the right
            int[] perChannel = new int[rank - 1];
            Arrays.fill(perChannel, 1);
            perChannel[0] = slope.size();
            slope = OnnxFolder.reshape(slope, perChannel);
        }
        ObjectNode layer = spec.add("prelu", node, x.layer());
        spec.weight(layer, "alpha", Tensor.of(x.shape(), stored(node, x, slope, "the slope")));
        out(node, layer, x.shape(), x.channelsLast());
    }

    private void clip(OnnxNode node, List<Object> in) {
        Sym x = sym(node, in, 0);
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        if (node.opset < 11) {
            lo = node.number("min", (float) -3.4028234663852886e38);
            hi = node.number("max", (float) 3.4028234663852886e38);
        } else {
            Tensor min = constant(node, in, 1, "min");
            Tensor max = constant(node, in, 2, "max");
            lo = min == null ? lo : min.get(0);
            hi = max == null ? hi : max.get(0);
        }
        boolean noLo = lo <= -3.4028234663852886e38;
        boolean noHi = hi >= 3.4028234663852886e38;
        if (lo == 0 && hi == 6) {
            elementwise(node, x, "relu6");
        } else if (lo == 0 && noHi) {
            elementwise(node, x, "relu");
        } else if (OnnxSpec.has("clip")) {
            ObjectNode layer = spec.add("clip", node, x.layer());
            if (!noLo) {
                layer.put("min", lo);
            }
            if (!noHi) {
                layer.put("max", hi);
            }
            out(node, layer, x.shape(), x.channelsLast());
        } else if (noHi) {
            // relu(x - lo) + lo
            Sym shifted = affine(node, x, null, filled(OnnxShapes.size(x.shape()), -lo));
            Sym r = out(node, spec.add("relu", node, shifted.layer()), x.shape(), x.channelsLast());
            t.bind(node, 0, affine(node, r, null, filled(OnnxShapes.size(x.shape()), lo)));
        } else {
            requireType(node, "clip");
        }
    }

    private void pow(OnnxNode node, List<Object> in) {
        Sym x = sym(node, in, 0);
        Tensor e = constant(node, in, 1, "the exponent");
        if (e.size() != 1) {
            throw node.error("the exponent has shape " + Arrays.toString(e.shape()) + "; expected one number");
        }
        double p = e.get(0);
        if (p == 1) {
            t.bind(node, 0, x);
        } else if (p == 2 && !OnnxSpec.has("pow")) {
            out(node, spec.add("multiply", node, x.layer(), x.layer()), x.shape(), x.channelsLast());
        } else {
            requireType(node, "pow");
            out(node, spec.add("pow", node, x.layer()).put("exponent", p), x.shape(), x.channelsLast());
        }
    }

    private void gemm(OnnxNode node, List<Object> in) {
        Sym a = onnxOrder(node, sym(node, in, 0));
        if (node.integer("transA", 0) != 0) {
            throw node.error("transA = 1 transposes the batch axis into the features; netjac needs the batch first");
        }
        Tensor b = constant(node, in, 1, "B");
        Tensor c = constant(node, in, 2, "C");
        if (a.shape().length != 1 || b.rank() != 2) {
            throw node.error("expected a rank-2 input (batch, features) and a rank-2 B, found input shape "
                    + Arrays.toString(a.shape()) + " (without the batch) and B " + Arrays.toString(b.shape()));
        }
        boolean transB = node.integer("transB", 0) != 0;
        double alpha = node.number("alpha", 1.0);
        double beta = node.number("beta", 1.0);
        int k = transB ? b.dim(1) : b.dim(0);
        int units = transB ? b.dim(0) : b.dim(1);
        if (k != a.shape()[0]) {
            throw node.error("B of shape " + Arrays.toString(b.shape()) + (transB ? " (transB)" : "") + " takes " + k
                    + " features, the input has " + a.shape()[0]);
        }
        ObjectNode dense = spec.add("dense", node, a.layer());
        dense.put("units", units);
        dense.put("kernel_layout", transB ? "out_in" : "in_out");
        spec.weight(dense, "kernel", alpha == 1 ? b : OnnxFolder.unary(b, v -> v * alpha));
        if (c != null) {
            int[] full = OnnxShapes.broadcast(new int[] {1, units}, c.shape());
            if (full == null || full[0] != 1 || full[1] != units) {
                throw node.error("C of shape " + Arrays.toString(c.shape()) + " does not broadcast to (1, " + units + ")");
            }
            Tensor bias = OnnxFolder.reshape(OnnxFolder.broadcastTo(c, new int[] {1, units}), new int[] {units});
            spec.weight(dense, "bias", beta == 1 ? bias : OnnxFolder.unary(bias, v -> v * beta));
        } else {
            dense.put("use_bias", false);
        }
        out(node, dense, new int[] {units}, false);
    }

    private void matMul(OnnxNode node, List<Object> in) {
        Sym x = onnxOrder(node, sym(node, in, 0));
        Tensor w = constant(node, in, 1, "the second operand");
        int[] shape = x.shape();
        if (w.rank() != 2 || w.dim(0) != shape[shape.length - 1]) {
            throw node.error("expected a constant (K, N) matrix for an input whose last axis has K = "
                    + shape[shape.length - 1] + ", found " + Arrays.toString(w.shape()));
        }
        ObjectNode dense = spec.add("dense", node, x.layer());
        dense.put("units", w.dim(1));
        dense.put("use_bias", false);
        spec.weight(dense, "kernel", w);
        int[] outShape = shape.clone();
        outShape[outShape.length - 1] = w.dim(1);
        out(node, dense, outShape, false);
        t.biasFree().put(dense.get("name").asText(), dense);
    }

    private void binary(OnnxNode node, List<Object> in) {
        Object a = in.get(0);
        Object b = in.get(1);
        if (a instanceof Sym x && b instanceof Sym y) {
            merge(node, x, y);
            return;
        }
        boolean first = a instanceof Sym;
        Sym x = (Sym) (first ? a : b);
        Tensor c = (Tensor) (first ? b : a);
        double[] k = stored(node, x, c, "the constant");
        int n = k.length;
        switch (node.op) {
            case "Add" -> {
                ObjectNode dense = t.biasFree().get(x.layer());
                if (dense != null && !x.channelsLast() && t.soleConsumer(node.inputs.get(first ? 0 : 1)) == node
                        && varyOnlyLast(k, x.shape())) {
                    t.biasFree().remove(x.layer());
                    dense.remove("use_bias");
                    int units = x.shape()[x.shape().length - 1];
                    spec.weight(dense, "bias", vector(Arrays.copyOf(k, units)));
                    t.bind(node, 0, x);
                    return;
                }
                t.bind(node, 0, affine(node, x, null, k));
            }
            case "Sub" -> {
                if (first) {
                    t.bind(node, 0, affine(node, x, null, negate(k)));
                } else {
                    t.bind(node, 0, affine(node, x, filled(n, -1), k));
                }
            }
            case "Mul" -> t.bind(node, 0, affine(node, x, k, null));
            case "Div" -> {
                if (!first) {
                    requireType(node, "reciprocal");
                    Sym r = out(node, spec.add("reciprocal", node, x.layer()), x.shape(), x.channelsLast());
                    t.bind(node, 0, affine(node, r, k, null));
                    return;
                }
                double[] s = new double[n];
                for (int i = 0; i < n; i++) {
                    s[i] = 1 / k[i];
                }
                t.bind(node, 0, affine(node, x, s, null));
            }
            default -> throw new IllegalStateException(node.op);
        }
    }

    private static boolean varyOnlyLast(double[] k, int[] shape) {
        int last = shape[shape.length - 1];
        for (int i = 0; i < k.length; i++) {
            if (k[i] != k[i % last]) {
                return false;
            }
        }
        return true;
    }

    private static double[] negate(double[] k) {
        double[] out = new double[k.length];
        for (int i = 0; i < k.length; i++) {
            out[i] = -k[i];
        }
        return out;
    }

    /** Add/Sub/Mul/Div of two computed tensors, broadcasting them to one shape first. */
    private void merge(OnnxNode node, Sym x, Sym y) {
        if (x.channelsLast() != y.channelsLast() || (x.channelsLast() && !Arrays.equals(x.shape(), y.shape()))) {
            x = onnxOrder(node, x);
            y = onnxOrder(node, y);
        }
        if (x.shape().length != y.shape().length) {
            throw node.error("operands of ranks " + (x.shape().length + 1) + " and " + (y.shape().length + 1)
                    + " would broadcast across the batch axis");
        }
        int[] shape = OnnxShapes.broadcast(x.shape(), y.shape());
        if (shape == null) {
            throw node.error("operand shapes " + Arrays.toString(x.logical()) + " and " + Arrays.toString(y.logical())
                    + " do not broadcast");
        }
        x = broadcast(node, x, shape);
        y = broadcast(node, y, shape);
        String type = switch (node.op) {
            case "Add" -> "add";
            case "Sub" -> "subtract";
            case "Mul" -> "multiply";
            default -> "divide";
        };
        requireType(node, type);
        out(node, spec.add(type, node, x.layer(), y.layer()), shape, x.channelsLast());
    }

    private Sym broadcast(OnnxNode node, Sym x, int[] shape) {
        if (Arrays.equals(x.shape(), shape)) {
            return x;
        }
        ObjectNode fields = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        OnnxSpec.ints(fields, "shape", shape);
        return indexMap(node, x, OnnxIndexMaps.broadcast(x.shape(), shape), "broadcast", fields, x.channelsLast(),
                "a broadcast");
    }

    private void softmax(OnnxNode node, List<Object> in) {
        Sym x = onnxOrder(node, sym(node, in, 0));
        String type = node.op.equals("Softmax") ? "softmax" : "log_softmax";
        int rank = x.shape().length + 1;
        if (node.opset >= 13) {
            int axis = axis(node, node.integer("axis", -1), rank);
            ObjectNode layer = spec.add(type, node, x.layer());
            layer.put("axis", axis);
            out(node, layer, x.shape(), false);
            return;
        }
        // opset <= 12: coerced to 2-D at axis (default 1): rows are the dimensions before it
        int axis = axis(node, node.integer("axis", 1), rank);
        int[] shape = x.shape();
        int rows = OnnxShapes.size(Arrays.copyOf(shape, axis));
        int cols = OnnxShapes.size(Arrays.copyOfRange(shape, axis, shape.length));
        Sym flat = reshapeTo(node, x, rows == 1 ? new int[] {cols} : new int[] {rows, cols}, false);
        ObjectNode layer = spec.add(type, node, flat.layer());
        layer.put("axis", -1);
        Sym s = new Sym(layer.get("name").asText(), flat.shape(), false);
        t.bind(node, 0, reshapeTo(node, s, shape, false));
    }

    // ---------------------------------------------------------------- convolution and pooling

    /** ONNX pads resolved to {before, after} per spatial axis. */
    private static int[][] pads(OnnxNode node, int[] in, int[] kernel, int[] strides, int[] dilations) {
        int k = in.length;
        int[][] pads = new int[k][2];
        String auto = node.string("auto_pad", "NOTSET");
        if (auto.equals("SAME_UPPER") || auto.equals("SAME_LOWER")) {
            for (int i = 0; i < k; i++) {
                int outSize = (in[i] + strides[i] - 1) / strides[i];
                int total = Math.max(0, (outSize - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - in[i]);
                int small = total / 2;
                pads[i][0] = auto.equals("SAME_UPPER") ? small : total - small;
                pads[i][1] = total - pads[i][0];
            }
        } else if (!auto.equals("VALID")) {
            long[] p = node.ints("pads");
            if (p != null) {
                if (p.length != 2 * k) {
                    throw node.error("pads has " + p.length + " entries, expected " + 2 * k);
                }
                for (int i = 0; i < k; i++) {
                    pads[i][0] = (int) p[i];
                    pads[i][1] = (int) p[i + k];
                }
            }
        }
        return pads;
    }

    /** TensorFlow's "same" padding of netjac's layers, for comparison. */
    private static int[][] samePads(int[] in, int[] kernel, int[] strides, int[] dilations) {
        int[][] pads = new int[in.length][2];
        for (int i = 0; i < in.length; i++) {
            int outSize = (in[i] + strides[i] - 1) / strides[i];
            int total = Math.max(0, (outSize - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - in[i]);
            pads[i][0] = total / 2;
            pads[i][1] = total - total / 2;
        }
        return pads;
    }

    private static boolean zero(int[][] pads) {
        for (int[] p : pads) {
            if (p[0] != 0 || p[1] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int[] intsOr(OnnxNode node, String attribute, int k, int otherwise) {
        long[] v = node.ints(attribute);
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = v == null ? otherwise : (int) v[i];
        }
        if (v != null && v.length != k) {
            throw node.error(attribute + " has " + v.length + " entries, expected " + k);
        }
        return out;
    }

    /** Pads the channels-last {@code x} (spatial pads, none on channels) with {@code value}. */
    private Sym padSpatial(OnnxNode node, Sym x, int[][] spatial, double value) {
        int[][] pads = new int[x.shape().length][2];
        for (int i = 0; i < spatial.length; i++) {
            pads[i] = spatial[i];
        }
        return padStored(node, x, pads, "constant", value);
    }

    private Sym padStored(OnnxNode node, Sym x, int[][] pads, String mode, double value) {
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
        return indexMap(node, x, map, "pad", fields, x.channelsLast(), "a padding");
    }

    private void conv(OnnxNode node, List<Object> in) {
        Sym x0 = sym(node, in, 0);
        Tensor w = constant(node, in, 1, "the kernel");
        Tensor b = constant(node, in, 2, "the bias");
        int k = x0.shape().length - 1;
        if (w.rank() != k + 2) {
            throw node.error("kernel of shape " + Arrays.toString(w.shape()) + " for an input of rank " + (k + 2));
        }
        long group = node.integer("group", 1);
        if (k < 1) {
            throw node.error("a convolution without spatial axes");
        }
        if (group != 1 || k > 2) {
            linearConv(node, x0, w, b, (int) group, false);
            return;
        }
        Sym x = channelsLast(node, x0);
        int[] spatial = Arrays.copyOf(x.shape(), k);
        int channels = x.shape()[k];
        if (w.dim(1) != channels) {
            throw node.error("kernel of shape " + Arrays.toString(w.shape()) + " expects " + w.dim(1) + " input channels,"
                    + " the input has " + channels);
        }
        int[] kernel = Arrays.copyOfRange(w.shape(), 2, k + 2);
        int[] strides = intsOr(node, "strides", k, 1);
        int[] dilations = intsOr(node, "dilations", k, 1);
        int[][] pads = pads(node, spatial, kernel, strides, dilations);
        String padding = "valid";
        if (!zero(pads)) {
            if (Arrays.deepEquals(pads, samePads(spatial, kernel, strides, dilations))) {
                padding = "same";
            } else {
                x = padSpatial(node, x, pads, 0);
                spatial = Arrays.copyOf(x.shape(), k);
            }
        }
        int filters = w.dim(0);
        ObjectNode layer = spec.add("conv" + k + "d", node, x.layer());
        layer.put("filters", filters);
        OnnxSpec.ints(layer, "kernel_size", kernel);
        OnnxSpec.ints(layer, "strides", strides);
        OnnxSpec.ints(layer, "dilation_rate", dilations);
        layer.put("padding", padding);
        // ONNX (out, in, k...) -> netjac (k..., in, out)
        spec.weight(layer, "kernel", OnnxFolder.transpose(w, k == 1 ? new int[] {2, 1, 0} : new int[] {2, 3, 1, 0}));
        if (b != null) {
            spec.weight(layer, "bias", b);
        } else {
            layer.put("use_bias", false);
        }
        int[] outShape = new int[k + 1];
        for (int i = 0; i < k; i++) {
            outShape[i] = padding.equals("same") ? (spatial[i] + strides[i] - 1) / strides[i]
                    : (spatial[i] - dilations[i] * (kernel[i] - 1) - 1) / strides[i] + 1;
        }
        outShape[k] = filters;
        out(node, layer, outShape, true);
    }

    /** Grouped, depthwise, 3-D or transposed convolution as one linear map ({@link OnnxConvMaps}). */
    private void linearConv(OnnxNode node, Sym x0, Tensor w, Tensor b, int groups, boolean transposed) {
        Sym x = onnxOrder(node, x0);
        int k = x.shape().length - 1;
        int channels = x.shape()[0];
        int[] spatial = Arrays.copyOfRange(x.shape(), 1, k + 1);
        int[] kernel = Arrays.copyOfRange(w.shape(), 2, k + 2);
        int[] strides = intsOr(node, "strides", k, 1);
        int[] dilations = intsOr(node, "dilations", k, 1);
        if (groups < 1 || channels % groups != 0 || (!transposed && (w.dim(1) * groups != channels || w.dim(0) % groups != 0))
                || (transposed && w.dim(0) != channels)) {
            throw node.error("kernel of shape " + Arrays.toString(w.shape()) + " with group = " + groups + " does not fit "
                    + channels + " input channels");
        }
        int filters = transposed ? w.dim(1) * groups : w.dim(0);
        int[] out = new int[k];
        int[] before = new int[k];
        if (!transposed) {
            int[][] pads = pads(node, spatial, kernel, strides, dilations);
            for (int i = 0; i < k; i++) {
                before[i] = pads[i][0];
                out[i] = (spatial[i] + pads[i][0] + pads[i][1] - dilations[i] * (kernel[i] - 1) - 1) / strides[i] + 1;
            }
        } else {
            int[] outputPadding = intsOr(node, "output_padding", k, 0);
            long[] outputShape = node.ints("output_shape");
            long[] p = node.ints("pads");
            String auto = node.string("auto_pad", "NOTSET");
            for (int i = 0; i < k; i++) {
                int full = strides[i] * (spatial[i] - 1) + outputPadding[i] + (kernel[i] - 1) * dilations[i] + 1;
                if (outputShape != null || auto.startsWith("SAME")) {
                    out[i] = outputShape != null ? (int) outputShape[outputShape.length - k + i] : spatial[i] * strides[i];
                    // ONNX's rule, with floor division: an output_shape larger than the full one is negative
                    // padding, extra output cells at the end that hold only the bias
                    int total = full - out[i];
                    before[i] = auto.equals("SAME_UPPER") ? Math.floorDiv(total, 2) : total - Math.floorDiv(total, 2);
                } else {
                    int b0 = p == null ? 0 : (int) p[i];
                    int a0 = p == null ? 0 : (int) p[i + k];
                    before[i] = b0;
                    out[i] = full - b0 - a0;
                }
            }
        }
        OnnxConvMaps.Geometry g = new OnnxConvMaps.Geometry(spatial, out, kernel, strides, dilations, before);
        OnnxLinear.Map map = transposed ? OnnxConvMaps.convTranspose(node, channels, g, w, b, groups)
                : OnnxConvMaps.conv(node, channels, g, w, b, groups);
        int[] outShape = new int[k + 1];
        outShape[0] = filters;
        System.arraycopy(out, 0, outShape, 1, k);
        t.bind(node, 0, OnnxLinear.emit(spec, node, x, map, outShape, false));
    }

    private void convTranspose(OnnxNode node, List<Object> in) {
        Sym x = sym(node, in, 0);
        Tensor w = constant(node, in, 1, "the kernel");
        if (w.rank() != x.shape().length + 1) {
            throw node.error("kernel of shape " + Arrays.toString(w.shape()) + " for an input of rank " + (x.shape().length + 1));
        }
        linearConv(node, x, w, constant(node, in, 2, "the bias"), (int) node.integer("group", 1), true);
    }

    /** Average pooling of any rank, ceil_mode included, as one linear map. */
    private void linearAveragePool(OnnxNode node, Sym x0, int[] kernel, int[] strides) {
        Sym x = onnxOrder(node, x0);
        int k = kernel.length;
        int[] spatial = Arrays.copyOfRange(x.shape(), 1, k + 1);
        int[] ones = new int[k];
        Arrays.fill(ones, 1);
        int[][] pads = pads(node, spatial, kernel, strides, ones);
        boolean ceil = node.integer("ceil_mode", 0) != 0;
        int[] out = new int[k];
        int[] before = new int[k];
        int[] after = new int[k];
        for (int i = 0; i < k; i++) {
            before[i] = pads[i][0];
            after[i] = pads[i][1];
            int span = spatial[i] + pads[i][0] + pads[i][1] - kernel[i];
            out[i] = (ceil ? (span + strides[i] - 1) / strides[i] : span / strides[i]) + 1;
            if (ceil && (out[i] - 1) * strides[i] >= spatial[i] + pads[i][0]) {
                out[i]--; // the last window must start inside the input or its left padding (PyTorch's rule)
            }
        }
        OnnxConvMaps.Geometry g = new OnnxConvMaps.Geometry(spatial, out, kernel, strides, ones, before);
        OnnxLinear.Map map = OnnxConvMaps.averagePool(node, x.shape()[0], g, after,
                node.integer("count_include_pad", 0) != 0);
        int[] outShape = new int[k + 1];
        outShape[0] = x.shape()[0];
        System.arraycopy(out, 0, outShape, 1, k);
        t.bind(node, 0, OnnxLinear.emit(spec, node, x, map, outShape, false));
    }

    private void pool(OnnxNode node, List<Object> in) {
        if (node.outputs.size() > 1 && !node.outputs.get(1).isEmpty() && t.consumersOf(node.outputs.get(1)) != null
                && !t.consumersOf(node.outputs.get(1)).isEmpty()) {
            throw node.error("its Indices output is used; netjac computes the pooled values only");
        }
        Sym x0 = sym(node, in, 0);
        int k = x0.shape().length - 1;
        boolean max = node.op.equals("MaxPool");
        long[] kernelShape = node.ints("kernel_shape");
        if (!max && kernelShape != null && kernelShape.length == k && (k > 2 || node.integer("ceil_mode", 0) != 0)) {
            linearAveragePool(node, x0, OnnxFolder.toInts(kernelShape), intsOr(node, "strides", k, 1));
            return;
        }
        if (k < 1 || k > 3) {
            throw node.error(k + "-D pooling is not supported (netjac pools 1-D, 2-D and 3-D)");
        }
        Sym x = channelsLast(node, x0);
        int[] spatial = Arrays.copyOf(x.shape(), k);
        long[] ks = node.ints("kernel_shape");
        if (ks == null || ks.length != k) {
            throw node.error("kernel_shape must list " + k + " sizes");
        }
        int[] kernel = OnnxFolder.toInts(ks);
        int[] strides = intsOr(node, "strides", k, 1);
        int[] dilations = intsOr(node, "dilations", k, 1);
        int[][] pads = pads(node, spatial, kernel, strides, dilations);
        boolean dilated = Arrays.stream(dilations).anyMatch(d -> d != 1);
        if (max && (k == 3 || dilated || node.integer("ceil_mode", 0) != 0)) {
            windowMaxPool(node, x, kernel, strides, dilations, pads, node.integer("ceil_mode", 0) != 0);
            return;
        }
        if (dilated) {
            throw node.error("dilations " + Arrays.toString(dilations) + " are defined for MaxPool only (expected 1s)");
        }
        if (node.integer("ceil_mode", 0) != 0) {
            for (int i = 0; i < k; i++) {
                int span = spatial[i] + pads[i][0] + pads[i][1] - kernel[i];
                if (span % strides[i] != 0) {
                    throw node.error("ceil_mode = 1 changes the output size here; not supported yet");
                }
            }
        }
        String padding = "valid";
        if (!zero(pads)) {
            boolean includePad = node.integer("count_include_pad", 0) != 0;
            if (max || includePad) {
                x = padSpatial(node, x, pads, max ? Double.NEGATIVE_INFINITY : 0);
                spatial = Arrays.copyOf(x.shape(), k);
            } else if (Arrays.deepEquals(pads, samePads(spatial, kernel, strides, dilations))) {
                padding = "same";
            } else {
                throw node.error("average pooling with pads " + Arrays.deepToString(pads) + " that do not count"
                        + " (count_include_pad = 0) is supported only with TensorFlow's \"same\" geometry");
            }
        }
        ObjectNode layer = spec.add((max ? "max_pooling" : "average_pooling") + k + "d", node, x.layer());
        OnnxSpec.ints(layer, "pool_size", kernel);
        OnnxSpec.ints(layer, "strides", strides);
        layer.put("padding", padding);
        int[] outShape = x.shape().clone();
        for (int i = 0; i < k; i++) {
            outShape[i] = padding.equals("same") ? (spatial[i] + strides[i] - 1) / strides[i]
                    : (spatial[i] - kernel[i]) / strides[i] + 1;
        }
        out(node, layer, outShape, true);
    }

    /**
     * Max pooling that netjac's max_pooling layers do not cover (3-D, dilated windows, ceil_mode) as the window
     * gather it is: patches of -inf-padded windows, split into (window, C), and reduce_max over the window.
     * With ceil_mode the last window may run past the right padding (it reads -inf there), unless it would start
     * inside the right padding, which ONNX and torch drop.
     */
    private void windowMaxPool(OnnxNode node, Sym x, int[] kernel, int[] strides, int[] dilations, int[][] pads,
                               boolean ceil) {
        int k = kernel.length;
        int[] outShape = x.shape().clone();
        int[][] padded = new int[k][];
        int window = 1;
        for (int i = 0; i < k; i++) {
            int in = x.shape()[i];
            int reach = dilations[i] * (kernel[i] - 1) + 1;
            int span = in + pads[i][0] + pads[i][1] - reach;
            if (span < 0) {
                throw node.error("its window (" + reach + " cells) is larger than the padded input (" + (span + reach)
                        + ") along spatial axis " + i);
            }
            int out = (ceil ? (span + strides[i] - 1) / strides[i] : span / strides[i]) + 1;
            if (ceil && (out - 1) * strides[i] >= in + pads[i][0]) {
                out--;
            }
            outShape[i] = out;
            int after = Math.max(pads[i][1], (out - 1) * strides[i] + reach - in - pads[i][0]);
            padded[i] = new int[] {pads[i][0], after};
            window *= kernel[i];
        }
        ObjectNode patches = spec.add("patches", node, x.layer());
        OnnxSpec.ints(patches, "kernel_size", kernel);
        OnnxSpec.ints(patches, "strides", strides);
        OnnxSpec.ints(patches, "dilation_rate", dilations);
        ArrayNode list = patches.putArray("pads");
        for (int[] p : padded) {
            list.addArray().add(p[0]).add(p[1]);
        }
        patches.put("pad_value", "-inf");
        int channels = x.shape()[k];
        int[] gathered = Arrays.copyOf(outShape, k + 1);
        gathered[k] = window * channels;
        int[] windows = Arrays.copyOf(outShape, k + 2);
        windows[k] = window;
        windows[k + 1] = channels;
        Sym split = reshapeTo(node, new Sym(patches.get("name").asText(), gathered, true), windows, true);
        ObjectNode reduce = spec.add("reduce_max", node, split.layer());
        reduce.putArray("axes").add(k);
        reduce.put("keepdims", false);
        out(node, reduce, outShape, true);
    }

    private void globalPool(OnnxNode node, List<Object> in) {
        Sym x0 = sym(node, in, 0);
        int k = x0.shape().length - 1;
        if (k < 1 || k > 2) {
            throw node.error("global pooling over " + k + " spatial axes is not supported yet (1 or 2)");
        }
        Sym x = channelsLast(node, x0);
        String type = (node.op.equals("GlobalMaxPool") ? "global_max_pooling" : "global_average_pooling") + k + "d";
        ObjectNode layer = spec.add(type, node, x.layer());
        layer.put("keepdims", true);
        int[] outShape = x.shape().clone();
        for (int i = 0; i < k; i++) {
            outShape[i] = 1;
        }
        out(node, layer, outShape, true);
    }

    // ---------------------------------------------------------------- normalization

    private void batchNormalization(OnnxNode node, List<Object> in) {
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

    private void layerNormalization(OnnxNode node, List<Object> in) {
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

    private void instanceNormalization(OnnxNode node, List<Object> in) {
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

    // ---------------------------------------------------------------- shapes

    private void flatten(OnnxNode node, List<Object> in) {
        Sym x = onnxOrder(node, sym(node, in, 0));
        int rank = x.shape().length + 1;
        long axis = node.integer("axis", 1);
        if ((axis < 0 ? axis + rank : axis) != 1) {
            throw node.error("axis " + axis + " would merge the batch axis with others; netjac supports axis = 1");
        }
        t.bind(node, 0, reshapeTo(node, x, new int[] {OnnxShapes.size(x.shape())}, false));
    }

    private void reshape(OnnxNode node, List<Object> in) {
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

    private void transpose(OnnxNode node, List<Object> in) {
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

    private void concat(OnnxNode node, List<Object> in) {
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

    private void slice(OnnxNode node, List<Object> in) {
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
        return indexMap(node, x, map, "slice", fields, false, "a slice");
    }

    private static boolean isIdentity(int[] source) {
        for (int i = 0; i < source.length; i++) {
            if (source[i] != i) {
                return false;
            }
        }
        return true;
    }

    private void split(OnnxNode node, List<Object> in) {
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

    private void pad(OnnxNode node, List<Object> in) {
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

    private void reduce(OnnxNode node, List<Object> in) {
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

    private void tile(OnnxNode node, List<Object> in) {
        Sym x = onnxOrder(node, sym(node, in, 0));
        long[] repeats = OnnxFolder.ints(constant(node, in, 1, "repeats"));
        int[] shape = x.shape();
        if (repeats.length != shape.length + 1 || repeats[0] != 1) {
            throw node.error("repeats " + Arrays.toString(repeats) + " must keep the batch axis (1 first) and give one"
                    + " count per axis");
        }
        int[] out = new int[shape.length];
        for (int a = 0; a < shape.length; a++) {
            out[a] = shape[a] * (int) repeats[a + 1];
        }
        int[] source = new int[OnnxShapes.size(out)];
        int[] strides = OnnxShapes.strides(shape);
        int[] outStrides = OnnxShapes.strides(out);
        for (int i = 0; i < source.length; i++) {
            int s = 0;
            for (int a = 0; a < out.length; a++) {
                s += (i / outStrides[a] % out[a] % shape[a]) * strides[a];
            }
            source[i] = s;
        }
        t.bind(node, 0, indexMap(node, x, new OnnxIndexMaps.IndexMap(shape, out, source, 0), "tile", null, false, "a tile"));
    }

    private void sum(OnnxNode node, List<Object> in) {
        if (in.size() == 1) {
            alias(node, in);
            return;
        }
        List<String> names = new ArrayList<>();
        int[] shape = null;
        for (int i = 0; i < in.size(); i++) {
            Sym s = onnxOrder(node, sym(node, in, i));
            if (shape != null && !Arrays.equals(shape, s.shape())) {
                throw node.error("operands of shapes " + Arrays.toString(shape) + " and " + Arrays.toString(s.shape())
                        + "; netjac sums tensors of one shape");
            }
            shape = s.shape();
            names.add(s.layer());
        }
        out(node, spec.add("add", node, names.toArray(new String[0])), shape, false);
    }

    private void depthToSpace(OnnxNode node, List<Object> in) {
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
        if (OnnxSpec.has("transpose")) {
            Sym r = reshapeTo(node, x, split, false);
            Sym p = permute(node, r, perm, false);
            t.bind(node, 0, reshapeTo(node, p, outShape, false));
            return;
        }
        OnnxIndexMaps.IndexMap m = OnnxIndexMaps.transpose(split, perm);
        OnnxIndexMaps.IndexMap map = new OnnxIndexMaps.IndexMap(x.shape(), outShape, m.source(), 0);
        t.bind(node, 0, OnnxLinear.emit(spec, node, x, OnnxLinear.ofIndexMap(node, map, "a depth-to-space"), outShape,
                false));
    }
}
