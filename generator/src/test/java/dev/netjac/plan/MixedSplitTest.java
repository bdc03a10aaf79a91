package dev.netjac.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Activation;
import dev.netjac.layers.Add;
import dev.netjac.layers.Layer;
import dev.netjac.testing.RandomGraphs;
import dev.netjac.testing.RandomNetworks;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Mixed mode splits a residual graph only where every input-to-output path crosses. */
class MixedSplitTest {

    @Test
    void mixedModeSplitsOnlyWhereEveryPathCrosses() {
        int mixed = 0;
        for (int seed = 0; seed < 60; seed++) {
            Graph graph = RandomGraphs.create(seed);
            JacobianPlan plan = JacobianPlanner.plan(graph, JacobianMode.MIXED);
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
        Random random = new Random(1);
        List<Layer> layers = List.of(
                RandomNetworks.dense("dense0", 3, 4, random),
                RandomNetworks.activation("tanh1", 4, Activation.TANH, random),
                RandomNetworks.dense("dense2", 4, 4, random),
                new Add("add3", List.of(new int[] {4}, new int[] {4})),
                RandomNetworks.dense("dense4", 4, 2, random));
        Graph graph = new Graph("Block", "block", new int[] {3}, layers,
                List.of(new int[] {Graph.INPUT}, new int[] {0}, new int[] {1}, new int[] {1, 2}, new int[] {3}), JacobianMode.AUTO);
        assertFalse(graph.isChain());
        assertTrue(graph.isCut(0) && graph.isCut(1) && graph.isCut(3));
        assertFalse(graph.isCut(2), "add3 still reads tanh1, which comes before dense2");
        assertEquals(2, graph.readers(1));
        JacobianPlan plan = JacobianPlanner.plan(graph, JacobianMode.MIXED);
        assertTrue(plan.split() - 1 != 2, "split at " + plan.split());
    }
}
