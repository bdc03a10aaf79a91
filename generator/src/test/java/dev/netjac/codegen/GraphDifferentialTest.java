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
    void aResidualBlockIsNotACutButItsEndIs() {
        Graph graph = RandomGraphs.create(3);
        assertFalse(graph.isChain());
        assertTrue(graph.isCut(graph.layers().size() - 1));
        assertEquals(-1, Graph.INPUT);
    }

    static String describe(Graph graph) {
        StringBuilder sb = new StringBuilder("  input " + java.util.Arrays.toString(graph.inputShape()) + "\n");
        for (int k = 0; k < graph.layers().size(); k++) {
            sb.append("  ").append(graph.layers().get(k)).append(" <- ").append(java.util.Arrays.toString(graph.inputsOf(k))).append('\n');
        }
        return sb.toString();
    }
}
