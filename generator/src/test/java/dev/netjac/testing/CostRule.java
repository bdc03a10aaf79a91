package dev.netjac.testing;

import dev.netjac.layers.Layer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How the contract test counts a layer's work, independently of {@link Layer#rowCost()} and
 * {@link Layer#forwardCost()}, and which relation to them it asserts. The unit is one multiply-add (or add,
 * or copy) per value visited by one pass over a row. |P| is the number of structural non-zeros of the local
 * Jacobian, over all inputs, found by {@link Dependencies} (probing the reference forward, not reading any
 * cost or Jacobian code).
 *
 * <ul>
 *   <li>{@link Kind#SPARSE}: the rules visit each structural non-zero once (dense, convolution, average pools,
 *       concatenation, add): rowCost = rowFactor·|P| and forwardCost = forwardFactor·|P|, exactly, or, where
 *       the model is a declared upper bound ({@code exact == false}), at least |P|.</li>
 *   <li>{@link Kind#GROUPS}: P is block diagonal over groups that partition the values (elementwise layers:
 *       groups of one; softmax, layer norm: one group per position off the axis), and the rule makes a fixed
 *       number of passes over each group instead of multiplying by the dense block: rowCost = rowPasses·n,
 *       forwardCost = forwardPasses·n.</li>
 *   <li>{@link Kind#SELECTION}: max pools; at any point without ties J has exactly one non-zero per output row,
 *       inside P, and a row costs one add per output: rowCost = outputs. The forward pass compares every cell
 *       of every window: forwardCost = |P| (exact), or ≥ |P| when padded cells are counted too.</li>
 *   <li>{@link Kind#VIEW}: flatten, reshape, identity: J = I exactly, {@link Layer#isView()}, no cost.</li>
 *   <li>{@link Kind#RECURRENT}: simple_rnn, lstm, gru over an input [T, F] with u units and G gates (rowFactor):
 *       each of the T steps multiplies by the kernel and the recurrent kernel once, plus a fixed number of
 *       elementwise operations per unit (forwardFactor): rowCost = forwardCost = T·((F + u)·G·u + e·u). The
 *       pattern must be causal: no output depends on an input the layer reads after it.</li>
 * </ul>
 */
public record CostRule(Kind kind, double rowFactor, double forwardFactor, boolean exact) {
    public enum Kind { SPARSE, GROUPS, SELECTION, VIEW, RECURRENT }

    /** One multiply-add per structural non-zero, for a row and for the forward pass. */
    public static CostRule sparse() {
        return new CostRule(Kind.SPARSE, 1, 1, true);
    }

    public static CostRule sparse(double rowFactor, double forwardFactor) {
        return new CostRule(Kind.SPARSE, rowFactor, forwardFactor, true);
    }

    /** At least one per structural non-zero (the model counts padded window cells too). */
    public static CostRule sparseBound() {
        return new CostRule(Kind.SPARSE, 1, 1, false);
    }

    public static CostRule groups(int rowPasses, int forwardPasses) {
        return new CostRule(Kind.GROUPS, rowPasses, forwardPasses, true);
    }

    public static CostRule selection(boolean exactForward) {
        return new CostRule(Kind.SELECTION, 1, 1, exactForward);
    }

    /** A recurrent layer of {@code gates} gates and {@code elementwise} operations per unit and step. */
    public static CostRule recurrent(int gates, int elementwise) {
        return new CostRule(Kind.RECURRENT, gates, elementwise, true);
    }

    public static CostRule view() {
        return new CostRule(Kind.VIEW, 0, 0, true);
    }

    /**
     * Checks {@code layer}'s cost model against the counted work; {@code pattern} from {@link Dependencies},
     * {@code jacobians[i]} the local Jacobian for input i at a point without ties. Returns the failures.
     */
    public List<String> check(Layer layer, boolean[][][] pattern, double[][][] jacobians) {
        List<String> failures = new ArrayList<>();
        long nonZeros = Dependencies.count(pattern);
        long n = layer.outputSize();
        switch (kind) {
            case SPARSE:
                relate(failures, "rowCost", layer.rowCost(), rowFactor * nonZeros, exact, "structural non-zeros " + nonZeros + " x " + rowFactor);
                relate(failures, "forwardCost", layer.forwardCost(), forwardFactor * nonZeros, exact,
                        "structural non-zeros " + nonZeros + " x " + forwardFactor);
                break;
            case GROUPS: {
                int[] groups = pattern.length == 1 ? Dependencies.groups(pattern[0]) : null;
                if (groups == null) {
                    failures.add("the Jacobian pattern is not block diagonal over groups");
                    break;
                }
                relate(failures, "rowCost", layer.rowCost(), rowFactor * n, true,
                        rowFactor + " passes over " + groups.length + " groups of sizes " + Arrays.toString(groups));
                relate(failures, "forwardCost", layer.forwardCost(), forwardFactor * n, true,
                        forwardFactor + " passes over " + groups.length + " groups");
                break;
            }
            case SELECTION: {
                long selected = 0;
                for (int o = 0; o < n; o++) {
                    int inRow = 0;
                    for (int j = 0; j < jacobians[0][o].length; j++) {
                        if (jacobians[0][o][j] != 0) {
                            inRow++;
                            if (!pattern[0][o][j]) {
                                failures.add("J(" + o + ", " + j + ") is non-zero outside the window of output " + o);
                            }
                        }
                    }
                    if (inRow != 1) {
                        failures.add("output " + o + " selects " + inRow + " inputs, expected exactly one");
                    }
                    selected += inRow;
                }
                relate(failures, "rowCost", layer.rowCost(), selected, true, "selected entries");
                relate(failures, "forwardCost", layer.forwardCost(), nonZeros, exact, "window cells " + nonZeros);
                break;
            }
            case VIEW:
                if (!layer.isView()) {
                    failures.add("expected a view (isView)");
                }
                relate(failures, "rowCost", layer.rowCost(), 0, true, "a view");
                relate(failures, "forwardCost", layer.forwardCost(), 0, true, "a view");
                break;
            case RECURRENT: {
                int[] in = layer.inputShape();
                int[] out = layer.outputShape();
                long steps = in[0];
                long units = out[out.length - 1];
                long counted = steps * ((in[1] + units) * (long) rowFactor * units + (long) forwardFactor * units);
                relate(failures, "rowCost", layer.rowCost(), counted, true, steps + " steps of " + (long) rowFactor + " gates");
                relate(failures, "forwardCost", layer.forwardCost(), counted, true, steps + " steps");
                causal(failures, pattern[0], in, out);
                break;
            }
            default:
                throw new AssertionError(kind);
        }
        return failures;
    }

    /**
     * With an output per step (rank 2), output step s may depend on the inputs read at steps 0..s only: on
     * times 0..s, or T-1-s..T-1 when the layer reads backwards (which is found from the first output step).
     */
    private static void causal(List<String> failures, boolean[][] pattern, int[] in, int[] out) {
        if (out.length != 2) {
            return;
        }
        int steps = in[0];
        int features = in[1];
        int units = out[1];
        boolean backwards = false;
        for (int f = 0; f < features; f++) {
            backwards |= pattern[0][(steps - 1) * features + f] && steps > 1;
        }
        for (int s = 0; s < steps; s++) {
            for (int t = 0; t < steps; t++) {
                boolean after = backwards ? t < steps - 1 - s : t > s;
                for (int k = 0; k < units && after; k++) {
                    for (int f = 0; f < features; f++) {
                        if (pattern[s * units + k][t * features + f]) {
                            failures.add("output step " + s + " depends on input time " + t + ", read later");
                            return;
                        }
                    }
                }
            }
        }
    }

    private static void relate(List<String> failures, String what, long modelled, double counted, boolean exact, String how) {
        if (exact ? modelled != counted : modelled < counted) {
            failures.add(what + " " + modelled + (exact ? " != " : " < ") + "counted " + (long) counted + " (" + how + ")");
        }
    }
}
