package dev.netjac.codegen;

import dev.netjac.graph.Graph;
import java.util.Arrays;

/**
 * One int per graph node, the network input included, such as the row buffer holding a node's rows during a
 * propagation. This and {@link BufferLayout} are the only places that map node numbers, with
 * {@link Graph#INPUT} (-1) for the input, to array slots.
 */
final class NodeSlots {
    private final int[] slots;

    /** A table for every node of {@code graph}, each holding {@code initial}. */
    NodeSlots(Graph graph, int initial) {
        slots = new int[slotCount(graph)];
        Arrays.fill(slots, initial);
    }

    int get(int node) {
        return slots[slot(node)];
    }

    void set(int node, int value) {
        slots[slot(node)] = value;
    }

    /** The array slot of {@code node}: the input first, then the layers in order. */
    static int slot(int node) {
        return node - Graph.INPUT;
    }

    /** Slots for the input and every layer. */
    static int slotCount(Graph graph) {
        return graph.layers().size() + 1;
    }
}
