package dev.netjac.runtime;

/** Argument checks called by generated code at the start of every public call. */
public final class Checks {
    private Checks() {}

    /** Throws a clear {@link IllegalArgumentException} unless {@code array} has exactly {@code expected} values. */
    public static void length(String parameter, double[] array, int expected) {
        if (array == null) {
            throw new IllegalArgumentException(parameter + " is null, expected a double[" + expected + "]");
        }
        if (array.length != expected) {
            throw new IllegalArgumentException(
                    parameter + " has length " + array.length + ", expected " + expected);
        }
    }
}
