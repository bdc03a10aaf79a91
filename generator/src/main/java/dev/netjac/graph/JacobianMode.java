package dev.netjac.graph;

import java.util.Locale;

/** How the Jacobian is accumulated through the chain of layer Jacobians. */
public enum JacobianMode {
    /** Let the planner pick the cheaper mode by its cost model. */
    AUTO,
    /** Pull M cotangent rows (one per output) back from the output to the input. */
    REVERSE,
    /** Push N tangent rows (one per input) forward from the input to the output. */
    FORWARD,
    /**
     * Split the chain at the planner's best layer boundary (width w): pull w rows back from there to the
     * input, push w rows forward from there to the output, multiply the two Jacobians.
     */
    MIXED;

    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code auto}, {@code reverse}, {@code forward} or {@code mixed}; returns null for anything else. */
    public static JacobianMode parse(String text) {
        for (JacobianMode mode : values()) {
            if (mode.specName().equals(text)) {
                return mode;
            }
        }
        return null;
    }
}
