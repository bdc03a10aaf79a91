package dev.netjac.layers;

/**
 * One spatial axis of a convolution: {@code in} input cells, a kernel of {@code kernel} taps spaced
 * {@code dilation} apart, moved {@code stride} cells per output, with {@link ConvPadding padding}. Output
 * cell o, tap t reads input cell {@link #inputIndex(int, int) o·stride − padBefore + t·dilation}, or a padded
 * zero when that falls outside [0, in).
 */
public record ConvAxis(int in, int kernel, int stride, int dilation, ConvPadding padding) {

    public ConvAxis {
        if (in < 1 || kernel < 1 || stride < 1 || dilation < 1) {
            throw new IllegalArgumentException("convolution axis needs input, kernel, stride and dilation >= 1, found "
                    + in + ", " + kernel + ", " + stride + ", " + dilation);
        }
        if ((long) (kernel - 1) * dilation + 1 > (1 << 28)) {
            throw new IllegalArgumentException("a kernel of " + kernel + " taps with dilation " + dilation + " is too wide");
        }
        if (padding.outputSize(in, kernel, stride, dilation) < 1) {
            throw new IllegalArgumentException("a kernel of " + kernel + " taps with dilation " + dilation + " spans "
                    + ((long) (kernel - 1) * dilation + 1) + " cells, more than the " + in + " input cells (" + padding.specName() + " padding)");
        }
    }

    /** An axis of length 1 with a 1-tap kernel: the row axis of a 1-D convolution, which generated code omits. */
    public static ConvAxis trivial() {
        return new ConvAxis(1, 1, 1, 1, ConvPadding.VALID);
    }

    public boolean isTrivial() {
        return in == 1 && kernel == 1 && out() == 1 && padBefore() == 0;
    }

    /** Cells the kernel spans, (kernel − 1)·dilation + 1. */
    public long extent() {
        return (long) (kernel - 1) * dilation + 1;
    }

    public int out() {
        return padding.outputSize(in, kernel, stride, dilation);
    }

    public int padBefore() {
        return padding.padBefore(in, kernel, stride, dilation);
    }

    /** The input cell that output {@code o}'s tap {@code t} reads; outside [0, in) it is padding. */
    public int inputIndex(int o, int t) {
        return o * stride - padBefore() + t * dilation;
    }

    public boolean inside(int inputIndex) {
        return inputIndex >= 0 && inputIndex < in;
    }

    /** The number of (output, tap) pairs that read a real input cell: the honest count for the cost model. */
    public long tapsInside() {
        long count = 0;
        for (int o = 0; o < out(); o++) {
            for (int t = 0; t < kernel; t++) {
                if (inside(inputIndex(o, t))) {
                    count++;
                }
            }
        }
        return count;
    }
}
