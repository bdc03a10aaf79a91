package dev.netjac.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.graph.Graph;
import java.util.List;

/**
 * One scheduled propagation of row blocks through a graph, read-only once {@link PropagationScheduler} has
 * built it: the calls to make, in order, over a pool of equally sized row buffers {@code p[0], p[1], ...}
 * whose seed rows start in {@code p[0]}.
 */
final class Propagation {
    private final List<CodeBlock> calls;
    private final int buffers;
    private final int result;
    private final boolean addsRows;
    private final boolean copiesRows;

    Propagation(List<CodeBlock> calls, int buffers, int result, boolean addsRows, boolean copiesRows) {
        this.calls = List.copyOf(calls);
        this.buffers = buffers;
        this.result = result;
        this.addsRows = addsRows;
        this.copiesRows = copiesRows;
    }

    /**
     * Cotangent rows seeded at node {@code seed} pulled back through layers {@code seed} down to
     * {@code first} (all layers the seed depends on from there), to the network input.
     */
    static Propagation reverse(Graph graph, BufferLayout values, int first, int seed) {
        return PropagationScheduler.reverse(graph, values, first, seed);
    }

    /**
     * Tangent rows seeded at node {@code seed} ({@link Graph#INPUT} for the network input) pushed forward
     * through layers {@code seed + 1} to the output.
     */
    static Propagation forward(Graph graph, BufferLayout values, int seed) {
        return PropagationScheduler.forward(graph, values, seed);
    }

    /** The calls to make, in order, each ending in {@code rows)}. */
    List<CodeBlock> calls() {
        return calls;
    }

    /** Buffers the pool needs. */
    int buffers() {
        return buffers;
    }

    /** The buffer holding the result. */
    int result() {
        return result;
    }

    /** Whether the calls use the {@code addRows} helper, which sums contributions where a value fans out. */
    boolean addsRows() {
        return addsRows;
    }

    /** Whether the calls use the {@code copyRows} helper. */
    boolean copiesRows() {
        return copiesRows;
    }
}
