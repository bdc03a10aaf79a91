package dev.netjac.plan;

import dev.netjac.graph.JacobianMode;
import java.util.Locale;

/**
 * How a network's Jacobian is accumulated, and what it costs by the planner's count.
 *
 * @param mode {@link JacobianMode#REVERSE} or {@link JacobianMode#FORWARD}, never AUTO
 * @param rows rows propagated: M cotangent rows in reverse mode, N tangent rows in forward mode
 * @param forwardPassCost multiply-adds of the forward pass every Jacobian starts with
 * @param reverseCost multiply-adds to propagate M cotangent rows (an upper bound: zero entries are skipped at run time)
 * @param forwardCost multiply-adds to propagate N tangent rows (an upper bound)
 * @param chosenBy {@code "cost model"} or {@code "requested"}
 */
public record JacobianPlan(JacobianMode mode, int rows, long forwardPassCost, long reverseCost, long forwardCost, String chosenBy) {

    /** Multiply-adds of the chosen propagation plus the forward pass. */
    public long totalCost() {
        return forwardPassCost + (mode == JacobianMode.REVERSE ? reverseCost : forwardCost);
    }

    /** One line for generated headers and {@code netjac inspect}. */
    public String describe() {
        String what = mode == JacobianMode.REVERSE
                ? rows + " cotangent rows pulled back from the output"
                : rows + " tangent rows pushed forward from the input";
        return String.format(Locale.ROOT, "%s mode (%s), %s; ~%s multiply-adds (reverse %s, forward %s, forward pass %s); zero multipliers skipped at run time",
                mode.specName(), chosenBy, what, human(totalCost()), human(reverseCost), human(forwardCost), human(forwardPassCost));
    }

    /** 1234 -> "1.2 k", 256000 -> "0.26 M". */
    public static String human(long count) {
        if (count < 1_000) {
            return Long.toString(count);
        }
        if (count < 100_000) {
            return String.format(Locale.ROOT, "%.1f k", count / 1e3);
        }
        if (count < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.2f M", count / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f G", count / 1e9);
    }
}
