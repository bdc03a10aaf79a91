package dev.netjac.layers;

import dev.netjac.graph.Shapes;
import java.util.Arrays;

/**
 * im2col on a channels-last input (s1..sk, C), k = 1, 2 or 3 spatial axes: each output position holds the
 * window of cells its kernel covers, in C order over (kernel offset 1, ..., kernel offset k, channel), so a
 * following {@code dense} on the last axis is a convolution of any rank, with groups (a block-diagonal kernel),
 * or transposed (on a dilated input); a following reshape and {@code reduce_max} is a max pool of any rank.
 *
 * <p>Geometry per spatial axis i: the input is first dilated, (d_i - 1) pad cells inserted between cells
 * (transposed convolution), then padded by b_i before and a_i after (negative counts crop), and windows of
 * kernel_i cells spaced dilation_i apart start every stride_i cells:
 * o_i = floor(((s_i - 1)·d_i + 1 + b_i + a_i - dilation_i·(kernel_i - 1) - 1) / stride_i) + 1.
 * Pad cells hold {@code pad_value} (0, or −∞ for max pooling). An {@link IndexMap}, injective only when the
 * windows do not overlap.
 */
public final class Patches extends IndexMap {
    private final Geometry g;

    /** Kernel, stride, dilation, pads and input dilation of each spatial axis. */
    public record Geometry(int[] kernel, int[] strides, int[] dilations, int[][] pads, int[] inputDilations) {
        public int spatialAxes() {
            return kernel.length;
        }

        /** Output size of spatial axis i for an input of size n (may be < 1 for an invalid geometry). */
        public long outputSize(int i, int n) {
            long extent = (long) (n - 1) * inputDilations[i] + 1 + pads[i][0] + pads[i][1];
            long span = (long) dilations[i] * (kernel[i] - 1) + 1;
            return Math.floorDiv(extent - span, strides[i]) + 1;
        }
    }

    public Patches(String id, int[] inputShape, Geometry g, double padValue) {
        super(id, inputShape, outputShape(inputShape, g), sources(inputShape, g), padValue);
        this.g = g;
    }

    public static int[] outputShape(int[] inputShape, Geometry g) {
        int k = g.spatialAxes();
        int[] out = new int[k + 1];
        int window = inputShape[k];
        for (int i = 0; i < k; i++) {
            out[i] = (int) g.outputSize(i, inputShape[i]);
            window *= g.kernel()[i];
        }
        out[k] = window;
        return out;
    }

    private static int[] sources(int[] inputShape, Geometry g) {
        int k = g.spatialAxes();
        int channels = inputShape[k];
        int[] strides = strides(inputShape);
        int[] window = Arrays.copyOf(g.kernel(), k + 1);
        window[k] = channels;
        int[] windowStrides = strides(window);
        return table(outputShape(inputShape, g), index -> {
            int rest = index[k]; // (offset_1, ..., offset_k, channel) in C order
            int source = rest % channels;
            for (int i = 0; i < k; i++) {
                int offset = rest / windowStrides[i] % g.kernel()[i];
                // Position in the dilated, padded grid, then back to an input cell if it is one.
                long p = (long) index[i] * g.strides()[i] + (long) offset * g.dilations()[i] - g.pads()[i][0];
                int d = g.inputDilations()[i];
                if (p < 0 || p > (long) (inputShape[i] - 1) * d || p % d != 0) {
                    return CONSTANT;
                }
                source += (int) (p / d) * strides[i];
            }
            return source;
        });
    }

    @Override
    public String kind() {
        return "patches";
    }

    @Override
    public String summary() {
        return "patches " + Arrays.toString(g.kernel()) + " strides " + Arrays.toString(g.strides()) + " dilation "
                + Arrays.toString(g.dilations()) + " pads " + Arrays.deepToString(g.pads()) + " input_dilation "
                + Arrays.toString(g.inputDilations()) + " -> " + Shapes.toString(outputShape());
    }
}
