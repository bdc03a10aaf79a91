package dev.netjac.spec;

/**
 * How many inputs a spec type reads: one (every layer but the merges), exactly k, or k or more.
 *
 * @param min the fewest inputs, at least 1
 * @param max the most inputs, {@link Integer#MAX_VALUE} for "or more"
 */
public record Arity(int min, int max) {
    public static final Arity ONE = new Arity(1, 1);

    public Arity {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("arity [" + min + ", " + max + "]");
        }
    }

    public static Arity exactly(int k) {
        return new Arity(k, k);
    }

    public static Arity atLeast(int k) {
        return new Arity(k, Integer.MAX_VALUE);
    }

    public boolean accepts(int inputs) {
        return inputs >= min && inputs <= max;
    }

    /** True for the types that merge branches and therefore need {@code "inputs"}. */
    public boolean isMerge() {
        return max > 1;
    }

    /** "1", "2" or "2+", as listings show it. */
    @Override
    public String toString() {
        return min == max ? Integer.toString(min) : max == Integer.MAX_VALUE ? min + "+" : min + ".." + max;
    }

    /** "two or more inputs", "exactly two inputs": for messages. */
    String inWords() {
        String least = words(min);
        if (min == max) {
            return min == 1 ? "one input" : "exactly " + least + " inputs";
        }
        return max == Integer.MAX_VALUE ? least + " or more inputs" : least + " to " + words(max) + " inputs";
    }

    private static String words(int n) {
        String[] small = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
        return n < small.length ? small[n] : Integer.toString(n);
    }
}
