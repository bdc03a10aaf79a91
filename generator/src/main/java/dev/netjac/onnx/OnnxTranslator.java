package dev.netjac.onnx;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import dev.netjac.onnx.proto.Onnx.TensorProto;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates an ONNX graph, node by node in its (topological) order, into a netjac spec in graph form. Each
 * ONNX tensor is either a constant (initializers, Constant nodes and everything {@link OnnxFolder} folds from
 * them) or a {@link Sym}: the output of a spec layer. The batch axis (ONNX axis 0) is not part of a netjac
 * shape: operators acting on it are refused, and shape arithmetic sees the input's fixed batch size (1 when it is
 * symbolic); netjac then evaluates each example of a batch on its own.
 *
 * <p>Layout: a {@link Sym} is stored either in the ONNX order or channels-last (ONNX (C, s1..sk) stored as
 * (s1..sk, C)), which netjac's convolution and pooling layers need. Elementwise operators keep either layout;
 * everything else asks for the ONNX order ({@link #onnxOrder}), and a transpose is inserted only then, so a
 * chain Conv -> Relu -> Pad -> AveragePool -> Conv stays channels-last, and the model's output is in ONNX order.
 */
final class OnnxTranslator {
    /** A computed tensor: spec layer {@code layer} of stored shape {@code shape}. */
    record Sym(String layer, int[] shape, boolean channelsLast) {
        /** The shape in ONNX order (without the batch axis). */
        int[] logical() {
            if (!channelsLast) {
                return shape;
            }
            int r = shape.length;
            int[] l = new int[r];
            l[0] = shape[r - 1];
            System.arraycopy(shape, 0, l, 1, r - 1);
            return l;
        }
    }

    private final List<OnnxNode> nodes;
    private final Map<String, Object> values = new HashMap<>();
    private final Map<String, List<OnnxNode>> consumers = new HashMap<>();
    private final Map<String, OnnxNode> producers = new HashMap<>();
    private final Set<OnnxNode> done = new HashSet<>();
    /** Dense layers written without a bias, which a following Add may supply. */
    private final Map<String, ObjectNode> biasFree = new HashMap<>();
    private final Set<String> graphOutputs = new HashSet<>();
    private final OnnxSpec spec;
    private final OnnxOps ops;

    private final String file;

    /** The batch size shape arithmetic sees: the graph input's fixed batch, or 1 when symbolic. */
    private final int batch;

    OnnxTranslator(String file, List<OnnxNode> nodes, Map<String, Tensor> constants, String inputName, int[] inputShape,
            int batch, String modelName, List<String> outputs) {
        this.file = file;
        this.batch = batch;
        this.nodes = nodes;
        values.putAll(constants);
        values.put(inputName, new Sym(inputName, inputShape, false));
        spec = new OnnxSpec(modelName, inputName, inputShape);
        graphOutputs.addAll(outputs);
        for (OnnxNode node : nodes) {
            for (String in : node.inputs) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(node);
            }
            for (String out : node.outputs) {
                producers.put(out, node);
            }
        }
        ops = new OnnxOps(this, spec);
    }

    /** The spec and its weights, for the graph output {@code output}. */
    ObjectNode translate(String output) {
        OnnxNode last = null;
        for (OnnxNode node : nodes) {
            if (done.contains(node)) {
                continue;
            }
            last = node;
            List<Object> in = new ArrayList<>();
            boolean constant = true;
            for (int i = 0; i < node.inputs.size(); i++) {
                String name = node.input(i);
                if (name == null) {
                    in.add(null);
                    continue;
                }
                Object v = values.get(name);
                if (v == null) {
                    throw node.error("input " + UserText.quote(name) + " is not produced by an earlier node, an initializer"
                            + " or the graph input");
                }
                constant &= v instanceof Tensor;
                in.add(v);
            }
            if (constant && OnnxFolder.FOLDABLE.contains(node.op)) {
                fold(node, in);
            } else if ((node.op.equals("Shape") || node.op.equals("Size")) && in.get(0) instanceof Sym s) {
                bind(node, 0, shapeOf(node, s));
            } else {
                ops.translate(node, in);
            }
        }
        Object result = values.get(output);
        if (!(result instanceof Sym) || last == null) {
            throw new NetjacException(file + ": the graph output " + UserText.quote(output)
                    + " does not depend on the graph input; there is nothing to differentiate");
        }
        Sym y = ops.onnxOrder(last, (Sym) result);
        return spec.finish(y.layer(), last);
    }

    Map<String, Tensor> weights() {
        return spec.weights();
    }

    private void fold(OnnxNode node, List<Object> in) {
        List<Tensor> tensors = new ArrayList<>();
        for (Object o : in) {
            tensors.add((Tensor) o);
        }
        List<Tensor> out;
        try {
            if (node.op.equals("Constant")) {
                out = List.of(constantValue(node));
            } else {
                out = OnnxFolder.fold(node, tensors);
            }
        } catch (NetjacException e) {
            throw e;
        } catch (RuntimeException e) {
            throw node.error("cannot fold it on its constant inputs: " + e.getMessage());
        }
        for (int i = 0; i < out.size() && i < node.outputs.size(); i++) {
            bind(node, i, out.get(i));
        }
    }

    static Tensor constantValue(OnnxNode node) {
        TensorProto t = node.tensor("value");
        if (t != null) {
            return OnnxTensors.decode(t, node.label(), (w, l, o, n) -> {
                throw node.error("a Constant stored outside the model file is not supported");
            });
        }
        if (node.has("value_float")) {
            return Tensor.of(new int[0], new double[] {node.number("value_float", 0)});
        }
        if (node.has("value_int")) {
            return Tensor.of(new int[0], new double[] {node.integer("value_int", 0)});
        }
        if (node.has("value_floats") || node.has("value_ints")) {
            long[] ints = node.ints("value_ints");
            if (ints != null) {
                double[] d = new double[ints.length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = ints[i];
                }
                return Tensor.of(new int[] {d.length}, d);
            }
        }
        throw node.error("expected a tensor, float or int value (found attributes " + node.attributeNames() + ")");
    }

    private Tensor shapeOf(OnnxNode node, Sym s) {
        int[] logical = s.logical();
        if (node.op.equals("Size")) {
            return Tensor.of(new int[0], new double[] {OnnxShapes.size(logical)});
        }
        double[] shape = new double[logical.length + 1];
        shape[0] = batch;
        for (int i = 0; i < logical.length; i++) {
            shape[i + 1] = logical[i];
        }
        int rank = shape.length;
        int start = (int) node.integer("start", 0);
        int end = (int) node.integer("end", rank);
        start = Math.max(0, Math.min(rank, start < 0 ? start + rank : start));
        end = Math.max(start, Math.min(rank, end < 0 ? end + rank : end));
        return Tensor.of(new int[] {end - start}, Arrays.copyOfRange(shape, start, end));
    }

    // ---------------------------------------------------------------- services for OnnxOps and patterns

    void bind(OnnxNode node, int output, Object value) {
        if (output < node.outputs.size() && !node.outputs.get(output).isEmpty()) {
            values.put(node.outputs.get(output), value);
        }
    }

    void markDone(OnnxNode node) {
        done.add(node);
    }

    /** The single node reading {@code tensor}, or null when none or several read it (or it is a graph output). */
    OnnxNode soleConsumer(String tensor) {
        List<OnnxNode> list = consumers.getOrDefault(tensor, List.of());
        return list.size() == 1 && !graphOutputs.contains(tensor) ? list.get(0) : null;
    }

    List<OnnxNode> consumersOf(String tensor) {
        return graphOutputs.contains(tensor) ? null : consumers.getOrDefault(tensor, List.of());
    }

    /** The constant named {@code tensor}: known already, or the value of a Constant node producing it; else null. */
    Tensor constant(String tensor) {
        Object v = values.get(tensor);
        if (v instanceof Tensor t) {
            return t;
        }
        OnnxNode p = producers.get(tensor);
        if (v == null && p != null && p.op.equals("Constant")) {
            try {
                return constantValue(p);
            } catch (NetjacException e) {
                return null;
            }
        }
        return null;
    }

    Object value(String tensor) {
        return values.get(tensor);
    }

    int batch() {
        return batch;
    }

    Map<String, ObjectNode> biasFree() {
        return biasFree;
    }
}
