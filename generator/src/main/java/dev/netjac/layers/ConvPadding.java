package dev.netjac.layers;

import java.util.Locale;

/**
 * How a convolution (or pooling window) pads one spatial axis, with TensorFlow's arithmetic. With an
 * effective kernel extent e = (k − 1)·d + 1 (k taps, dilation d) and stride s on an axis of length n:
 * <ul>
 *   <li>{@code valid}: no padding; out = ⌊(n − e) / s⌋ + 1 (no output when n &lt; e);</li>
 *   <li>{@code same}: out = ⌈n / s⌉, total padding max((out − 1)·s + e − n, 0), of which ⌊total / 2⌋ goes
 *       before and the rest after — TensorFlow's asymmetric split, so an even kernel pads one more cell after;</li>
 *   <li>{@code causal} (1-D only): e − 1 cells before, none after, so output t sees inputs ≤ t·s;
 *       out = ⌈n / s⌉.</li>
 * </ul>
 * Padded cells hold zeros; only the cells before matter for indexing (those after are never read).
 */
public enum ConvPadding {
    VALID,
    SAME,
    CAUSAL;

    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The padding named {@code text} ({@code valid}, {@code same}, {@code causal}), or null. */
    public static ConvPadding parse(String text) {
        for (ConvPadding padding : values()) {
            if (padding.specName().equals(text)) {
                return padding;
            }
        }
        return null;
    }

    /** The output length for an axis of {@code in} cells; 0 or less when the kernel does not fit. */
    public int outputSize(int in, int kernel, int stride, int dilation) {
        long extent = (long) (kernel - 1) * dilation + 1;
        switch (this) {
            case VALID:
                return in < extent ? 0 : (int) ((in - extent) / stride + 1);
            case SAME:
            case CAUSAL:
                return (in + stride - 1) / stride;
            default:
                throw new AssertionError(this);
        }
    }

    /** The number of zero cells padded before the first input cell. */
    public int padBefore(int in, int kernel, int stride, int dilation) {
        long extent = (long) (kernel - 1) * dilation + 1;
        switch (this) {
            case VALID:
                return 0;
            case SAME: {
                long out = outputSize(in, kernel, stride, dilation);
                long total = Math.max((out - 1) * stride + extent - in, 0);
                return (int) (total / 2);
            }
            case CAUSAL:
                return (int) (extent - 1);
            default:
                throw new AssertionError(this);
        }
    }
}
