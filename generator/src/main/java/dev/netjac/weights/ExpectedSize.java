package dev.netjac.weights;

import dev.netjac.NetjacException;

/**
 * How many values the layer asking for a weight expects, handed to a reader so that it checks a file's size
 * claims (an .npy header's shape, a safetensors entry, a TF.js manifest entry) from the header alone, before
 * decoding or inflating anything: memory is then bounded by what the layer expects, never by what a file
 * claims. The exact shape is still checked by the layer once the values are read, with the layer's own
 * message (which knows about layouts and transposes); so a claim is refused here only when it exceeds
 * {@link #limit()}, a small multiple of the expected size: a near miss such as (4, 5) for (4, 3) is decoded
 * (cheaply) and explained by the layer, a claim of (16384, 16384) is refused from the header.
 *
 * @param maxValues the most values the layer can use
 * @param description what the layer expects, for messages, e.g. {@code (4, 3)} or {@code (3,) or (1,)}
 */
public record ExpectedSize(long maxValues, String description) {
    /** No expectation beyond netjac's own limit ({@link Npy#MAX_ELEMENTS} values). */
    public static final ExpectedSize ANY = new ExpectedSize(Npy.MAX_ELEMENTS, "netjac's limit");

    /** Exactly {@code shape}. */
    public static ExpectedSize shape(int... shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return new ExpectedSize(n, Tensor.shapeString(shape));
    }

    /** Slack for near misses, in values: the layer explains those better than a header check can. */
    static final long SLACK_VALUES = 1 << 16;

    /** The most values a claim may have and still be decoded: 4 times the expected count plus 64 Ki, capped by netjac's limit. */
    public long limit() {
        return Math.min(Npy.MAX_ELEMENTS, Math.max(4 * maxValues, maxValues + SLACK_VALUES));
    }

    /**
     * Refuses a claim of {@code claimedShape} with {@code dtype} (as the file names it) when it has more values
     * than {@link #limit()}; {@code source} starts the message as every reader's messages start.
     */
    public void check(int[] claimedShape, String dtype, String source) {
        long claimed = 1;
        for (int d : claimedShape) {
            claimed = Math.min(Long.MAX_VALUE / 2, claimed * Math.max(d, 0));
        }
        if (claimed > limit()) {
            throw new NetjacException(source + ": claims shape " + Tensor.shapeString(claimedShape) + " " + dtype + " ("
                    + claimed + " values), far more than the expected " + description + " (" + maxValues
                    + " values); refused before decoding");
        }
    }
}
