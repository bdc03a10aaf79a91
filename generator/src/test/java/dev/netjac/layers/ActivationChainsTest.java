package dev.netjac.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.check.Verifier;
import dev.netjac.codegen.GeneratedNetwork;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.runtime.Network;
import dev.netjac.testing.Javac;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated classes of random {@link ActivationChains} (rank-2/3 inputs, prelu with shared axes, softmax over
 * the last axis, ...) against the reference evaluator and central finite differences, compiled by Janino in
 * every Jacobian mode and by javac.
 */
class ActivationChainsTest {
    static final int NETWORKS = 45;
    static final JacobianMode[] MODES = {JacobianMode.REVERSE, JacobianMode.FORWARD, JacobianMode.MIXED};

    @Test
    void randomChainsAgreeWithReferenceAndFiniteDifferences(@TempDir Path dir) throws Exception {
        List<Graph> graphs = new ArrayList<>();
        List<GeneratedNetwork> forJavac = new ArrayList<>();
        Set<String> kinds = new HashSet<>();
        List<String> failures = new ArrayList<>();
        double worstReference = 0;
        double worstFd = 0;
        for (int seed = 0; seed < NETWORKS; seed++) {
            Graph graph = ActivationChains.create(seed);
            graphs.add(graph);
            for (var layer : graph.layers()) {
                kinds.add(layer.kind() + (layer.inputShape().length > 1 ? "/rank>1" : ""));
                if (layer instanceof PRelu && layer.summary().contains("shared_axes") && layer.inputShape().length > 1) {
                    kinds.add("prelu/shared_axes");
                }
            }
            for (JacobianMode mode : MODES) {
                Network janino = JaninoCompiler.instantiate(Netjac.generate(graph, Netjac.Options.defaults().withJacobianMode(mode)));
                Verifier.Report report = Verifier.check(graph, janino, 2, seed);
                worstReference = Math.max(worstReference, Math.max(report.jacobianError(), report.forwardError()));
                worstFd = Math.max(worstFd, report.fdError());
                if (!report.passed()) {
                    failures.add("janino " + mode + " seed " + seed + ": " + report + "\n" + describe(graph));
                }
            }
            forJavac.add(Netjac.generate(graph, Netjac.Options.defaults().withClassName("Chain" + seed)
                    .withJacobianMode(MODES[seed % MODES.length])));
        }
        try (URLClassLoader loader = Javac.compile(forJavac, dir)) {
            for (int seed = 0; seed < NETWORKS; seed++) {
                Verifier.Report report = Verifier.check(graphs.get(seed), Javac.instantiate(loader, forJavac.get(seed)), 1, 1000 + seed);
                worstReference = Math.max(worstReference, Math.max(report.jacobianError(), report.forwardError()));
                if (!report.passed()) {
                    failures.add("javac seed " + seed + ": " + report + "\n" + describe(graphs.get(seed)));
                }
            }
        }
        System.out.printf("ActivationChainsTest: %d networks; worst generated-vs-reference %.2e, worst FD %.2e; kinds %s%n",
                NETWORKS, worstReference, worstFd, kinds);
        for (String kind : List.of("prelu", "relu", "thresholded_relu", "leaky_relu", "elu", "softmax", "log_softmax")) {
            assertTrue(kinds.contains(kind + "/rank>1"), "no " + kind + " on a rank>1 input in " + kinds);
            assertTrue(kinds.contains(kind), "no " + kind + " on a rank-1 input in " + kinds);
        }
        assertTrue(kinds.contains("prelu/shared_axes"), "no prelu with shared axes in " + kinds);
        assertEquals(List.of(), failures);
    }

    static String describe(Graph graph) {
        StringBuilder sb = new StringBuilder("  input " + java.util.Arrays.toString(graph.inputShape()) + "\n");
        graph.layers().forEach(layer -> sb.append("  ").append(layer).append('\n'));
        return sb.toString();
    }
}
