package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.check.Verifier;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Layer;
import dev.netjac.runtime.Network;
import dev.netjac.testing.Javac;
import dev.netjac.testing.RandomGraphs;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Residual graphs (fan-out, every merge kind, a value read twice, skips over several layers): generated
 * classes in every Jacobian mode, by Janino and javac, against the reference evaluator and finite differences.
 */
class GraphDifferentialTest {
    static final int GRAPHS = 60;

    @Test
    void everyRandomGraphAgreesWithReferenceAndFiniteDifferences(@TempDir Path dir) throws Exception {
        List<String> failures = new ArrayList<>();
        Set<String> kinds = new HashSet<>();
        List<Graph> graphs = new ArrayList<>();
        List<GeneratedNetwork> forJavac = new ArrayList<>();
        int branched = 0;
        double worst = 0;
        for (int seed = 0; seed < GRAPHS; seed++) {
            Graph graph = RandomGraphs.create(seed);
            graphs.add(graph);
            branched += graph.isChain() ? 0 : 1;
            for (Layer layer : graph.layers()) {
                kinds.add(layer.kind());
            }
            for (JacobianMode mode : DifferentialTest.MODES) {
                Network network = JaninoCompiler.instantiate(Netjac.generate(graph, Netjac.Options.defaults().withJacobianMode(mode)));
                Verifier.Report report = Verifier.check(graph, network, 2, seed);
                worst = Math.max(worst, Math.max(report.jacobianError(), report.forwardError()));
                if (!report.passed()) {
                    failures.add("janino " + mode + " seed " + seed + ": " + report + "\n" + describe(graph));
                }
            }
            forJavac.add(Netjac.generate(graph, Netjac.Options.defaults().withClassName("RandomGraph" + seed)
                    .withJacobianMode(DifferentialTest.MODES[seed % 3])));
        }
        try (URLClassLoader loader = Javac.compile(forJavac, dir)) {
            for (int seed = 0; seed < GRAPHS; seed++) {
                Verifier.Report report = Verifier.check(graphs.get(seed), Javac.instantiate(loader, forJavac.get(seed)), 1, 500 + seed);
                if (!report.referenceAgrees()) {
                    failures.add("javac seed " + seed + ": " + report + "\n" + describe(graphs.get(seed)));
                }
            }
        }
        System.out.printf("GraphDifferentialTest: %d graphs (%d branched); worst generated-vs-reference %.2e%n", GRAPHS, branched, worst);
        assertTrue(kinds.containsAll(Set.of("add", "subtract", "multiply", "concatenate", "flatten", "softmax", "dense", "conv2d",
                "batch_normalization", "max_pooling2d", "average_pooling2d")), kinds.toString());
        assertTrue(branched > GRAPHS * 3 / 4, branched + " branched graphs");
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
    }

    @Test
    void mixedModeSplitsOnlyWhereEveryPathCrosses() {
        int mixed = 0;
        for (int seed = 0; seed < GRAPHS; seed++) {
            Graph graph = RandomGraphs.create(seed);
            var plan = dev.netjac.plan.JacobianPlanner.plan(graph, JacobianMode.MIXED);
            if (plan.mode() == JacobianMode.MIXED) {
                mixed++;
                assertTrue(graph.isCut(plan.split() - 1), "seed " + seed + " split at " + plan.split());
            }
        }
        assertTrue(mixed > 0);
    }

    @Test
    void insideAResidualBlockIsNoCut() {
        // x -> dense0 -> tanh1 -> dense2 -> add3(tanh1, dense2) -> dense4
        java.util.Random random = new java.util.Random(1);
        List<dev.netjac.layers.Layer> layers = List.of(
                dev.netjac.testing.RandomNetworks.dense("dense0", 3, 4, random),
                dev.netjac.testing.RandomNetworks.activation("tanh1", 4, dev.netjac.layers.Activation.TANH, random),
                dev.netjac.testing.RandomNetworks.dense("dense2", 4, 4, random),
                new dev.netjac.layers.Add("add3", List.of(new int[] {4}, new int[] {4})),
                dev.netjac.testing.RandomNetworks.dense("dense4", 4, 2, random));
        Graph graph = new Graph("Block", "block", new int[] {3}, layers,
                List.of(new int[] {Graph.INPUT}, new int[] {0}, new int[] {1}, new int[] {1, 2}, new int[] {3}), JacobianMode.AUTO);
        assertFalse(graph.isChain());
        assertTrue(graph.isCut(0) && graph.isCut(1) && graph.isCut(3));
        assertFalse(graph.isCut(2), "add3 still reads tanh1, which comes before dense2");
        assertEquals(2, graph.readers(1));
        var plan = dev.netjac.plan.JacobianPlanner.plan(graph, JacobianMode.MIXED);
        assertTrue(plan.split() - 1 != 2, "split at " + plan.split());
    }

    static String describe(Graph graph) {
        StringBuilder sb = new StringBuilder("  input " + java.util.Arrays.toString(graph.inputShape()) + "\n");
        for (int k = 0; k < graph.layers().size(); k++) {
            sb.append("  ").append(graph.layers().get(k)).append(" <- ").append(java.util.Arrays.toString(graph.inputsOf(k))).append('\n');
        }
        return sb.toString();
    }
}
