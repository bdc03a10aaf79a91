package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.check.Verifier;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Layer;
import dev.netjac.runtime.Network;
import dev.netjac.testing.Javac;
import dev.netjac.testing.NormNetworks;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated classes for random chains of batch/layer normalization, reshape, identity/dropout and rank &gt; 1
 * dense mixed with activations, flatten and dense, against the reference evaluator and central finite
 * differences ({@link Verifier}), in REVERSE, FORWARD and MIXED mode each, compiled by Janino and by javac.
 */
class NormDifferentialTest {
    static final int NETWORKS = 60;

    @Test
    void randomChainsAgreeInEveryMode(@TempDir Path dir) throws Exception {
        List<Graph> graphs = new ArrayList<>();
        List<GeneratedNetwork> forJavac = new ArrayList<>();
        Set<String> kinds = new HashSet<>();
        List<String> failures = new ArrayList<>();
        double worstReference = 0;
        double worstFd = 0;
        for (int seed = 0; seed < NETWORKS; seed++) {
            Graph graph = NormNetworks.create(seed);
            graphs.add(graph);
            for (Layer layer : graph.layers()) {
                kinds.add(layer.kind() + (layer.kind().equals("dense") && layer.inputShape().length > 1 ? " rank>1" : ""));
            }
            for (JacobianMode mode : DifferentialTest.MODES) {
                Network janino = JaninoCompiler.instantiate(Netjac.generate(graph, Netjac.Options.defaults().withJacobianMode(mode)));
                Verifier.Report report = Verifier.check(graph, janino, 2, seed);
                worstReference = Math.max(worstReference, Math.max(report.jacobianError(), report.forwardError()));
                worstFd = Math.max(worstFd, report.fdError());
                if (!report.passed()) {
                    failures.add("janino " + mode + " seed " + seed + ": " + report + "\n" + DifferentialTest.describe(graph));
                }
            }
            JacobianMode javacMode = DifferentialTest.MODES[seed % DifferentialTest.MODES.length];
            forJavac.add(Netjac.generate(graph, Netjac.Options.defaults().withClassName("Norm" + seed).withJacobianMode(javacMode)));
        }
        assertTrue(kinds.containsAll(Set.of("batch_normalization", "layer_normalization", "reshape", "dropout", "identity",
                "dense", "dense rank>1", "flatten")), kinds.toString());
        try (URLClassLoader loader = Javac.compile(forJavac, dir)) {
            for (int seed = 0; seed < NETWORKS; seed++) {
                Network javac = Javac.instantiate(loader, forJavac.get(seed));
                Verifier.Report report = Verifier.check(graphs.get(seed), javac, 1, 1000 + seed);
                worstReference = Math.max(worstReference, Math.max(report.jacobianError(), report.forwardError()));
                if (!report.passed()) {
                    failures.add("javac seed " + seed + ": " + report + "\n" + DifferentialTest.describe(graphs.get(seed)));
                }
            }
        }
        System.out.printf("NormDifferentialTest: %d networks x 3 modes; worst generated-vs-reference %.2e, worst FD %.2e%n",
                NETWORKS, worstReference, worstFd);
        assertEquals(List.of(), failures, failures.size() + " failures");
    }
}
