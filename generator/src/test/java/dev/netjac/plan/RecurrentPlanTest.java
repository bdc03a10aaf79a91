package dev.netjac.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Activation;
import dev.netjac.layers.Layer;
import dev.netjac.layers.Lstm;
import dev.netjac.layers.SimpleRnn;
import dev.netjac.testing.NormNetworks;
import dev.netjac.testing.RecurrentNetworks;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The planner's choice through time follows the row counts: a recurrent layer's tangent and cotangent rows cost
 * the same, so M outputs &lt; N inputs picks reverse mode and N &lt; M forward mode.
 */
class RecurrentPlanTest {

    @Test
    void fewOutputsPickReverseModeThroughTime() {
        Random random = new Random(1);
        int[] input = {50, 8};
        Lstm lstm = new Lstm("lstm0", input, 64, Activation.TANH, Activation.SIGMOID, RecurrentNetworks.matrix(8, 256, random),
                RecurrentNetworks.matrix(64, 256, random), null, false, false);
        Graph graph = graph(input, lstm, NormNetworks.dense("dense1", lstm.outputShape(), 1, true, random));
        JacobianPlan plan = JacobianPlanner.plan(graph, JacobianMode.AUTO);
        assertEquals(JacobianMode.REVERSE, plan.mode(), plan.describe());
        assertEquals(1, plan.rows(), plan.describe());
    }

    @Test
    void fewInputsPickForwardModeThroughTime() {
        Random random = new Random(2);
        int[] input = {20, 1};
        SimpleRnn rnn = new SimpleRnn("simpleRnn0", input, 8, Activation.TANH, RecurrentNetworks.matrix(1, 8, random),
                RecurrentNetworks.matrix(8, 8, random), null, true, false);
        JacobianPlan plan = JacobianPlanner.plan(graph(input, rnn), JacobianMode.AUTO);
        assertEquals(JacobianMode.FORWARD, plan.mode(), plan.describe());
        assertEquals(20, plan.rows(), plan.describe());
    }

    private static Graph graph(int[] input, Layer... layers) {
        return new Graph("Plan", "plan", input, List.of(layers), JacobianMode.AUTO);
    }
}
