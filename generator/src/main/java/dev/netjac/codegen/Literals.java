package dev.netjac.codegen;

/** Java source literals for numbers, safe for javac and Janino alike. */
public final class Literals {
    private Literals() {}

    /**
     * A double literal that reads back to exactly {@code value}. Non-finite values are spelled as constants
     * because a bare {@code NaN} or {@code Infinity} is not Java.
     */
    public static String of(double value) {
        if (Double.isNaN(value)) {
            return "Double.NaN";
        }
        if (value == Double.POSITIVE_INFINITY) {
            return "Double.POSITIVE_INFINITY";
        }
        if (value == Double.NEGATIVE_INFINITY) {
            return "Double.NEGATIVE_INFINITY";
        }
        String text = Double.toString(value);
        return value < 0 ? "(" + text + ")" : text;
    }
}
