package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;

/**
 * Where the windows of a pooling layer lie: the input [H, W, C] (channels_last), the pool and stride sizes,
 * the padding, and the output [H', W', C]. A 1D pooling layer over [steps, C] is the 2D case with H = 1, a
 * pool height and stride of 1: one set of rules serves both.
 *
 * <p>Padding follows TensorFlow. "valid": windows lie inside the input, H' = floor((H - k) / s) + 1.
 * "same": H' = ceil(H / s); the padding needed, pad = max((H' - 1)·s + k - H, 0), is split with the smaller
 * half before (pad / 2, rounded down) and the rest after, so odd padding is asymmetric. Padded cells hold
 * no value: max pooling ignores them and average pooling divides by the number of real cells. Every window
 * holds at least one real cell (pad &lt; k and the last window starts inside the input), so the clamped
 * bounds below are never empty.
 */
public final class PoolGeometry {
    private final boolean oneD;
    private final boolean same;
    private final int height;
    private final int width;
    private final int channels;
    private final int poolHeight;
    private final int poolWidth;
    private final int strideHeight;
    private final int strideWidth;
    private final int outHeight;
    private final int outWidth;
    private final int padTop;
    private final int padLeft;

    private PoolGeometry(boolean oneD, boolean same, int height, int width, int channels, int poolHeight, int poolWidth,
                         int strideHeight, int strideWidth) {
        this.oneD = oneD;
        this.same = same;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.poolHeight = poolHeight;
        this.poolWidth = poolWidth;
        this.strideHeight = strideHeight;
        this.strideWidth = strideWidth;
        this.outHeight = outSize(height, poolHeight, strideHeight, same);
        this.outWidth = outSize(width, poolWidth, strideWidth, same);
        this.padTop = padBefore(height, poolHeight, strideHeight, outHeight, same);
        this.padLeft = padBefore(width, poolWidth, strideWidth, outWidth, same);
    }

    /**
     * The geometry for {@code inputShape} ([steps, C] when {@code pool} has one entry, [H, W, C] when two),
     * with {@code strides} of the same length and {@code same} padding or valid.
     *
     * @throws IllegalArgumentException naming what does not fit
     */
    public static PoolGeometry of(int[] inputShape, int[] pool, int[] strides, boolean same) {
        int rank = pool.length;
        if (rank != 1 && rank != 2 || strides.length != rank) {
            throw new IllegalArgumentException("pool and strides must both have 1 or 2 entries");
        }
        if (inputShape.length != rank + 1) {
            throw new IllegalArgumentException("pooling" + rank + "d expects an input of rank " + (rank + 1)
                    + (rank == 1 ? " [steps, channels]" : " [height, width, channels]") + ", found rank " + inputShape.length);
        }
        for (int i = 0; i < rank; i++) {
            if (pool[i] < 1 || strides[i] < 1) {
                throw new IllegalArgumentException("pool sizes and strides must be positive");
            }
            if (!same && pool[i] > inputShape[i]) {
                throw new IllegalArgumentException("pool size " + pool[i] + " is larger than the input's " + inputShape[i]
                        + " with valid padding");
            }
        }
        if (rank == 1) {
            return new PoolGeometry(true, same, 1, inputShape[0], inputShape[1], 1, pool[0], 1, strides[0]);
        }
        return new PoolGeometry(false, same, inputShape[0], inputShape[1], inputShape[2], pool[0], pool[1], strides[0], strides[1]);
    }

    static int outSize(int in, int pool, int stride, boolean same) {
        return same ? (in + stride - 1) / stride : (in - pool) / stride + 1;
    }

    static int padBefore(int in, int pool, int stride, int out, boolean same) {
        return same ? Math.max((out - 1) * stride + pool - in, 0) / 2 : 0;
    }

    public boolean oneD() {
        return oneD;
    }

    public boolean same() {
        return same;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int channels() {
        return channels;
    }

    public int poolHeight() {
        return poolHeight;
    }

    public int poolWidth() {
        return poolWidth;
    }

    public int strideHeight() {
        return strideHeight;
    }

    public int strideWidth() {
        return strideWidth;
    }

    public int outHeight() {
        return outHeight;
    }

    public int outWidth() {
        return outWidth;
    }

    public int padTop() {
        return padTop;
    }

    public int padLeft() {
        return padLeft;
    }

    /** [steps', C] for 1D, [H', W', C] for 2D. */
    public int[] outputShape() {
        return oneD ? new int[] {outWidth, channels} : new int[] {outHeight, outWidth, channels};
    }

    /** First input row of output row oh's window, clamped to the input. */
    public int rowStart(int oh) {
        return Math.max(oh * strideHeight - padTop, 0);
    }

    /** One past the last input row of output row oh's window, clamped to the input. */
    public int rowEnd(int oh) {
        return Math.min(oh * strideHeight - padTop + poolHeight, height);
    }

    public int colStart(int ow) {
        return Math.max(ow * strideWidth - padLeft, 0);
    }

    public int colEnd(int ow) {
        return Math.min(ow * strideWidth - padLeft + poolWidth, width);
    }

    /** Flat index of input (h, w, c). */
    public int inputIndex(int h, int w, int c) {
        return (h * width + w) * channels + c;
    }

    /** Flat index of output (oh, ow, c). */
    public int outputIndex(int oh, int ow, int c) {
        return (oh * outWidth + ow) * channels + c;
    }

    /** e.g. {@code pool 3x3 stride 2x2 same} or {@code pool 3 stride 2 valid}. */
    public String describe() {
        String pool = oneD ? "pool " + poolWidth : "pool " + poolHeight + "x" + poolWidth;
        String stride = oneD ? " stride " + strideWidth : " stride " + strideHeight + "x" + strideWidth;
        return pool + stride + (same ? " same" : " valid");
    }
    // ---- The same windows in generated code. ----

    /**
     * Opens the loops over output positions in generated code and declares, for each, the window's clamped
     * input rows [h0, h1), columns [w0, w1) and the output offset {@code p} of its first channel; the code
     * that follows works on channels c in [0, C) at input offset {@code (ih * W + iw) * C + c}. Close with
     * {@link #endWindows()}. Valid padding needs no clamps, so none are emitted for it.
     */
    CodeBlock beginWindows() {
        CodeBlock.Builder code = CodeBlock.builder()
                .beginControlFlow("for (int oh = 0; oh < $L; oh++)", outHeight);
        bounds(code, "h", "oh", strideHeight, padTop, poolHeight, height);
        code.beginControlFlow("for (int ow = 0; ow < $L; ow++)", outWidth);
        bounds(code, "w", "ow", strideWidth, padLeft, poolWidth, width);
        return code.addStatement("int p = (oh * $L + ow) * $L", outWidth, channels).build();
    }

    /** Declares {@code <axis>0} and {@code <axis>1}, leaving out clamps and offsets that are no-ops. */
    private void bounds(CodeBlock.Builder code, String axis, String index, int stride, int pad, int pool, int size) {
        String start = index + " * " + stride + (pad > 0 ? " - " + pad : "");
        if (pad > 0) {
            code.addStatement("int $L0 = $T.max($L, 0)", axis, Math.class, start);
        } else {
            code.addStatement("int $L0 = $L", axis, start);
        }
        if (same) {
            code.addStatement("int $L1 = $T.min($L + $L, $L)", axis, Math.class, start, pool, size);
        } else {
            code.addStatement("int $L1 = $L0 + $L", axis, axis, pool);
        }
    }

    CodeBlock endWindows() {
        return CodeBlock.builder().endControlFlow().endControlFlow().build();
    }

    /** Opens the scan over the current window's cells in row-major order, declaring the cell's offset {@code i}. */
    CodeBlock beginCells() {
        return CodeBlock.builder()
                .beginControlFlow("for (int ih = h0; ih < h1; ih++)")
                .beginControlFlow("for (int iw = w0; iw < w1; iw++)")
                .addStatement("int i = (ih * $L + iw) * $L", width, channels)
                .build();
    }

    CodeBlock endCells() {
        return endWindows();
    }
}
