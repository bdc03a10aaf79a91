package dev.netjac.layers;

import static dev.netjac.layers.Convolution.ALIGN;
import static dev.netjac.layers.Convolution.TAPS_PER_LOOP;
import static dev.netjac.layers.Convolution.UNROLLED_TAPS;

import com.palantir.javapoet.CodeBlock;

/**
 * The planar gather of a convolution's forward and dense tangent rows: long contiguous inner loops that C2
 * vectorizes. The input is copied into one zero-padded plane per channel, {@code height} rows of
 * {@code width} cells (padding before, and enough after for every tap), so that output (oy, ox) tap (ky, kx)
 * reads plane cell {@code (oy·sy + ky·dy)·width + ox·sx + kx·dx} with no bounds test. The output is
 * accumulated in one plane per filter with rows {@code outRow} apart.
 *
 * <p>With strides 1 ({@code wrapped}) that is {@code width}, so output cell q = oy·width + ox reads input
 * cell q + ky·dy·width + kx·dx and each tap over the whole image is one loop over q (the width − out columns
 * in between are computed and dropped). The width is then a multiple of {@link Convolution#ALIGN}, and each
 * channel plane also has {@code kernel_w − 1} copies shifted left by kx·dx cells (plane {@code kx·C + c}), so
 * that every tap reads its plane at q + ky·dy·width: all offsets multiples of ALIGN. HotSpot's C2 (JDK 17)
 * vectorizes such a loop at full width; with offsets of 1 or 2 cells it runs about half as fast, and with
 * loop-invariant offsets (a variable rather than a constant) not at all.
 *
 * <p>With larger strides the rows are the output width, one loop per output row and tap (not vectorized:
 * its reads are strided).
 */
final class PlanarGather {
    /** The plane sizes before any limit is applied, for {@link Convolution} to judge. */
    record Size(long width, long height, long inPlanes, boolean wrapped) {
        long plane() {
            return width * height;
        }
    }

    private final ConvCode c;
    private final int width;
    private final int height;
    private final int outRow;
    private final int outPlane;
    private final boolean wrapped;
    private final int inPlanes;

    /** @param size {@link #size(ConvCode)}, judged small enough */
    PlanarGather(ConvCode c, Size size) {
        this.c = c;
        this.width = (int) size.width();
        this.height = (int) size.height();
        this.wrapped = size.wrapped();
        this.inPlanes = (int) size.inPlanes();
        this.outRow = wrapped ? width : c.cols.out();
        this.outPlane = (c.rows.out() - 1) * outRow + c.cols.out();
    }

    static Size size(ConvCode c) {
        ConvAxis rows = c.rows;
        ConvAxis cols = c.cols;
        boolean wrapped = rows.stride() == 1 && cols.stride() == 1;
        long width = Math.max((long) cols.in() + cols.padBefore(), (cols.out() - 1L) * cols.stride() + cols.extent());
        if (wrapped) {
            width = (width + ALIGN - 1) / ALIGN * ALIGN;
        }
        long height = Math.max((long) rows.in() + rows.padBefore(), (rows.out() - 1L) * rows.stride() + rows.extent());
        long inPlanes = wrapped ? (long) cols.kernel() * c.channels : c.channels;
        return new Size(width, height, inPlanes, wrapped);
    }

    /** Input planes: one per channel, times kernel_w shifted copies when wrapped. */
    int inPlanes() {
        return inPlanes;
    }

    /** Cells of one input plane. */
    int plane() {
        return width * height;
    }

    /** Cells of one output plane. */
    int outPlane() {
        return outPlane;
    }

    /**
     * src (channels last) into zero-padded channel planes; per filter and channel, loops over the whole output
     * plane (strides 1) or over each output row (strided) adding the channel's taps; then the filter planes
     * back into dst, channels last, plus the bias.
     */
    void write(CodeBlock.Builder code, String src, String dst, boolean withBias) {
        code.addStatement("double[][] xp = $L", c.inPlanesField())
                .addStatement("double[][] yp = $L", c.outPlanesField())
                .add("// $L -> xp: one zero-padded plane of $L x $L per channel (the padding is never written)\n", src,
                        height, width);
        copyIn(code, src);
        code.add("// yp[f] = sum over channels c and taps (ky, kx) of K[ky, kx, c, f] * (xp[c] shifted by the tap)\n")
                .beginControlFlow("for (int f = 0; f < $L; f++)", c.filters)
                .addStatement("double[] yf = yp[f]")
                .beginControlFlow("for (int j = 0; j < $L; j++)", outPlane)
                .addStatement("yf[j] = 0.0")
                .endControlFlow()
                .beginControlFlow("for (int c = 0; c < $L; c++)", c.channels);
        if (wrapped) {
            tapLoops(code);
        } else {
            stridedLoops(code);
        }
        code.endControlFlow().endControlFlow();
        copyOut(code, dst, withBias);
    }

    /** src into the channel planes, then (wrapped) the shifted copies. */
    private void copyIn(CodeBlock.Builder code, String src) {
        ConvAxis cols = c.cols;
        code.beginControlFlow("for (int iy = 0; iy < $L; iy++)", c.rows.in());
        if (c.channels == 1) {
            code.addStatement("$T.arraycopy($L, iy * $L, xp[0], $L, $L)", System.class, src, cols.in(), planeCell("iy", null), cols.in());
        } else {
            code.beginControlFlow("for (int ix = 0; ix < $L; ix++)", cols.in())
                    .addStatement("int s = (iy * $L + ix) * $L", cols.in(), c.channels)
                    .addStatement("int t = $L", planeCell("iy", "ix"))
                    .beginControlFlow("for (int c = 0; c < $L; c++)", c.channels)
                    .addStatement("xp[c][t] = $L[s + c]", src)
                    .endControlFlow()
                    .endControlFlow();
        }
        code.endControlFlow();
        if (wrapped && cols.kernel() > 1) {
            String shift = "kx" + ConvCode.times(cols.dilation());
            String plane = c.channels == 1 ? "kx" : "kx * " + c.channels + " + c";
            code.add("// xp[$L] = xp[c] shifted left by $L cells, so that every tap reads at a multiple of $L cells\n", plane, shift, ALIGN)
                    .beginControlFlow("for (int kx = 1; kx < $L; kx++)", cols.kernel())
                    .beginControlFlow("for (int c = 0; c < $L; c++)", c.channels)
                    .addStatement("$T.arraycopy(xp[c], $L, xp[$L], 0, $L - $L)", System.class, shift, plane, plane(), shift)
                    .endControlFlow()
                    .endControlFlow();
        }
    }

    /**
     * {@code yf[j] += Σ w_t · (plane kx·C + c)[j + ky·dy·width]} for j over the output plane and every tap
     * t = (ky, kx) of channel c and filter f, in loops of at most {@link Convolution#TAPS_PER_LOOP} taps.
     */
    private void tapLoops(CodeBlock.Builder code) {
        int kh = c.rows.kernel();
        int kw = c.cols.kernel();
        int ch = c.channels;
        if (kh * kw > UNROLLED_TAPS) {
            code.beginControlFlow("for (int ky = 0; ky < $L; ky++)", kh)
                    .beginControlFlow("for (int kx = 0; kx < $L; kx++)", kw)
                    .addStatement("double w = $L[(ky * $L + kx) * $L + c][f]", c.kernelField(), kw, ch)
                    .addStatement("double[] xk = xp[kx * $L + c]", ch)
                    .addStatement("int k = ky * $L", c.rows.dilation() * width)
                    .beginControlFlow("for (int j = 0; j < $L; j++)", outPlane)
                    .addStatement("yf[j] += w * xk[j + k]")
                    .endControlFlow()
                    .endControlFlow()
                    .endControlFlow();
            return;
        }
        for (int kx = 0; kx < kw; kx++) {
            code.addStatement("double[] x$L = xp[$L]", kx, kx == 0 ? "c" : kx * ch + " + c");
        }
        for (int first = 0; first < kh * kw; first += TAPS_PER_LOOP) {
            int last = Math.min(kh * kw, first + TAPS_PER_LOOP);
            CodeBlock.Builder sum = CodeBlock.builder();
            for (int t = first; t < last; t++) {
                int ky = t / kw;
                int kx = t % kw;
                code.addStatement("double w$L = $L[$L][f]", t, c.kernelField(), t * ch == 0 ? "c" : t * ch + " + c");
                int offset = ky * c.rows.dilation() * width;
                sum.add(t == first ? "" : " +$W").add("w$L * x$L[j$L]", t, kx, offset == 0 ? "" : " + " + offset);
            }
            code.beginControlFlow("for (int j = 0; j < $L; j++)", outPlane)
                    .addStatement("yf[j] += $L", sum.build())
                    .endControlFlow();
        }
    }

    /** Strides above 1: one loop per output row and tap, reading every stride-th cell. */
    private void stridedLoops(CodeBlock.Builder code) {
        ConvAxis rows = c.rows;
        ConvAxis cols = c.cols;
        code.addStatement("double[] xc = xp[c]");
        code.beginControlFlow("for (int oy = 0; oy < $L; oy++)", rows.out())
                .addStatement("int yr = oy * $L", outRow)
                .beginControlFlow("for (int ky = 0; ky < $L; ky++)", rows.kernel())
                .beginControlFlow("for (int kx = 0; kx < $L; kx++)", cols.kernel())
                .addStatement("double w = $L[(ky * $L + kx) * $L + c][f]", c.kernelField(), cols.kernel(), c.channels)
                .addStatement("int xr = (oy * $L + ky * $L) * $L + kx * $L", rows.stride(), rows.dilation(), width, cols.dilation())
                .beginControlFlow("for (int j = 0; j < $L; j++)", cols.out())
                .addStatement("yf[yr + j] += w * xc[xr + j$L]", cols.stride() == 1 ? "" : " * " + cols.stride())
                .endControlFlow()
                .endControlFlow()
                .endControlFlow()
                .endControlFlow();
    }

    /** The filter planes back into dst, channels last, plus the bias. */
    private void copyOut(CodeBlock.Builder code, String dst, boolean withBias) {
        code.add("// yp -> $L, channels last$L\n", dst, withBias ? ", plus the bias" : "")
                .beginControlFlow("for (int oy = 0; oy < $L; oy++)", c.rows.out())
                .beginControlFlow("for (int ox = 0; ox < $L; ox++)", c.cols.out())
                .addStatement("int o = (oy * $L + ox) * $L", c.cols.out(), c.filters)
                .addStatement("int q = oy * $L + ox", outRow)
                .beginControlFlow("for (int f = 0; f < $L; f++)", c.filters)
                .addStatement("$L[o + f] = $Lyp[f][q]", dst, withBias ? c.biasField() + "[f] + " : "")
                .endControlFlow()
                .endControlFlow()
                .endControlFlow();
    }

    /** The plane cell of input (iy, ix), {@code (iy + padTop) * width + ix + padLeft}; ix null means column 0. */
    private String planeCell(String iy, String ix) {
        String row = c.rows.padBefore() == 0 ? iy : "(" + iy + " + " + c.rows.padBefore() + ")";
        String cell = (height == 1 ? "" : row + " * " + width) + (ix == null ? "" : (height == 1 ? "" : " + ") + ix);
        if (cell.isEmpty()) {
            cell = "0";
        }
        return c.cols.padBefore() == 0 ? cell : cell + " + " + c.cols.padBefore();
    }
}
