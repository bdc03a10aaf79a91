package dev.netjac.codegen;

import dev.netjac.graph.Graph;
import dev.netjac.layers.Layer;
import java.util.ArrayList;
import java.util.List;

/**
 * Which field of the generated class holds each node's value. Layers that compute values write their own
 * field, named after the layer; views (flatten, reshape) share their input's, so they cost nothing. Two
 * layouts exist: single values for forward, jacobian, vjp and jvp, and blocks of rows for forwardBatch.
 */
final class BufferLayout {
    private final Graph graph;
    private final String[] fields;

    private BufferLayout(Graph graph, String input, String suffix) {
        this.graph = graph;
        this.fields = new String[NodeSlots.slotCount(graph)];
        fields[NodeSlots.slot(Graph.INPUT)] = input;
        for (int k = 0; k < graph.layers().size(); k++) {
            Layer layer = graph.layers().get(k);
            fields[NodeSlots.slot(k)] = layer.isView() ? valueOf(graph.inputsOf(k)[0]) : layer.id() + suffix;
        }
    }

    /** {@code double[]} values: the input is the parameter {@code x}, layer d's output the field {@code dOut}. */
    static BufferLayout values(Graph graph) {
        return new BufferLayout(graph, "x", "Out");
    }

    /** {@code double[][]} blocks of rows for forwardBatch: {@code batchIn}, then {@code dOutRows}. */
    static BufferLayout batchRows(Graph graph) {
        return new BufferLayout(graph, "batchIn", "OutRows");
    }

    /** The field holding node {@code node}'s value ({@link Graph#INPUT} for the network input). */
    String valueOf(int node) {
        return fields[NodeSlots.slot(node)];
    }

    /** The field holding the network's output. */
    String output() {
        return valueOf(graph.layers().size() - 1);
    }

    /** The value arguments of layer {@code k}'s methods: the nodes it reads, then its own output. */
    List<String> arguments(int k) {
        List<String> args = new ArrayList<>();
        for (int from : graph.inputsOf(k)) {
            args.add(valueOf(from));
        }
        args.add(valueOf(k));
        return args;
    }
}
