package dev.netjac.onnx;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.onnx.OnnxTranslator.Sym;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Gemm, MatMul, Add/Sub/Mul/Div (with a constant or between computed tensors), Sum and Softmax/LogSoftmax. */
final class OnnxArithmeticRules extends OnnxRules {
    OnnxArithmeticRules(OnnxTranslator translator, OnnxSpec spec) {
        super(translator, spec);
    }

    void gemm(OnnxNode node, List<Object> in) {
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

    void matMul(OnnxNode node, List<Object> in) {
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

    void binary(OnnxNode node, List<Object> in) {
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
        out(node, spec.add(type, node, x.layer(), y.layer()), shape, x.channelsLast());
    }

    private Sym broadcast(OnnxNode node, Sym x, int[] shape) {
        if (Arrays.equals(x.shape(), shape)) {
            return x;
        }
        ObjectNode fields = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        OnnxSpec.ints(fields, "shape", shape);
        return indexLayer(node, x, "broadcast", fields, shape, x.channelsLast());
    }

    void softmax(OnnxNode node, List<Object> in) {
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

    void sum(OnnxNode node, List<Object> in) {
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
}
