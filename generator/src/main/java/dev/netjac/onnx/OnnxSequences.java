package dev.netjac.onnx;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.onnx.OnnxTranslator.Sym;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ONNX recurrent operators LSTM, GRU and RNN (layout 0, as torch exports {@code nn.LSTM}, {@code nn.GRU},
 * {@code nn.RNN}), and the values around them whose batch axis is not first, which the rest of the translator
 * refuses. torch writes, for {@code batch_first} modules: Transpose(x, [1, 0, 2]) to time-major [T, B, F]; the
 * operator, with zero initial states built from Shape/Expand; Y [T, dirs, B, H] then Squeeze(1) (one direction)
 * or Transpose([0, 2, 1, 3]) and Reshape to [T, B, dirs·H] (two); and Transpose back to [B, T, ·]. Y_h
 * [dirs, B, H] is read by Squeeze(0) or Gather(0, d).
 *
 * <p>Each direction becomes one netjac recurrent layer with Keras semantics: gates reordered (ONNX LSTM i, o, f,
 * c → Keras i, f, c, o; GRU z, r, h is Keras's order), weights transposed to Keras's (in, gates·H), the two
 * biases added (GRU with linear_before_reset keeps both: Keras reset_after). A reverse direction reads backwards
 * and is then sliced back into time order, as ONNX's Y holds it.
 */
final class OnnxSequences {
    private OnnxSequences() {}

    /** A value whose ONNX shape is time-major [T, B, rest]: held as the netjac value [T, rest]. */
    record TimeMajor(Sym sym) {}

    /** One direction's recurrent layer: its output [T, H] in processing order, reversed in time when backwards. */
    record Direction(Sym sequence, boolean backwards) {}

    /**
     * An RNN's Y: [T, dirs, B, H] (or [T, B, dirs, H] once transposed). Spec layers for the time order and the
     * final states are added only when read, so that nothing unread is computed.
     */
    record Sequences(List<Direction> directions, boolean batchBeforeDirections) {}

    /** An RNN's Y_h: [dirs, B, H]. */
    record FinalStates(List<Direction> directions) {}

    private static final List<String> OPS = List.of("LSTM", "GRU", "RNN");

    /** Translates {@code node} and returns true when it is an RNN or reads one of these values. */
    static boolean translate(OnnxTranslator t, OnnxOps ops, OnnxSpec spec, OnnxNode node, List<Object> in) {
        Object x = in.isEmpty() ? null : in.get(0);
        if (x instanceof Sym s && node.op.equals("Transpose") && Arrays.equals(node.ints("perm"), new long[] {1, 0, 2})
                && s.shape().length == 2) {
            t.bind(node, 0, new TimeMajor(ops.onnxOrder(node, s)));
            return true;
        }
        if (OPS.contains(node.op)) {
            if (!(x instanceof TimeMajor tm)) {
                throw node.error("expected the time-major input [steps, batch, features] that torch writes (a Transpose"
                        + " of the [batch, steps, features] graph input); layout 1 is not supported");
            }
            recurrent(t, ops, spec, node, in, tm.sym());
            return true;
        }
        if (x instanceof TimeMajor tm) {
            timeMajor(t, node, in, tm);
            return true;
        }
        if (x instanceof Sequences ys) {
            sequences(t, spec, node, in, ys);
            return true;
        }
        if (x instanceof FinalStates hs) {
            finalStates(t, spec, node, in, hs);
            return true;
        }
        return false;
    }

    private static void timeMajor(OnnxTranslator t, OnnxNode node, List<Object> in, TimeMajor tm) {
        int[] shape = tm.sym().shape();
        if (node.op.equals("Transpose") && Arrays.equals(node.ints("perm"), new long[] {1, 0, 2})) {
            t.bind(node, 0, tm.sym());
        } else if (node.op.equals("Shape")) {
            double[] onnx = {shape[0], t.batch(), shape[1]};
            t.bind(node, 0, Tensor.of(new int[] {3}, onnx));
        } else {
            throw node.error("reads a time-major [steps, batch, ...] value (an RNN's input or output); netjac supports"
                    + " only the RNN operators and Transpose [1, 0, 2] on it");
        }
    }

    private static void sequences(OnnxTranslator t, OnnxSpec spec, OnnxNode node, List<Object> in, Sequences ys) {
        List<Sym> dirs = new ArrayList<>();
        if (!(node.op.equals("Transpose"))) {
            for (Direction d : ys.directions()) {
                // Keras's go_backwards output is in processing order; ONNX's Y is in time order.
                dirs.add(d.backwards() ? reverse(spec, node, d.sequence()) : d.sequence());
            }
        }
        if (!ys.batchBeforeDirections() && node.op.equals("Squeeze") && ys.directions().size() == 1
                && Arrays.equals(squeezeAxes(node, in), new long[] {1})) {
            t.bind(node, 0, new TimeMajor(dirs.get(0)));
        } else if (!ys.batchBeforeDirections() && node.op.equals("Transpose")
                && Arrays.equals(node.ints("perm"), new long[] {0, 2, 1, 3})) {
            t.bind(node, 0, new Sequences(ys.directions(), true));
        } else if (ys.batchBeforeDirections() && node.op.equals("Reshape") && in.get(1) instanceof Tensor target
                && target.size() == 3) {
            int steps = dirs.get(0).shape()[0];
            int width = dirs.get(0).shape()[1] * dirs.size();
            double last = target.get(2);
            if (!(target.get(0) == steps || target.get(0) == 0) || !(last == width || last == -1)) {
                throw node.error("expected a reshape to [" + steps + ", batch, " + width + "], found "
                        + Arrays.toString(target.toArray()));
            }
            if (dirs.size() == 1) {
                t.bind(node, 0, new TimeMajor(dirs.get(0)));
                return;
            }
            ObjectNode concat = spec.add("concatenate", node);
            ArrayNode inputs = concat.putArray("inputs");
            for (Sym d : dirs) {
                inputs.add(d.layer());
            }
            concat.put("axis", -1);
            t.bind(node, 0, new TimeMajor(new Sym(concat.get("name").asText(), new int[] {steps, width}, false)));
        } else {
            throw node.error("reads an RNN's output Y [steps, directions, batch, hidden]; netjac supports Squeeze(1),"
                    + " Transpose [0, 2, 1, 3] then Reshape to [steps, batch, directions * hidden], as torch writes them");
        }
    }

    private static void finalStates(OnnxTranslator t, OnnxSpec spec, OnnxNode node, List<Object> in, FinalStates hs) {
        if (node.op.equals("Squeeze") && hs.directions().size() == 1 && Arrays.equals(squeezeAxes(node, in), new long[] {0})) {
            t.bind(node, 0, lastStep(spec, node, hs.directions().get(0).sequence()));
        } else if (node.op.equals("Gather") && node.integer("axis", 0) == 0 && in.get(1) instanceof Tensor index
                && index.size() == 1 && index.rank() == 0) {
            int d = (int) index.get(0);
            int count = hs.directions().size();
            if (d < -count || d >= count) {
                throw node.error("index " + d + " is out of range for " + count + " directions");
            }
            t.bind(node, 0, lastStep(spec, node, hs.directions().get(d < 0 ? d + count : d).sequence()));
        } else if (node.op.equals("Concat") && node.integer("axis", 0) == 0) {
            // torch's h_n of a multi-layer RNN: every layer's Y_h, stacked.
            List<Direction> all = new ArrayList<>();
            for (Object value : in) {
                if (!(value instanceof FinalStates part)) {
                    throw node.error("concatenates an RNN's final states with something else");
                }
                all.addAll(part.directions());
            }
            t.bind(node, 0, new FinalStates(all));
        } else {
            throw node.error("reads an RNN's final state Y_h [directions, batch, hidden]; netjac supports Squeeze(0),"
                    + " Gather(axis 0) of one direction and Concat(axis 0) of several layers' states");
        }
    }

    private static long[] squeezeAxes(OnnxNode node, List<Object> in) {
        if (in.size() > 1 && in.get(1) instanceof Tensor axes) {
            long[] values = new long[axes.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (long) axes.get(i);
            }
            return values;
        }
        return node.ints("axes");
    }

    // ---------------------------------------------------------------- the operators

    private static void recurrent(OnnxTranslator t, OnnxOps ops, OnnxSpec spec, OnnxNode node, List<Object> in, Sym x) {
        String direction = node.string("direction", "forward");
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        if (!List.of("forward", "reverse", "bidirectional").contains(direction)) {
            throw node.error("direction " + direction + " is not one of forward, reverse, bidirectional");
        }
        if (node.integer("layout", 0) != 0) {
            throw node.error("layout 1 (batch first) is not supported; torch exports layout 0");
        }
        if (node.has("clip")) {
            throw node.error("clip (cell clipping) is not supported");
        }
        if (node.integer("input_forget", 0) != 0) {
            throw node.error("input_forget = 1 (coupled input and forget gates) is not supported");
        }
        for (int i : new int[] {4, 7}) {
            if (node.input(i) != null) {
                throw node.error(i == 4 ? "sequence_lens is not supported (every sequence has the full length)"
                        : "peepholes (input P) are not supported");
            }
        }
        for (int i : new int[] {5, 6}) {
            Tensor initial = OnnxRules.constant(node, in, i, i == 5 ? "initial_h" : "initial_c");
            for (int k = 0; initial != null && k < initial.size(); k++) {
                if (initial.get(k) != 0) {
                    throw node.error((i == 5 ? "initial_h" : "initial_c") + " must be zero (netjac layers start from a zero"
                            + " state), found " + initial.get(k));
                }
            }
        }
        Tensor w = OnnxRules.constant(node, in, 1, "W");
        Tensor r = OnnxRules.constant(node, in, 2, "R");
        Tensor b = OnnxRules.constant(node, in, 3, "B");
        int gates = node.op.equals("LSTM") ? 4 : node.op.equals("GRU") ? 3 : 1;
        int hidden = (int) node.integer("hidden_size", r.dim(2));
        int features = x.shape()[1];
        if (w.rank() != 3 || w.dim(0) != dirs || w.dim(1) != gates * hidden || w.dim(2) != features
                || r.rank() != 3 || r.dim(0) != dirs || r.dim(1) != gates * hidden || r.dim(2) != hidden
                || b != null && (b.rank() != 2 || b.dim(0) != dirs || b.dim(1) != 2 * gates * hidden)) {
            throw node.error("weights W " + Arrays.toString(w.shape()) + ", R " + Arrays.toString(r.shape())
                    + (b == null ? "" : ", B " + Arrays.toString(b.shape())) + " do not match " + dirs + " direction(s), "
                    + gates + " gate(s) of " + hidden + " and " + features + " features");
        }
        List<String> activations = activations(node, gates, dirs);
        List<Direction> outputs = new ArrayList<>();
        int steps = x.shape()[0];
        for (int d = 0; d < dirs; d++) {
            boolean backwards = direction.equals("reverse") || d == 1;
            ObjectNode layer = spec.add(node.op.equals("LSTM") ? "lstm" : node.op.equals("GRU") ? "gru" : "simple_rnn", node,
                    x.layer());
            layer.put("units", hidden);
            layer.put("return_sequences", true);
            layer.put("go_backwards", backwards);
            layer.put("activation", activations.get(d * activationsPerDirection(gates) + (gates == 1 ? 0 : 1)));
            if (gates > 1) {
                layer.put("recurrent_activation", activations.get(d * activationsPerDirection(gates)));
            }
            int[] order = gates == 4 ? new int[] {0, 2, 3, 1} : gates == 3 ? new int[] {0, 1, 2} : new int[] {0};
            spec.weight(layer, "kernel", kerasMatrix(w, d, order, hidden));
            spec.weight(layer, "recurrent_kernel", kerasMatrix(r, d, order, hidden));
            boolean resetAfter = gates == 3 && node.integer("linear_before_reset", 0) != 0;
            if (gates == 3) {
                layer.put("reset_after", resetAfter);
            }
            layer.put("use_bias", true);
            spec.weight(layer, "bias", bias(b, d, order, hidden, resetAfter));
            outputs.add(new Direction(new Sym(layer.get("name").asText(), new int[] {steps, hidden}, false), backwards));
        }
        t.bind(node, 0, new Sequences(outputs, false));
        t.bind(node, 1, new FinalStates(outputs));
        if (node.outputs.size() > 2 && !node.outputs.get(2).isEmpty() && t.soleConsumer(node.outputs.get(2)) != null) {
            throw node.error("its output Y_c (the final cell state) is read; netjac supports Y and Y_h");
        }
    }

    private static int activationsPerDirection(int gates) {
        return gates == 4 ? 3 : gates == 3 ? 2 : 1;
    }

    /** The spec activation names, per direction f, g(, h) as ONNX lists them; g and h must agree (Keras has one). */
    private static List<String> activations(OnnxNode node, int gates, int dirs) {
        int per = activationsPerDirection(gates);
        List<String> given = node.strings("activations");
        List<String> names = new ArrayList<>();
        for (int d = 0; d < dirs; d++) {
            for (int k = 0; k < per; k++) {
                String name = given == null || given.isEmpty() ? (gates == 1 || k > 0 ? "Tanh" : "Sigmoid")
                        : given.get(d * per + k);
                names.add(switch (name) {
                    case "Sigmoid" -> "sigmoid";
                    case "Tanh" -> "tanh";
                    case "Relu" -> "relu";
                    case "Softsign" -> "softsign";
                    case "Softplus" -> "softplus";
                    default -> throw node.error("activation " + name + " is not supported (Sigmoid, Tanh, Relu, Softsign,"
                            + " Softplus)");
                });
            }
            if (per == 3 && !names.get(d * per + 1).equals(names.get(d * per + 2))) {
                throw node.error("different cell and output activations (" + names.get(d * per + 1) + ", "
                        + names.get(d * per + 2) + ") are not supported");
            }
        }
        return names;
    }

    /** ONNX (dirs, gates·H, in) rows of direction d → Keras (in, gates·H) with gate blocks in Keras's order. */
    private static Tensor kerasMatrix(Tensor onnx, int d, int[] order, int hidden) {
        int rows = onnx.dim(1);
        int in = onnx.dim(2);
        double[] out = new double[in * rows];
        for (int g = 0; g < order.length; g++) {
            for (int k = 0; k < hidden; k++) {
                int src = order[g] * hidden + k;
                for (int i = 0; i < in; i++) {
                    out[i * rows + g * hidden + k] = onnx.get((d * rows + src) * in + i);
                }
            }
        }
        return Tensor.of(new int[] {in, rows}, out);
    }

    /** Wb + Rb reordered (gates·H), or for reset_after both as (2, 3H); zeros when B is absent. */
    private static Tensor bias(Tensor b, int d, int[] order, int hidden, boolean resetAfter) {
        int width = order.length * hidden;
        double[] wb = new double[width];
        double[] rb = new double[width];
        for (int g = 0; g < order.length; g++) {
            for (int k = 0; k < hidden; k++) {
                int src = order[g] * hidden + k;
                wb[g * hidden + k] = b == null ? 0 : b.get(d * 2 * width + src);
                rb[g * hidden + k] = b == null ? 0 : b.get(d * 2 * width + width + src);
            }
        }
        if (resetAfter) {
            double[] both = Arrays.copyOf(wb, 2 * width);
            System.arraycopy(rb, 0, both, width, width);
            return Tensor.of(new int[] {2, width}, both);
        }
        for (int j = 0; j < width; j++) {
            wb[j] += rb[j];
        }
        return Tensor.of(new int[] {width}, wb);
    }

    /** seq [T, H] with the time axis reversed. */
    private static Sym reverse(OnnxSpec spec, OnnxNode node, Sym seq) {
        ObjectNode slice = spec.add("slice", node, seq.layer());
        slice.putArray("starts").addNull().addNull();
        slice.putArray("ends").addNull().addNull();
        slice.putArray("steps").add(-1).add(1);
        return new Sym(slice.get("name").asText(), seq.shape(), false);
    }

    /** The last processing step of seq [T, H] (in processing order), as [H]: the final state. */
    private static Sym lastStep(OnnxSpec spec, OnnxNode node, Sym seq) {
        int steps = seq.shape()[0];
        int hidden = seq.shape()[1];
        ObjectNode slice = spec.add("slice", node, seq.layer());
        slice.putArray("starts").add(steps - 1).addNull();
        slice.putArray("ends").add(steps).addNull();
        ObjectNode reshape = spec.add("reshape", node, slice.get("name").asText());
        reshape.putArray("target_shape").add(hidden);
        return new Sym(reshape.get("name").asText(), new int[] {hidden}, false);
    }
}
