package dev.netjac.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Activation;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.Layer;
import dev.netjac.testing.RandomNetworks;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The planner picks the mode the cost model says is cheapest, and its counts are the textbook ones. */
class JacobianPlannerTest {

    static Graph mlp(int... widths) {
        Random random = new Random(1);
        List<Layer> layers = new ArrayList<>();
        int k = 0;
        for (int d = 1; d < widths.length; d++) {
            layers.add(RandomNetworks.dense("dense" + k++, widths[d - 1], widths[d], random));
            if (d < widths.length - 1) {
                layers.add(new ActivationLayer("tanh" + k++, new int[] {widths[d]}, Activation.TANH, Double.NaN));
            }
        }
        return new Graph("Mlp", "mlp", new int[] {widths[0]}, layers, JacobianMode.AUTO);
    }

    @Test
    void blogNetworkGoesReverseWithTheBlogsCount() {
        JacobianPlan plan = JacobianPlanner.plan(mlp(500, 100, 10));
        assertEquals(JacobianMode.REVERSE, plan.mode());
        // 10 rows through dense 500x100, tanh 100 and dense 100x10, plus seed and copy.
        assertEquals(10L * (500 * 100 + 100 + 100 * 10) + 10 * 10 + 10 * 500, plan.reverseCost());
        assertEquals(500L * (500 * 100 + 100 + 100 * 10) + 500 * 500 + 10 * 500, plan.forwardCost());
    }

    @Test
    void wideOutputGoesForward() {
        JacobianPlan plan = JacobianPlanner.plan(mlp(6, 32, 200));
        assertEquals(JacobianMode.FORWARD, plan.mode());
        assertTrue(plan.forwardCost() * 10 < plan.reverseCost());
    }

    @Test
    void bottleneckGoesMixedAtTheNarrowestBoundary() {
        JacobianPlan plan = JacobianPlanner.plan(mlp(300, 200, 4, 200, 300));
        assertEquals(JacobianMode.MIXED, plan.mode());
        assertEquals(4, plan.splitWidth());
        assertEquals(4, plan.rows());
        assertTrue(plan.mixedCost() < Math.min(plan.reverseCost(), plan.forwardCost()));
        assertTrue(plan.describe().contains("width 4"), plan.describe());
    }

    @Test
    void requestedModeWins() {
        JacobianPlan plan = JacobianPlanner.plan(mlp(6, 32, 200), JacobianMode.REVERSE);
        assertEquals(JacobianMode.REVERSE, plan.mode());
        assertEquals("requested", plan.chosenBy());
    }
}
