package dev.netjac.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.graph.Graph;
import dev.netjac.layers.Layer;
import dev.netjac.layers.MergeLayer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Schedules one propagation of row blocks through a graph and assigns its row buffers, at generation time.
 *
 * <p>The rows live in a pool of equally sized buffers {@code p[0], p[1], ...}; the seed rows start in
 * {@code p[0]}. A buffer is taken when a value's rows are first written and given back after their last
 * reader, so a chain ping-pongs between two buffers (one, where layers work in place), and a residual
 * block needs a third while a branch is open.
 *
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
final class Propagation {
    /** The calls to make, in order, each ending in {@code rows)}. */
    final List<CodeBlock> calls = new ArrayList<>();
    /** Buffers the pool needs. */
    int buffers = 1;
    /** The buffer holding the result. */
    int result;
    /** Whether {@code addRows} / {@code copyRows} helpers are called. */
    boolean addsRows;
    boolean copiesRows;

    private final Graph graph;
    private final String[] act;
    private final List<Boolean> free = new ArrayList<>();

    /** @param act the activation field of each node, indexed by node + 1 (act[0] is the network input) */
    private Propagation(Graph graph, String[] act) {
        this.graph = graph;
        this.act = act;
        free.add(false);
    }

    /**
     * Cotangent rows seeded at node {@code seed} (in p[0]) pulled back through layers {@code seed} down to
     * {@code first} (all layers the seed depends on from there), to the network input.
     */
    static Propagation reverse(Graph graph, String[] act, int first, int seed) {
        Propagation p = new Propagation(graph, act);
        int[] buffer = new int[graph.layers().size() + 1];
        Arrays.fill(buffer, -1);
        buffer[seed + 1] = 0;
        for (int v = seed; v >= first; v--) {
            int c = buffer[v + 1];
            if (c < 0) {
                continue;
            }
            Layer layer = graph.layers().get(v);
            int[] from = graph.inputsOf(v);
            boolean handedOn = false;
            // The last slot handled may take over c: nothing reads it afterwards.
            for (int i = from.length - 1; i >= 0; i--) {
                int u = from[i] + 1;
                boolean last = i == 0;
                String method = cotangentMethod(layer, i);
                int width = dev.netjac.graph.Shapes.size(graph.shapeOf(from[i]));
                if (method == null) {
                    // Identity: hand the rows on as they are.
                    if (buffer[u] < 0) {
                        if (last) {
                            buffer[u] = c;
                            handedOn = true;
                        } else {
                            buffer[u] = p.take();
                            p.calls.add(CodeBlock.of("copyRows(p[$L], p[$L], $L, rows)", c, buffer[u], width));
                            p.copiesRows = true;
                        }
                    } else {
                        p.calls.add(CodeBlock.of("addRows(p[$L], p[$L], $L, rows)", c, buffer[u], width));
                        p.addsRows = true;
                    }
                    continue;
                }
                boolean inPlace = last && layer.propagatesInPlace();
                int out;
                if (buffer[u] < 0) {
                    out = inPlace ? c : p.take();
                    buffer[u] = out;
                    handedOn |= out == c;
                    p.calls.add(p.cotangentCall(layer, v, i, method, c, out));
                } else {
                    out = inPlace ? c : p.take();
                    p.calls.add(p.cotangentCall(layer, v, i, method, c, out));
                    p.calls.add(CodeBlock.of("addRows(p[$L], p[$L], $L, rows)", out, buffer[u], width));
                    p.addsRows = true;
                    if (out != c) {
                        p.give(out);
                    }
                }
            }
            if (!handedOn) {
                p.give(c);
            }
            buffer[v + 1] = -1;
        }
        p.result = buffer[0];
        return p;
    }

    /**
     * Tangent rows seeded at node {@code seed} (in p[0]; {@link Graph#INPUT} for the network input) pushed
     * forward through layers {@code seed + 1} to the output.
     */
    static Propagation forward(Graph graph, String[] act, int seed) {
        Propagation p = new Propagation(graph, act);
        int layers = graph.layers().size();
        int[] buffer = new int[layers + 1];
        Arrays.fill(buffer, -1);
        // Pending reads of each buffer; the output's buffer is held for the caller. Forward propagation takes
        // no scratch buffers, so at most one buffer per value is live: layers + 1 of them.
        int[] pending = new int[layers + 1];
        buffer[seed + 1] = 0;
        pending[0] = readers(graph, seed, layers);
        for (int v = seed + 1; v < layers; v++) {
            Layer layer = graph.layers().get(v);
            int[] from = graph.inputsOf(v);
            int uses = readers(graph, v, layers);
            if (layer.isView()) {
                int b = buffer[from[0] + 1];
                buffer[v + 1] = b;
                pending[b] += uses - 1;
                continue;
            }
            int out;
            int single = buffer[from[0] + 1];
            if (from.length == 1 && layer.propagatesInPlace() && pending[single] == 1) {
                out = single;
            } else {
                out = p.take();
            }
            List<String> args = new ArrayList<>(p.values(v, from));
            for (int f : from) {
                args.add("p[" + buffer[f + 1] + "]");
            }
            args.add("p[" + out + "]");
            args.add("rows");
            p.calls.add(CodeBlock.of("$L($L)", layer.hasSymmetricJacobian() ? layer.id() + "Propagate" : layer.id() + "Tangent",
                    String.join(", ", args)));
            for (int f : from) {
                int b = buffer[f + 1];
                if (b != out && --pending[b] == 0) {
                    p.give(b);
                }
            }
            if (out == single && from.length == 1) {
                pending[out] = uses;
            } else {
                pending[out] += uses;
            }
            buffer[v + 1] = out;
        }
        p.result = buffer[layers];
        return p;
    }

    /** How many layer inputs read node {@code node}, plus one for the output, which the caller reads. */
    private static int readers(Graph graph, int node, int layers) {
        return graph.readers(node) + (node == layers - 1 ? 1 : 0);
    }

    /** The cotangent method for input i of a layer, or null where its local Jacobian is the identity. */
    private static String cotangentMethod(Layer layer, int input) {
        if (layer.isView()) {
            return null;
        }
        if (layer instanceof MergeLayer merge) {
            return merge.cotangentCode(input) == null ? null : layer.id() + "Cotangent" + input;
        }
        return layer.hasSymmetricJacobian() ? layer.id() + "Propagate" : layer.id() + "Cotangent";
    }

    private CodeBlock cotangentCall(Layer layer, int v, int input, String method, int in, int out) {
        List<String> args = new ArrayList<>(values(v, graph.inputsOf(v)));
        args.add("p[" + in + "]");
        args.add("p[" + out + "]");
        args.add("rows");
        return CodeBlock.of("$L($L)", method, String.join(", ", args));
    }

    /** The activation arguments of layer v's methods: its inputs' values, then its own. */
    private List<String> values(int v, int[] from) {
        List<String> args = new ArrayList<>();
        for (int f : from) {
            args.add(act[f + 1]);
        }
        args.add(act[v + 1]);
        return args;
    }

    private int take() {
        for (int b = 0; b < free.size(); b++) {
            if (free.get(b)) {
                free.set(b, false);
                return b;
            }
        }
        free.add(false);
        buffers = free.size();
        return free.size() - 1;
    }

    private void give(int b) {
        free.set(b, true);
    }
}
