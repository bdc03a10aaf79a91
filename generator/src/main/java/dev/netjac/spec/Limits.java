package dev.netjac.spec;

/** Sizes netjac refuses before allocating anything, so that a hostile file cannot exhaust memory. */
public final class Limits {
    private Limits() {}

    /** Largest value of any single dimension or layer width. */
    public static final int MAX_DIMENSION = 1 << 24;

    /** Largest total number of weights in one model (2^28 doubles = 2 GiB). */
    public static final long MAX_PARAMETERS = 1L << 28;

    /**
     * Largest Jacobian, M·N entries, that jacobian() fills: it must fit in one Java array. A larger model is read
     * and compiled, and used through forward, vjp and jvp; its jacobian() says why it cannot.
     */
    public static final long MAX_JACOBIAN_ENTRIES = Integer.MAX_VALUE - 8;

    /**
     * Most layers in one model, counted after a dense layer's activation becomes a layer of its own. A
     * generated class has a few members per layer and a class file at most 65,535 constants: 3,000 layers
     * compile, 10,000 do not.
     */
    public static final int MAX_LAYERS = 2_000;
}
