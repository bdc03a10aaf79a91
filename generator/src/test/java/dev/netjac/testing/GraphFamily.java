package dev.netjac.testing;

import dev.netjac.graph.Graph;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A family of test graphs for the {@link DifferentialHarness}: the graphs (fixed edge cases, then random
 * graphs by seed), how many Jacobian modes each is compiled in, and the features the family must cover.
 *
 * @param name the family's name in reports
 * @param graphs the graphs, in a fixed order; index k is also the seed of the points the harness checks at
 * @param everyMode Janino compiles each graph in every Jacobian mode; otherwise graph k gets mode k mod 3
 *                  (and javac the next one), so that a large family still sees every mode on every compiler
 * @param features the features of one graph (layer kinds, options, shapes) that coverage is judged by
 * @param required features that some graph of the family must have
 * @param methodMarker with {@code methodLimit}: methods whose name contains it must stay below that many
 *                     bytes of bytecode (null: only HotSpot's 8,000-byte limit applies)
 */
public record GraphFamily(String name, List<Graph> graphs, boolean everyMode, Function<Graph, Set<String>> features,
                          Set<String> required, String methodMarker, int methodLimit) {
    public GraphFamily {
        graphs = List.copyOf(graphs);
        required = Set.copyOf(required);
    }

    /** A family whose methods need no tighter bound than HotSpot's. */
    public GraphFamily(String name, List<Graph> graphs, boolean everyMode, Function<Graph, Set<String>> features, Set<String> required) {
        this(name, graphs, everyMode, features, required, null, 0);
    }
}
