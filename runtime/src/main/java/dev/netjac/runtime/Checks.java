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

    /** Throws unless {@code array} holds at least {@code count} blocks of {@code size} values. */
    public static void batch(String parameter, double[] array, int count, long size) {
        if (count < 0) {
            throw new IllegalArgumentException("count is " + count + ", expected at least 0");
        }
        if (array == null) {
            throw new IllegalArgumentException(parameter + " is null");
        }
        if (array.length < count * size) {
            throw new IllegalArgumentException(parameter + " has length " + array.length + ", expected at least "
                    + count + " x " + size + " = " + count * size);
        }
    }
}
