package dev.netjac.weights;

import dev.netjac.NetjacException;
import java.math.BigInteger;
import java.util.List;

/**
 * Checks shapes read from untrusted headers before anything is allocated.
 *
 * <p>Dimensions arrive as arbitrary integers (a Python literal or a JSON number can be any size), so they
 * are checked as {@link BigInteger}s: negative, overflowing and absurdly large shapes are all refused with
 * the shape as written in the file, instead of surfacing later as a {@code NegativeArraySizeException} or
 * an out-of-memory error.
 */
final class Shapes {
    private Shapes() {}

    private static final BigInteger MAX = BigInteger.valueOf(Npy.MAX_ELEMENTS);

    /** Python tuple notation for any dimensions, e.g. {@code (3, 4)}, {@code (5,)}, {@code ()}. */
    static String format(List<BigInteger> dims) {
        if (dims.size() == 1) {
            return "(" + dims.get(0) + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims.get(i));
        }
        return sb.append(')').toString();
    }

    /**
     * Returns {@code dims} as an {@code int[]} shape, or throws {@code <source>: <where>: ...} if a dimension
     * is negative or the element count or any dimension exceeds {@link Npy#MAX_ELEMENTS}.
     */
    static int[] checked(List<BigInteger> dims, String source, String where) {
        String shape = Shapes.format(dims);
        BigInteger count = BigInteger.ONE;
        for (BigInteger d : dims) {
            if (d.signum() < 0) {
                throw problem(source, where, "expected non-negative dimensions, found shape " + shape);
            }
            count = count.multiply(d);
        }
        if (count.compareTo(MAX) > 0) {
            throw problem(source, where, "shape " + shape + " has " + count + " elements, more than the limit of "
                    + Npy.MAX_ELEMENTS + " (Npy.MAX_ELEMENTS)");
        }
        int[] result = new int[dims.size()];
        for (int i = 0; i < result.length; i++) {
            if (dims.get(i).compareTo(MAX) > 0) {
                throw problem(source, where, "shape " + shape + " has dimension " + dims.get(i)
                        + ", more than the limit of " + Npy.MAX_ELEMENTS + " (Npy.MAX_ELEMENTS)");
            }
            result[i] = dims.get(i).intValueExact();
        }
        return result;
    }

    /** The number of elements of a shape already accepted by {@link #checked}. */
    static int elementCount(int[] shape) {
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        return Math.toIntExact(count);
    }

    private static NetjacException problem(String source, String where, String detail) {
        return Messages.fail(source, where + ": " + detail);
    }
}
