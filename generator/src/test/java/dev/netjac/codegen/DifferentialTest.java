package dev.netjac.codegen;

import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.testing.DifferentialHarness;
import dev.netjac.testing.GraphFamilies;
import dev.netjac.testing.GraphFamily;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main weapon: generated classes (Janino and javac, every Jacobian mode) against the reference evaluator
 * and central finite differences, on every family of random networks ({@link GraphFamilies}), through one
 * {@link DifferentialHarness}. The system property {@code netjac.families} (comma-separated names) limits
 * the run to some families; the build's Vector API pass runs the chains only.
 */
class DifferentialTest {
    static final JacobianMode[] MODES = DifferentialHarness.MODES;

    @Test
    void chains(@TempDir Path dir) throws Exception {
        run(GraphFamilies.chains(), dir);
    }

    @Test
    void convolutions(@TempDir Path dir) throws Exception {
        run(GraphFamilies.convolutions(), dir);
    }

    @Test
    void pooling(@TempDir Path dir) throws Exception {
        run(GraphFamilies.pooling(), dir);
    }

    @Test
    void normalization(@TempDir Path dir) throws Exception {
        run(GraphFamilies.normalization(), dir);
    }

    @Test
    void activationChains(@TempDir Path dir) throws Exception {
        run(GraphFamilies.activationChains(), dir);
    }

    @Test
    void residualGraphs(@TempDir Path dir) throws Exception {
        GraphFamily family = GraphFamilies.residualGraphs();
        int branched = 0;
        for (Graph graph : family.graphs()) {
            branched += graph.isChain() ? 0 : 1;
        }
        assertTrue(branched > family.graphs().size() * 3 / 4, branched + " of " + family.graphs().size() + " graphs branch");
        run(family, dir);
    }

    @Test
    void tensors(@TempDir Path dir) throws Exception {
        run(GraphFamilies.tensors(), dir);
    }

    private static void run(GraphFamily family, Path dir) throws Exception {
        String only = System.getProperty("netjac.families", "");
        assumeTrue(only.isBlank() || List.of(only.split(",")).contains(family.name()), "not in netjac.families=" + only);
        DifferentialHarness.run(family, dir);
    }
}
