package dev.netjac.onnx;

import dev.netjac.weights.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Constant folding: evaluates a node whose inputs are all constants, in float64. This is what turns torch's
 * Shape -> Gather -> Unsqueeze -> Concat -> Reshape chains, Constant nodes and arithmetic on initializers into
 * plain constants before translation, so only the layers that depend on the input remain.
 */
final class OnnxFolder {
    private OnnxFolder() {}

    /** The op types {@link #fold} evaluates. */
    static final List<String> FOLDABLE = List.of("Constant", "Identity", "Cast", "Dropout", "Add", "Sub", "Mul", "Div",
            "Pow", "Sqrt", "Neg", "Reciprocal", "Exp", "Log", "Abs", "Floor", "Ceil", "Relu", "Erf", "Tanh", "Sigmoid",
            "Min", "Max", "Equal", "Where", "Shape", "Size", "Gather", "Unsqueeze", "Squeeze", "Concat", "Reshape",
            "Flatten", "ConstantOfShape", "Slice", "Transpose", "Range", "Expand");

    /** The outputs of {@code node} on constant inputs ({@code null} entries for omitted optional inputs). */
    static List<Tensor> fold(OnnxNode node, List<Tensor> in) {
        Tensor x = in.isEmpty() ? null : in.get(0);
        return switch (node.op) {
            case "Identity", "Cast", "Dropout" -> List.of(x);
            case "Add" -> one(binary(x, in.get(1), Double::sum));
            case "Sub" -> one(binary(x, in.get(1), (a, b) -> a - b));
            case "Mul" -> one(binary(x, in.get(1), (a, b) -> a * b));
            case "Div" -> one(binary(x, in.get(1), (a, b) -> a / b));
            case "Pow" -> one(binary(x, in.get(1), Math::pow));
            case "Min" -> one(binary(x, in.get(1), Math::min));
            case "Max" -> one(binary(x, in.get(1), Math::max));
            case "Equal" -> one(binary(x, in.get(1), (a, b) -> a == b ? 1 : 0));
            case "Sqrt" -> one(unary(x, Math::sqrt));
            case "Neg" -> one(unary(x, v -> -v));
            case "Reciprocal" -> one(unary(x, v -> 1 / v));
            case "Exp" -> one(unary(x, Math::exp));
            case "Log" -> one(unary(x, Math::log));
            case "Abs" -> one(unary(x, Math::abs));
            case "Floor" -> one(unary(x, Math::floor));
            case "Ceil" -> one(unary(x, Math::ceil));
            case "Relu" -> one(unary(x, v -> Math.max(v, 0)));
            case "Tanh" -> one(unary(x, Math::tanh));
            case "Sigmoid" -> one(unary(x, v -> 1 / (1 + Math.exp(-v))));
            case "Where" -> one(where(x, in.get(1), in.get(2)));
            case "Size" -> one(Tensor.of(new int[0], new double[] {x.size()}));
            case "Gather" -> one(gather(x, in.get(1), (int) node.integer("axis", 0)));
            case "Unsqueeze" -> one(reshape(x, OnnxShapes.unsqueezed(x.shape(), axes(node, in, 1))));
            case "Squeeze" -> one(reshape(x, OnnxShapes.squeezed(x.shape(), axes(node, in, 1))));
            case "Concat" -> one(concat(in, (int) node.integer("axis", 0)));
            case "Reshape" -> one(reshape(x, OnnxShapes.reshapeTarget(x.shape(), ints(in.get(1)),
                    node.integer("allowzero", 0) != 0)));
            case "Flatten" -> one(reshape(x, OnnxShapes.flattened(x.shape(), (int) node.integer("axis", 1))));
            case "ConstantOfShape" -> one(constantOfShape(node, x));
            case "Transpose" -> one(transpose(x, perm(node, x.rank())));
            case "Slice" -> one(OnnxIndexMaps.slice(x.shape(), OnnxShapes.sliceSpec(node, in, x.shape())).apply(x));
            case "Range" -> one(range(x.get(0), in.get(1).get(0), in.get(2).get(0)));
            case "Expand" -> one(binary(x, Tensor.of(toInts(ints(in.get(1))), ones(ints(in.get(1)))), (a, b) -> a));
            default -> null;
        };
    }

    private static List<Tensor> one(Tensor t) {
        return List.of(t);
    }

    static Tensor unary(Tensor x, DoubleUnaryOperator f) {
        double[] out = new double[x.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(x.get(i));
        }
        return Tensor.of(x.shape(), out);
    }

    /** NumPy broadcasting of two constants. */
    static Tensor binary(Tensor a, Tensor b, DoubleBinaryOperator f) {
        int[] shape = OnnxShapes.broadcast(a.shape(), b.shape());
        if (shape == null) {
            throw new IllegalArgumentException("shapes " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape())
                    + " do not broadcast");
        }
        Tensor ea = broadcastTo(a, shape);
        Tensor eb = broadcastTo(b, shape);
        double[] out = new double[ea.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(ea.get(i), eb.get(i));
        }
        return Tensor.of(shape, out);
    }

    /** numpy.broadcast_to. */
    static Tensor broadcastTo(Tensor t, int[] shape) {
        if (Arrays.equals(t.shape(), shape)) {
            return t;
        }
        int[] source = OnnxIndexMaps.broadcastSources(t.shape(), shape);
        double[] out = new double[source.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.get(source[i]);
        }
        return Tensor.of(shape, out);
    }

    private static Tensor where(Tensor c, Tensor a, Tensor b) {
        int[] shape = OnnxShapes.broadcast(OnnxShapes.broadcast(c.shape(), a.shape()), b.shape());
        Tensor ec = broadcastTo(c, shape);
        Tensor ea = broadcastTo(a, shape);
        Tensor eb = broadcastTo(b, shape);
        double[] out = new double[ec.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ec.get(i) != 0 ? ea.get(i) : eb.get(i);
        }
        return Tensor.of(shape, out);
    }

    static Tensor reshape(Tensor x, int[] shape) {
        return Tensor.of(shape, x.toArray());
    }

    static Tensor transpose(Tensor x, int[] perm) {
        return OnnxIndexMaps.transpose(x.shape(), perm).apply(x);
    }

    private static Tensor gather(Tensor x, Tensor indices, int axis) {
        int rank = x.rank();
        axis = axis < 0 ? axis + rank : axis;
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= x.dim(i);
        }
        int n = x.dim(axis);
        int inner = x.size() / Math.max(1, outer * n);
        int k = indices.size();
        double[] out = new double[outer * k * inner];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < k; j++) {
                int index = (int) indices.get(j);
                if (index < 0) {
                    index += n;
                }
                if (index < 0 || index >= n) {
                    throw new IllegalArgumentException("index " + (int) indices.get(j) + " out of range for a dimension of " + n);
                }
                for (int i = 0; i < inner; i++) {
                    out[(o * k + j) * inner + i] = x.get((o * n + index) * inner + i);
                }
            }
        }
        int[] shape = new int[rank - 1 + indices.rank()];
        System.arraycopy(x.shape(), 0, shape, 0, axis);
        System.arraycopy(indices.shape(), 0, shape, axis, indices.rank());
        System.arraycopy(x.shape(), axis + 1, shape, axis + indices.rank(), rank - axis - 1);
        return Tensor.of(shape, out);
    }

    static Tensor concat(List<Tensor> parts, int axis) {
        int rank = parts.get(0).rank();
        axis = axis < 0 ? axis + rank : axis;
        int[] shape = parts.get(0).shape();
        int total = 0;
        for (Tensor p : parts) {
            total += p.dim(axis);
        }
        shape[axis] = total;
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= shape[i];
        }
        double[] data = new double[OnnxShapes.size(shape)];
        int at = 0;
        for (int o = 0; o < outer; o++) {
            for (Tensor p : parts) {
                int chunk = p.size() / Math.max(1, outer);
                for (int i = 0; i < chunk; i++) {
                    data[at++] = p.get(o * chunk + i);
                }
            }
        }
        return Tensor.of(shape, data);
    }

    private static Tensor constantOfShape(OnnxNode node, Tensor shapeTensor) {
        int[] shape = toInts(ints(shapeTensor));
        double value = 0;
        if (node.tensor("value") != null) {
            value = OnnxTensors.decode(node.tensor("value"), node.label(), (w, l, o, n) -> {
                throw node.error("a ConstantOfShape value stored outside the model");
            }).get(0);
        }
        double[] data = new double[OnnxShapes.size(shape)];
        Arrays.fill(data, value);
        return Tensor.of(shape, data);
    }

    private static Tensor range(double start, double limit, double delta) {
        int n = (int) Math.max(Math.ceil((limit - start) / delta), 0);
        double[] data = new double[n];
        for (int i = 0; i < n; i++) {
            data[i] = start + i * delta;
        }
        return Tensor.of(new int[] {n}, data);
    }

    static int[] perm(OnnxNode node, int rank) {
        long[] p = node.ints("perm");
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = p == null ? rank - 1 - i : (int) p[i];
        }
        return perm;
    }

    /** Axes from the attribute (older opsets) or from input {@code input} (newer ones); null when absent. */
    static long[] axes(OnnxNode node, List<Tensor> in, int input) {
        if (node.has("axes")) {
            return node.ints("axes");
        }
        return in.size() > input && in.get(input) != null ? ints(in.get(input)) : null;
    }

    static long[] ints(Tensor t) {
        long[] values = new long[t.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) t.get(i);
        }
        return values;
    }

    static int[] toInts(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.toIntExact(values[i]);
        }
        return out;
    }

    private static double[] ones(long[] shape) {
        double[] d = new double[OnnxShapes.size(toInts(shape))];
        Arrays.fill(d, 1);
        return d;
    }
}
