package dev.netjac.plan;

import dev.netjac.graph.JacobianMode;
import java.util.Locale;

/**
 * How a network's Jacobian is accumulated, and what it costs by the planner's count (multiply-adds, with
 * elementwise layers counted as row scalings; an upper bound, since zero multipliers are skipped at run time).
 *
 * @param mode REVERSE, FORWARD or MIXED, never AUTO
 * @param rows rows propagated at once: M in reverse mode, N in forward mode, the split width in mixed mode
 * @param split for MIXED, the layer boundary where the chain is split (the Jacobian is A·B with B the Jacobian
 *     of layers [0, split) and A that of layers [split, L)); -1 otherwise
 * @param splitWidth the width at the split boundary, 0 without one
 * @param forwardPassCost the forward pass every Jacobian starts with
 * @param reverseCost M cotangent rows pulled back through every layer
 * @param forwardCost N tangent rows pushed forward through every layer
 * @param mixedCost the best split: w rows each way plus the M×w×N product; Long.MAX_VALUE when no split helps
 * @param chosenBy {@code "cost model"} or {@code "requested"}
 */
public record JacobianPlan(JacobianMode mode, int rows, int split, int splitWidth, long forwardPassCost, long reverseCost,
                           long forwardCost, long mixedCost, String chosenBy) {

    /** Multiply-adds of the chosen accumulation plus the forward pass. */
    public long totalCost() {
        switch (mode) {
            case REVERSE:
                return forwardPassCost + reverseCost;
            case FORWARD:
                return forwardPassCost + forwardCost;
            default:
                return forwardPassCost + mixedCost;
        }
    }

    /** One line for generated headers and {@code netjac inspect}. */
    public String describe() {
        String what;
        switch (mode) {
            case REVERSE:
                what = rows + " cotangent rows pulled back from the output";
                break;
            case FORWARD:
                what = rows + " tangent rows pushed forward from the input";
                break;
            default:
                what = "split after layer " + (split - 1) + " (width " + splitWidth + "): input side pulled back, output side"
                        + " pushed forward, then one product";
        }
        return String.format(Locale.ROOT, "%s mode (%s), %s; ~%s multiply-adds (reverse %s, forward %s%s, forward pass %s); zero multipliers skipped at run time",
                mode.specName(), chosenBy, what, human(totalCost()), human(reverseCost), human(forwardCost),
                mixedCost == Long.MAX_VALUE ? "" : ", best split " + human(mixedCost), human(forwardPassCost));
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
