package dev.netjac.plan;

import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Layer;

/**
 * Chooses between reverse mode (M cotangent rows) and forward mode (N tangent rows) by counting
 * multiply-adds. Each layer states its per-row cost ({@link Layer#rowCost()}); elementwise layers count as
 * row scalings, never as matrices. Seeding the identity and copying the result out cost one pass over the
 * rows each.
 */
public final class JacobianPlanner {
    private JacobianPlanner() {}

    public static JacobianPlan plan(Graph graph) {
        return plan(graph, graph.jacobianMode());
    }

    /** Plans with {@code requested} mode, or by cost when it is {@link JacobianMode#AUTO}. */
    public static JacobianPlan plan(Graph graph, JacobianMode requested) {
        long perRow = 0;
        long forwardPass = 0;
        for (Layer layer : graph.layers()) {
            perRow += layer.rowCost();
            forwardPass += layer.forwardCost();
        }
        int m = graph.outputSize();
        int n = graph.inputSize();
        long seedAndCopy = (long) m * n;
        long reverse = m * perRow + seedAndCopy;
        long forward = n * perRow + seedAndCopy;
        if (requested == JacobianMode.AUTO) {
            JacobianMode mode = forward < reverse ? JacobianMode.FORWARD : JacobianMode.REVERSE;
            return new JacobianPlan(mode, mode == JacobianMode.FORWARD ? n : m, forwardPass, reverse, forward, "cost model");
        }
        return new JacobianPlan(requested, requested == JacobianMode.FORWARD ? n : m, forwardPass, reverse, forward, "requested");
    }
}
