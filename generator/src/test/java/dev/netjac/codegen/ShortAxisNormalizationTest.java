package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.check.Verifier;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Layer;
import dev.netjac.testing.NormNetworks;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Layer normalization over two values: its Jacobian (γ/σ)(I − 11ᵀ/2 − x̂x̂ᵀ/2) cancels to ~ε/var, so it is
 * judged against the magnitude of its terms, as {@code netjac check} judges it; a wrong rule is still O(1) off.
 */
class ShortAxisNormalizationTest {
    @Test
    void layerNormOverTwoValuesPassesTheChecksInEveryMode() {
        Random random = new Random(5);
        int[] shape = {3, 2};
        List<Layer> layers = List.of(
                NormNetworks.dense("dense0", shape, 2, true, random),
                NormNetworks.layerNorm("layerNorm1", shape, 1, true, true, random));
        Graph graph = new Graph("ShortAxis", "short-axis", shape, layers, JacobianMode.AUTO);
        for (JacobianMode mode : DifferentialTest.MODES) {
            Verifier.Report report = Verifier.check(graph,
                    JaninoCompiler.instantiate(Netjac.generate(graph, Netjac.Options.defaults().withJacobianMode(mode))), 4, 9);
            assertTrue(report.passed(), mode + ": " + report);
        }
    }
}
