package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.check.Verifier;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.Layer;
import dev.netjac.runtime.Network;
import dev.netjac.testing.Javac;
import dev.netjac.testing.RandomNetworks;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main weapon: generated classes (compiled by Janino and by javac, in both Jacobian modes) against the
 * reference evaluator and against central finite differences, on 240 random networks covering every layer
 * kind and activation with widths 1..64.
 */
class DifferentialTest {
    static final int NETWORKS = 240;
    static final JacobianMode[] MODES = {JacobianMode.REVERSE, JacobianMode.FORWARD, JacobianMode.MIXED};

    @Test
    void everyRandomNetworkAgreesWithReferenceAndFiniteDifferences(@TempDir Path dir) throws Exception {
        List<Graph> graphs = new ArrayList<>();
        List<GeneratedNetwork> forJavac = new ArrayList<>();
        Set<String> kinds = new HashSet<>();
        Set<dev.netjac.layers.Activation> activations = EnumSet.noneOf(dev.netjac.layers.Activation.class);
        for (int seed = 0; seed < NETWORKS; seed++) {
            Graph graph = RandomNetworks.create(seed);
            graphs.add(graph);
            for (Layer layer : graph.layers()) {
                kinds.add(layer.getClass().getSimpleName());
                if (layer instanceof ActivationLayer a) {
                    activations.add(a.activation());
                }
            }
            // javac gets another mode than Janino, so both compilers see every mode.
            JacobianMode javacMode = MODES[(seed + 1) % MODES.length];
            forJavac.add(Netjac.generate(graph, Netjac.Options.defaults().withClassName("Random" + seed).withJacobianMode(javacMode)));
        }
        assertEquals(Set.of("Dense", "ActivationLayer", "Softmax", "LogSoftmax", "Flatten"), kinds);
        assertEquals(EnumSet.allOf(dev.netjac.layers.Activation.class), activations);

        List<String> failures = new ArrayList<>();
        double worstReference = 0;
        double worstFd = 0;
        for (int seed = 0; seed < NETWORKS; seed++) {
            Graph graph = graphs.get(seed);
            JacobianMode janinoMode = MODES[seed % MODES.length];
            Network janino = JaninoCompiler.instantiate(Netjac.generate(graph, Netjac.Options.defaults().withJacobianMode(janinoMode)));
            Verifier.Report report = Verifier.check(graph, janino, 2, seed);
            worstReference = Math.max(worstReference, Math.max(report.jacobianError(), report.forwardError()));
            worstFd = Math.max(worstFd, report.fdError());
            if (!report.passed()) {
                failures.add("janino " + janinoMode + " seed " + seed + ": " + report + "\n" + describe(graph));
            }
        }
        try (URLClassLoader loader = Javac.compile(forJavac, dir)) {
            for (int seed = 0; seed < NETWORKS; seed++) {
                Network javac = Javac.instantiate(loader, forJavac.get(seed));
                Verifier.Report report = Verifier.check(graphs.get(seed), javac, 1, 1000 + seed);
                worstReference = Math.max(worstReference, Math.max(report.jacobianError(), report.forwardError()));
                if (!report.referenceAgrees()) {
                    failures.add("javac seed " + seed + ": " + report + "\n" + describe(graphs.get(seed)));
                }
            }
        }
        System.out.printf("DifferentialTest: %d networks; worst generated-vs-reference %.2e, worst FD %.2e%n",
                NETWORKS, worstReference, worstFd);
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
    }

    static String describe(Graph graph) {
        StringBuilder sb = new StringBuilder("  input " + java.util.Arrays.toString(graph.inputShape()) + "\n");
        for (Layer layer : graph.layers()) {
            sb.append("  ").append(layer).append('\n');
        }
        return sb.toString();
    }
}
