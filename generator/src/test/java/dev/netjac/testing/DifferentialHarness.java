package dev.netjac.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.check.Verifier;
import dev.netjac.codegen.GeneratedNetwork;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.runtime.Network;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The differential test of whole networks: each graph of a {@link GraphFamily} is compiled by Janino (in every
 * Jacobian mode, or one per graph for large families) and by javac (in one mode, the build-time path with its
 * bundled weights resource), and each compiled class is checked by {@link Verifier#check} against the
 * reference evaluator (forward, jacobian, vjp, jvp, batches) and central finite differences. It asserts the
 * family's coverage, that every generated method stays under HotSpot's JIT limit, and prints the worst errors.
 */
public final class DifferentialHarness {
    public static final JacobianMode[] MODES = {JacobianMode.REVERSE, JacobianMode.FORWARD, JacobianMode.MIXED};

    /** HotSpot does not JIT-compile a method of more bytecode than this (DESIGN.md). */
    static final int JIT_LIMIT = 8000;

    private DifferentialHarness() {}

    /** What a run found. */
    public record Summary(int graphs, int janinoChecks, int javacChecks, double worstReference, double worstFd, long unresolved,
                          int largestMethod, List<String> failures) {}

    /** Runs the family and fails on any disagreement or missing coverage; {@code dir} receives the javac build. */
    public static Summary run(GraphFamily family, Path dir) throws Exception {
        Summary summary = check(family, dir);
        System.out.printf("%s: %d networks, %d Janino and %d javac checks; worst generated-vs-reference %.2e, worst FD %.2e,"
                        + " %d FD entries unresolved; largest generated method %d bytes%n", family.name(), summary.graphs(),
                summary.janinoChecks(), summary.javacChecks(), summary.worstReference(), summary.worstFd(), summary.unresolved(),
                summary.largestMethod());
        assertEquals(List.of(), summary.failures(), family.name() + ": " + summary.failures().size() + " failures");
        return summary;
    }

    static Summary check(GraphFamily family, Path dir) throws Exception {
        List<Graph> graphs = family.graphs();
        Set<String> seen = new TreeSet<>();
        for (Graph graph : graphs) {
            seen.addAll(family.features().apply(graph));
        }
        Set<String> missing = new TreeSet<>(family.required());
        missing.removeAll(seen);
        assertTrue(missing.isEmpty(), family.name() + " should cover " + missing + "; it has " + seen);

        List<String> failures = new ArrayList<>();
        double worstReference = 0;
        double worstFd = 0;
        long unresolved = 0;
        int janinoChecks = 0;
        List<GeneratedNetwork> forJavac = new ArrayList<>();
        for (int k = 0; k < graphs.size(); k++) {
            Graph graph = graphs.get(k);
            List<JacobianMode> modes = family.everyMode() ? List.of(MODES) : List.of(MODES[k % MODES.length]);
            for (JacobianMode mode : modes) {
                Network network = JaninoCompiler.instantiate(Netjac.generate(graph, Netjac.Options.defaults().withJacobianMode(mode)));
                Verifier.Report report = Verifier.check(graph, network, 2, k);
                janinoChecks++;
                worstReference = Math.max(worstReference, referenceError(report));
                worstFd = Math.max(worstFd, report.fdError());
                unresolved += report.fdUnresolved();
                if (!report.passed()) {
                    failures.add("janino " + mode + " " + graph.name() + ": " + report + "\n" + describe(graph));
                }
            }
            JacobianMode javacMode = MODES[(k + (family.everyMode() ? 0 : 1)) % MODES.length];
            forJavac.add(Netjac.generate(graph, Netjac.Options.defaults().withJacobianMode(javacMode)
                    .withClassName(family.name() + "Javac" + k)));
        }
        try (URLClassLoader loader = Javac.compile(forJavac, dir)) {
            for (int k = 0; k < graphs.size(); k++) {
                Verifier.Report report = Verifier.check(graphs.get(k), Javac.instantiate(loader, forJavac.get(k)), 1, 1000 + k);
                worstReference = Math.max(worstReference, referenceError(report));
                worstFd = Math.max(worstFd, report.fdError());
                unresolved += report.fdUnresolved();
                if (!report.passed()) {
                    failures.add("javac " + forJavac.get(k).plan().mode() + " " + graphs.get(k).name() + ": " + report + "\n"
                            + describe(graphs.get(k)));
                }
            }
        }
        int largest = 0;
        for (Map.Entry<String, Integer> method : methodSizes(dir.resolve("classes")).entrySet()) {
            largest = Math.max(largest, method.getValue());
            if (method.getValue() >= JIT_LIMIT) {
                failures.add(method.getKey() + " has " + method.getValue() + " bytes of bytecode, beyond HotSpot's JIT limit");
            }
            String methodName = method.getKey().substring(method.getKey().indexOf('.') + 1);
            if (family.methodMarker() != null && methodName.contains(family.methodMarker())
                    && method.getValue() >= family.methodLimit()) {
                failures.add(method.getKey() + " has " + method.getValue() + " bytes, expected below " + family.methodLimit());
            }
        }
        return new Summary(graphs.size(), janinoChecks, graphs.size(), worstReference, worstFd, unresolved, largest, failures);
    }

    private static double referenceError(Verifier.Report report) {
        return Math.max(Math.max(report.forwardError(), report.jacobianError()),
                Math.max(Math.max(report.vjpError(), report.jvpError()), report.batchError()));
    }

    /** "Class.method" -> bytecode bytes, for every class file under {@code classes}. */
    static Map<String, Integer> methodSizes(Path classes) throws IOException {
        Map<String, Integer> sizes = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String type = file.getFileName().toString().replace(".class", "");
                for (Map.Entry<String, Integer> method : ClassFiles.codeSizes(Files.readAllBytes(file)).entrySet()) {
                    sizes.put(type + "." + method.getKey(), method.getValue());
                }
            }
        }
        return sizes;
    }

    /** The graph's layers and what each reads, for failure messages. */
    public static String describe(Graph graph) {
        StringBuilder sb = new StringBuilder("  input " + java.util.Arrays.toString(graph.inputShape()) + "\n");
        for (int k = 0; k < graph.layers().size(); k++) {
            sb.append("  ").append(graph.layers().get(k));
            if (!graph.isChain()) {
                sb.append(" <- ").append(java.util.Arrays.toString(graph.inputsOf(k)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
