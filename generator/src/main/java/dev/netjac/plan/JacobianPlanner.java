package dev.netjac.plan;

import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Layer;
import java.util.List;

/**
 * Chooses how to accumulate the Jacobian J = J_L ··· J_1 by counting multiply-adds. Each layer states what
 * pushing one row through it costs ({@link Layer#rowCost()}); elementwise layers count as row scalings.
 *
 * <p>Three plans are costed, and the cheapest wins (reverse on ties, then forward):
 * <ul>
 *   <li>reverse: M cotangent rows through every layer, M·Σcost;</li>
 *   <li>forward: N tangent rows through every layer, N·Σcost;</li>
 *   <li>mixed, at every layer boundary s of width w that every path from input to output crosses (every
 *       boundary of a chain): J = A·B with B = J_s···J_1 pulled back with w rows,
 *       A = J_L···J_{s+1} pushed forward with w rows, and one M×w×N product. With layer Jacobians applied as
 *       operators, this single split is the useful bracketing of the chain: it wins at a bottleneck, where
 *       w is much smaller than both M and N (an autoencoder's code layer).</li>
 * </ul>
 * Seeding identities and copying the result out count one pass over their rows.
 */
public final class JacobianPlanner {
    private JacobianPlanner() {}

    public static JacobianPlan plan(Graph graph) {
        return plan(graph, graph.jacobianMode());
    }

    /** Plans with {@code requested} mode, or by cost when it is {@link JacobianMode#AUTO}. */
    public static JacobianPlan plan(Graph graph, JacobianMode requested) {
        List<Layer> layers = graph.layers();
        long perRow = 0;
        long forwardPass = 0;
        for (Layer layer : layers) {
            perRow += layer.rowCost();
            forwardPass += layer.forwardCost();
        }
        // Where a value fans out, its cotangent rows are summed: one more pass per extra reader.
        for (int node = Graph.INPUT; node < layers.size() - 1; node++) {
            perRow += (long) Math.max(0, graph.readers(node) - 1) * dev.netjac.graph.Shapes.size(graph.shapeOf(node));
        }
        long m = graph.outputSize();
        long n = graph.inputSize();
        long reverse = m * perRow + m * m + m * n;
        long forward = n * perRow + n * n + m * n;

        long mixed = Long.MAX_VALUE;
        int split = -1;
        int splitWidth = 0;
        for (int s = 1; s < layers.size(); s++) {
            if (layers.get(s - 1).isView() || !graph.isCut(s - 1)) {
                continue;
            }
            long w = layers.get(s - 1).outputSize();
            long cost = w * perRow + 2 * w * w + m * w + m * w * n + m * n;
            if (cost < mixed) {
                mixed = cost;
                split = s;
                splitWidth = (int) w;
            }
        }

        JacobianMode mode = requested;
        String chosenBy = "requested";
        if (requested == JacobianMode.AUTO) {
            chosenBy = "cost model";
            mode = JacobianMode.REVERSE;
            if (forward < reverse) {
                mode = JacobianMode.FORWARD;
            }
            if (mixed < Math.min(reverse, forward)) {
                mode = JacobianMode.MIXED;
            }
        }
        if (mode == JacobianMode.MIXED && split < 0) {
            // A single layer has no boundary to split at; reverse mode computes the same product.
            mode = JacobianMode.REVERSE;
            chosenBy = "requested mixed, but one layer has no split point";
        }
        if (mode != JacobianMode.MIXED) {
            int rows = (int) (mode == JacobianMode.REVERSE ? m : n);
            return new JacobianPlan(mode, rows, -1, 0, forwardPass, reverse, forward, mixed, chosenBy);
        }
        return new JacobianPlan(mode, splitWidth, split, splitWidth, forwardPass, reverse, forward, mixed, chosenBy);
    }
}
