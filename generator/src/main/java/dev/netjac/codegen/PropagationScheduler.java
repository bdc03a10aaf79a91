package dev.netjac.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.graph.Graph;
import dev.netjac.graph.Shapes;
import dev.netjac.layers.Layer;
import java.util.ArrayList;
import java.util.List;

/**
 * Schedules one propagation of row blocks through a graph and assigns its row buffers, at generation time,
 * then hands the result over as an immutable {@link Propagation}.
 *
 * <p>A buffer is taken when a value's rows are first written and given back after their last reader, so a
 * chain ping-pongs between two buffers (one, where layers work in place), and a residual block needs a third
 * while a branch is open.
 * <ul>
 *   <li>Reverse (cotangents), layers last to first: a layer's rows are complete once every reader of its
 *       value has contributed. The first contribution to a value is written into a fresh buffer (or the
 *       reader's own buffer, when it is done with it and may work in place); later ones go to a scratch
 *       buffer and are added, which is the {@code +=} where a value fans out.</li>
 *   <li>Forward (tangents), layers first to last: each layer writes its tangent rows from those of its
 *       inputs, in place where the input has no other reader left.</li>
 * </ul>
 * Views (flatten, reshape) share their input's buffer in both directions and cost nothing.
 */
final class PropagationScheduler {
    private final Graph graph;
    private final BufferLayout values;
    private final List<CodeBlock> calls = new ArrayList<>();
    private final List<Boolean> free = new ArrayList<>();
    private boolean addsRows;
    private boolean copiesRows;

    private PropagationScheduler(Graph graph, BufferLayout values) {
        this.graph = graph;
        this.values = values;
        free.add(false);
    }

    static Propagation reverse(Graph graph, BufferLayout values, int first, int seed) {
        PropagationScheduler s = new PropagationScheduler(graph, values);
        NodeSlots buffer = new NodeSlots(graph, -1);
        buffer.set(seed, 0);
        for (int v = seed; v >= first; v--) {
            int c = buffer.get(v);
            if (c < 0) {
                continue;
            }
            boolean handedOn = false;
            // The last input handled (input 0) may take over c: nothing reads it afterwards.
            for (int i = graph.inputsOf(v).length - 1; i >= 0; i--) {
                handedOn |= s.pullBack(v, i, c, buffer);
            }
            if (!handedOn) {
                s.give(c);
            }
            buffer.set(v, -1);
        }
        return s.build(buffer.get(Graph.INPUT));
    }

    /**
     * Pulls layer v's cotangent rows, in buffer c, back to its input i, adding them to the rows already there
     * when another reader came first. Returns whether buffer c now holds input i's rows (and must stay taken).
     */
    private boolean pullBack(int v, int i, int c, NodeSlots buffer) {
        Layer layer = graph.layers().get(v);
        int u = graph.inputsOf(v)[i];
        boolean last = i == 0;
        int width = Shapes.size(graph.shapeOf(u));
        if (LayerMethods.passesCotangentOn(layer, i)) {
            if (buffer.get(u) >= 0) {
                addRows(c, buffer.get(u), width);
                return false;
            }
            if (last) {
                buffer.set(u, c);
                return true;
            }
            buffer.set(u, take());
            copyRows(c, buffer.get(u), width);
            return false;
        }
        int out = last && layer.propagatesInPlace() ? c : take();
        calls.add(LayerMethods.cotangentCall(layer, i, values.arguments(v), row(c), row(out)));
        if (buffer.get(u) < 0) {
            buffer.set(u, out);
            return out == c;
        }
        addRows(out, buffer.get(u), width);
        if (out != c) {
            give(out);
        }
        return false;
    }

    static Propagation forward(Graph graph, BufferLayout values, int seed) {
        PropagationScheduler s = new PropagationScheduler(graph, values);
        int layers = graph.layers().size();
        NodeSlots buffer = new NodeSlots(graph, -1);
        // Pending reads of each buffer; the output's buffer is held for the caller. Forward propagation takes
        // no scratch buffers, so at most one buffer per value is live: layers + 1 of them.
        int[] pending = new int[layers + 1];
        buffer.set(seed, 0);
        pending[0] = s.readers(seed);
        for (int v = seed + 1; v < layers; v++) {
            int[] from = graph.inputsOf(v);
            int uses = s.readers(v);
            if (graph.layers().get(v).isView()) {
                int b = buffer.get(from[0]);
                buffer.set(v, b);
                pending[b] += uses - 1;
                continue;
            }
            int out = s.pushForward(v, buffer, pending);
            if (out == buffer.get(from[0]) && from.length == 1) {
                pending[out] = uses;
            } else {
                pending[out] += uses;
            }
            buffer.set(v, out);
        }
        return s.build(buffer.get(layers - 1));
    }

    /**
     * Pushes tangent rows through layer v, in place where it may and its single input has no other reader
     * left; gives back the input buffers whose last reader it was. Returns the buffer of v's rows.
     */
    private int pushForward(int v, NodeSlots buffer, int[] pending) {
        Layer layer = graph.layers().get(v);
        int[] from = graph.inputsOf(v);
        int single = buffer.get(from[0]);
        int out = from.length == 1 && layer.propagatesInPlace() && pending[single] == 1 ? single : take();
        List<String> ins = new ArrayList<>();
        for (int f : from) {
            ins.add(row(buffer.get(f)));
        }
        calls.add(LayerMethods.tangentCall(layer, values.arguments(v), ins, row(out)));
        for (int f : from) {
            int b = buffer.get(f);
            if (b != out && --pending[b] == 0) {
                give(b);
            }
        }
        return out;
    }

    /** How many layer inputs read node {@code node}, plus one for the output, which the caller reads. */
    private int readers(int node) {
        return graph.readers(node) + (node == graph.layers().size() - 1 ? 1 : 0);
    }

    private void addRows(int from, int to, int width) {
        calls.add(CodeBlock.of("addRows($L, $L, $L, rows)", row(from), row(to), width));
        addsRows = true;
    }

    private void copyRows(int from, int to, int width) {
        calls.add(CodeBlock.of("copyRows($L, $L, $L, rows)", row(from), row(to), width));
        copiesRows = true;
    }

    /** The pool's buffer b, as the propagation methods name it. */
    private static String row(int b) {
        return "p[" + b + "]";
    }

    private int take() {
        for (int b = 0; b < free.size(); b++) {
            if (free.get(b)) {
                free.set(b, false);
                return b;
            }
        }
        free.add(false);
        return free.size() - 1;
    }

    private void give(int b) {
        free.set(b, true);
    }

    private Propagation build(int result) {
        return new Propagation(calls, free.size(), result, addsRows, copiesRows);
    }
}
