package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.weights.Tensor;
import java.util.List;

/**
 * The math and code shared by {@link Conv1D} and {@link Conv2D}: a convolution (cross-correlation, as in
 * Keras) over a channels-last image x[iy, ix, c] of shape (H, W, C) with a kernel K[ky, kx, c, f] of shape
 * (KH, KW, C, F), Keras's layout:
 * <pre>
 *   y[oy, ox, f] = b[f] + Σ_{ky, kx, c} x[iy, ix, c] · K[ky, kx, c, f],
 *   iy = oy·sy − padTop + ky·dy,  ix = ox·sx − padLeft + kx·dx   (terms outside the input are padded zeros)
 * </pre>
 * A 1-D convolution is the case H = KH = 1 (its {@link ConvAxis#trivial() row axis} is left out of the code).
 *
 * <p>Local Jacobian: ∂y[oy, ox, f] / ∂x[iy, ix, c] = K[ky, kx, c, f] for the tap (ky, kx) that reads (iy, ix),
 * else 0 — the convolution is linear, so tangents are the convolution without bias and cotangents its
 * transpose. Generated code never forms this sparse matrix:
 * <ul>
 *   <li>forward and tangent rows run on planes ({@link Planes}): the input is copied channels-first into
 *       zero-padded planes (plus copies shifted by each kx), and each (filter, channel) pair is one loop over
 *       the whole output plane summing nine taps at constant offsets that are multiples of the vector width, so
 *       C2 vectorizes it; the filter planes are copied back channels last. The inner loops are hundreds of cells
 *       long instead of {@code filters} long. Tangent rows with fewer than one non-zero value in eight
 *       (one-hot seeds) instead take the sparse gather: per output position and tap inside the input, an axpy of
 *       the kernel row K[ky, kx, c, :] per non-zero input value;</li>
 *   <li>cotangent rows scatter, skipping zero upstream values (after a ReLU and max pooling most are zero).
 *       Small kernels (taps · channels ≤ 16, no tap in the padding) add g·Kᵀ[f] straight onto the input cells
 *       at constant offsets; larger ones first sum the non-zero filters' g·Kᵀ[f] into a scratch patch (one
 *       long axpy over all KH·KW·C taps and channels), then add the patch onto the input cells (unrolled
 *       statements when no tap reaches the padding, else loops with bounds tests).</li>
 * </ul>
 * The kernel is handed to the generated class reshaped to (KH·KW·C, F) — the same values in the same order —
 * as row arrays (one per tap and channel) and as a transposed copy (one row per filter).
 */
public abstract class Convolution extends Layer {
    private final ConvAxis rows;
    private final ConvAxis cols;
    private final int channels;
    private final int filters;
    /** (KH·KW·C, F): Keras's (KH, KW, C, F) kernel with its first three axes merged. */
    private final Tensor kernel;
    private final Tensor bias;

    /**
     * @param kernel any shape whose values are the (KH, KW, C, F) kernel in row-major order (the subclass checks the shape)
     * @param bias shape (F,), or null for no bias
     */
    protected Convolution(String id, int[] inputShape, int[] outputShape, ConvAxis rows, ConvAxis cols, Tensor kernel, Tensor bias) {
        super(id, inputShape, outputShape);
        this.rows = rows;
        this.cols = cols;
        this.channels = inputShape[inputShape.length - 1];
        this.filters = outputShape[outputShape.length - 1];
        int taps = rows.kernel() * cols.kernel() * channels;
        if (kernel.size() != (long) taps * filters || kernel.dim(kernel.rank() - 1) != filters) {
            throw new IllegalArgumentException(id + ": kernel " + kernel.shapeString() + " does not hold "
                    + rows.kernel() + "x" + cols.kernel() + "x" + channels + "x" + filters + " weights");
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != filters)) {
            throw new IllegalArgumentException(id + ": bias " + bias.shapeString() + " does not match " + filters + " filters");
        }
        this.kernel = Tensor.of(new int[] {taps, filters}, kernel.toArray());
        this.bias = bias;
    }

    /** The row (height) axis; {@link ConvAxis#trivial()} for a 1-D convolution. */
    public final ConvAxis rows() {
        return rows;
    }

    /** The column (width, or steps for a 1-D convolution) axis. */
    public final ConvAxis cols() {
        return cols;
    }

    public final int channels() {
        return channels;
    }

    public final int filters() {
        return filters;
    }

    public final boolean hasBias() {
        return bias != null;
    }

    @Override
    public long parameterCount() {
        return kernel.size() + (bias == null ? 0 : bias.size());
    }

    // ---- reference math: the formula in the class comment, loop by loop ----

    private int inputIndex(int iy, int ix, int c) {
        return (iy * cols.in() + ix) * channels + c;
    }

    private int outputIndex(int oy, int ox, int f) {
        return (oy * cols.out() + ox) * filters + f;
    }

    private double weight(int ky, int kx, int c, int f) {
        return kernel.get(((ky * cols.kernel() + kx) * channels + c) * filters + f);
    }

    @Override
    public void forward(double[] x, double[] y) {
        for (int oy = 0; oy < rows.out(); oy++) {
            for (int ox = 0; ox < cols.out(); ox++) {
                for (int f = 0; f < filters; f++) {
                    double sum = bias == null ? 0.0 : bias.get(f);
                    for (int ky = 0; ky < rows.kernel(); ky++) {
                        for (int kx = 0; kx < cols.kernel(); kx++) {
                            int iy = rows.inputIndex(oy, ky);
                            int ix = cols.inputIndex(ox, kx);
                            if (rows.inside(iy) && cols.inside(ix)) {
                                for (int c = 0; c < channels; c++) {
                                    sum += x[inputIndex(iy, ix, c)] * weight(ky, kx, c, f);
                                }
                            }
                        }
                    }
                    y[outputIndex(oy, ox, f)] = sum;
                }
            }
        }
    }

    @Override
    public double[][] jacobian(double[] x, double[] y) {
        double[][] jac = new double[outputSize()][inputSize()];
        for (int oy = 0; oy < rows.out(); oy++) {
            for (int ox = 0; ox < cols.out(); ox++) {
                for (int f = 0; f < filters; f++) {
                    for (int ky = 0; ky < rows.kernel(); ky++) {
                        for (int kx = 0; kx < cols.kernel(); kx++) {
                            int iy = rows.inputIndex(oy, ky);
                            int ix = cols.inputIndex(ox, kx);
                            if (rows.inside(iy) && cols.inside(ix)) {
                                for (int c = 0; c < channels; c++) {
                                    jac[outputIndex(oy, ox, f)][inputIndex(iy, ix, c)] += weight(ky, kx, c, f);
                                }
                            }
                        }
                    }
                }
            }
        }
        return jac;
    }

    // ---- cost: only taps that read real input cells, C·F multiply-adds each ----

    @Override
    public long rowCost() {
        return rows.tapsInside() * cols.tapsInside() * channels * filters;
    }

    @Override
    public long forwardCost() {
        return rowCost();
    }

    // ---- generated code ----

    private String kernelField() {
        return id() + "Kernel";
    }

    private String kernelTField() {
        return id() + "KernelT";
    }

    private String biasField() {
        return id() + "Bias";
    }

    private String patchField() {
        return id() + "Patch";
    }

    private String inPlanesField() {
        return id() + "InPlanes";
    }

    private String outPlanesField() {
        return id() + "OutPlanes";
    }

    @Override
    public void declare(Members members) {
        members.weightRows(kernelField(), id() + ".kernel", kernel);
        members.weightRowsTransposed(kernelTField(), id() + ".kernel", kernel);
        if (bias != null) {
            members.weightVector(biasField(), id() + ".bias", bias);
        }
        members.scratch(patchField(), rows.kernel() * cols.kernel() * channels);
        Planes planes = planes();
        if (planes != null) {
            members.scratchRows(inPlanesField(), planes.inPlanes(), planes.plane());
            members.scratchRows(outPlanesField(), filters, planes.outPlane());
        }
    }

    /** A spatial axis as the code names it: loop variables o&lt;s&gt;, k&lt;s&gt;, i&lt;s&gt; for output, tap and input. */
    private record Spatial(ConvAxis axis, String s) {
        /** {@code i<s> = o<s>·stride − padBefore + k<s>·dilation}, written without the trivial terms. */
        String inputIndex() {
            return "o" + s + (axis.stride() == 1 ? "" : " * " + axis.stride())
                    + (axis.padBefore() == 0 ? "" : " - " + axis.padBefore())
                    + " + k" + s + (axis.dilation() == 1 ? "" : " * " + axis.dilation());
        }
    }

    /** The axes that appear in code: a 1-D convolution's row axis is always 0 and is left out. */
    private List<Spatial> spatial() {
        return rows.isTrivial() ? List.of(new Spatial(cols, "x")) : List.of(new Spatial(rows, "y"), new Spatial(cols, "x"));
    }

    /** The flat position {@code (<p>y * width + <p>x)}, or {@code <p>x} in 1-D, for prefix o (output), i (input) or k (tap). */
    private String position(String prefix, int width) {
        return rows.isTrivial() ? prefix + "x" : "(" + prefix + "y * " + width + " + " + prefix + "x)";
    }

    private void openOutputLoops(CodeBlock.Builder code) {
        for (Spatial a : spatial()) {
            code.beginControlFlow("for (int o$L = 0; o$L < $L; o$L++)", a.s(), a.s(), a.axis().out(), a.s());
        }
        code.addStatement("int ob = $L * $L", position("o", cols.out()), filters);
    }

    /** Opens the tap loops; inside, {@code xb} and {@code kb} index the input position and the tap's kernel rows. */
    private void openTapLoops(CodeBlock.Builder code) {
        for (Spatial a : spatial()) {
            code.beginControlFlow("for (int k$L = 0; k$L < $L; k$L++)", a.s(), a.s(), a.axis().kernel(), a.s());
            code.addStatement("int i$L = $L", a.s(), a.inputIndex());
            // Only the sides that padding can reach are tested; indices grow with the output and the tap.
            boolean before = a.axis().inputIndex(0, 0) < 0;
            boolean after = a.axis().inputIndex(a.axis().out() - 1, a.axis().kernel() - 1) >= a.axis().in();
            if (before && after) {
                code.addStatement("if (i$L < 0 || i$L >= $L) continue", a.s(), a.s(), a.axis().in());
            } else if (before) {
                code.addStatement("if (i$L < 0) continue", a.s());
            } else if (after) {
                code.addStatement("if (i$L >= $L) continue", a.s(), a.axis().in());
            }
        }
        code.addStatement("int xb = $L * $L", position("i", cols.in()), channels);
        code.addStatement("int kb = $L * $L", position("k", cols.kernel()), channels);
    }

    private void close(CodeBlock.Builder code, int loops) {
        for (int i = 0; i < loops; i++) {
            code.endControlFlow();
        }
    }

    // ---- planar code: long contiguous inner loops ----

    /**
     * The layout of the planar code. The input is copied into one zero-padded plane per channel, {@code height}
     * rows of {@code width} cells (padding before, and enough after for every tap), so that output (oy, ox) tap
     * (ky, kx) reads plane cell {@code (oy·sy + ky·dy)·width + ox·sx + kx·dx} with no bounds test. The output is
     * accumulated in one plane per filter with rows {@code outRow} apart.
     *
     * <p>With strides 1 ({@code wrapped}) that is {@code width}, so output cell q = oy·width + ox reads input
     * cell q + ky·dy·width + kx·dx and each tap over the whole image is one loop over q (the width − out columns
     * in between are computed and dropped). The width is then a multiple of {@link #ALIGN}, and each channel
     * plane also has {@code kernel_w − 1} copies shifted left by kx·dx cells (plane {@code kx·C + c}), so that
     * every tap reads its plane at q + ky·dy·width: all offsets multiples of {@link #ALIGN}. HotSpot's C2 (JDK
     * 17) vectorizes such a loop at full width; with offsets of 1 or 2 cells it runs about half as fast, and
     * with loop-invariant offsets (a variable rather than a constant) not at all.
     *
     * <p>With larger strides the rows are the output width, one loop per output row and tap (not vectorized:
     * its reads are strided).
     */
    private record Planes(int width, int height, int outRow, int outPlane, boolean wrapped, int inPlanes) {
        int plane() {
            return width * height;
        }
    }

    /** Plane rows are a multiple of this many cells (one 512-bit vector of doubles) when strides are 1. */
    private static final int ALIGN = 8;

    /** The planar layout, or null when padding and dilation would make the planes much larger than the input. */
    private Planes planes() {
        boolean wrapped = rows.stride() == 1 && cols.stride() == 1;
        long width = Math.max((long) cols.in() + cols.padBefore(), (cols.out() - 1L) * cols.stride() + cols.extent());
        if (wrapped) {
            width = (width + ALIGN - 1) / ALIGN * ALIGN;
        }
        long height = Math.max((long) rows.in() + rows.padBefore(), (rows.out() - 1L) * rows.stride() + rows.extent());
        long inPlanes = wrapped ? (long) cols.kernel() * channels : channels;
        long cells = (long) rows.in() * (cols.in() + ALIGN);
        if (width * height > 2 * cells + 1024 || width * height * Math.max(inPlanes, filters) > (1 << 24)) {
            return null;
        }
        int w = (int) width;
        int outRow = wrapped ? w : cols.out();
        int outPlane = (rows.out() - 1) * outRow + cols.out();
        return new Planes(w, (int) height, outRow, outPlane, wrapped, (int) inPlanes);
    }

    /** Taps summed in one loop body (a 3×3 kernel's nine: few enough that the weights stay in registers). */
    private static final int TAPS_PER_LOOP = 9;

    /** Kernels with more taps than this keep a loop over taps (correct, but not vectorized: its offsets are variables). */
    private static final int UNROLLED_TAPS = 64;

    /**
     * {@code yf[j] += Σ w_t · (plane kx·C + c)[j + ky·dy·width]} for j over the output plane and every tap
     * t = (ky, kx) of channel c and filter f, in loops of at most {@link #TAPS_PER_LOOP} taps.
     */
    private void tapLoops(CodeBlock.Builder code, Planes pl) {
        int kh = rows.kernel();
        int kw = cols.kernel();
        int c = channels;
        if (kh * kw > UNROLLED_TAPS) {
            code.beginControlFlow("for (int ky = 0; ky < $L; ky++)", kh)
                    .beginControlFlow("for (int kx = 0; kx < $L; kx++)", kw)
                    .addStatement("double w = $L[(ky * $L + kx) * $L + c][f]", kernelField(), kw, c)
                    .addStatement("double[] xk = xp[kx * $L + c]", c)
                    .addStatement("int k = ky * $L", rows.dilation() * pl.width())
                    .beginControlFlow("for (int j = 0; j < $L; j++)", pl.outPlane())
                    .addStatement("yf[j] += w * xk[j + k]")
                    .endControlFlow()
                    .endControlFlow()
                    .endControlFlow();
            return;
        }
        for (int kx = 0; kx < kw; kx++) {
            code.addStatement("double[] x$L = xp[$L]", kx, kx == 0 ? "c" : kx * c + " + c");
        }
        for (int first = 0; first < kh * kw; first += TAPS_PER_LOOP) {
            int last = Math.min(kh * kw, first + TAPS_PER_LOOP);
            CodeBlock.Builder sum = CodeBlock.builder();
            for (int t = first; t < last; t++) {
                int ky = t / kw;
                int kx = t % kw;
                code.addStatement("double w$L = $L[$L][f]", t, kernelField(), t * c == 0 ? "c" : t * c + " + c");
                int offset = ky * rows.dilation() * pl.width();
                sum.add(t == first ? "" : " +$W").add("w$L * x$L[j$L]", t, kx, offset == 0 ? "" : " + " + offset);
            }
            code.beginControlFlow("for (int j = 0; j < $L; j++)", pl.outPlane())
                    .addStatement("yf[j] += $L", sum.build())
                    .endControlFlow();
        }
    }

    /**
     * The planar gather of forward and tangent rows: src (channels last) into zero-padded channel planes; per
     * filter and channel, loops over the whole output plane (strides 1) or over each output row (strided)
     * adding the channel's taps; then the filter planes back into dst, channels last, plus the bias.
     */
    private void planarGather(CodeBlock.Builder code, Planes pl, String src, String dst, boolean withBias) {
        int c = channels;
        code.addStatement("double[][] xp = $L", inPlanesField())
                .addStatement("double[][] yp = $L", outPlanesField())
                .add("// $L -> xp: one zero-padded plane of $L x $L per channel (the padding is never written)\n", src,
                        pl.height(), pl.width());
        code.beginControlFlow("for (int iy = 0; iy < $L; iy++)", rows.in());
        if (c == 1) {
            code.addStatement("$T.arraycopy($L, iy * $L, xp[0], $L, $L)", System.class, src, cols.in(), planeCell(pl, "iy", null), cols.in());
        } else {
            code.beginControlFlow("for (int ix = 0; ix < $L; ix++)", cols.in())
                    .addStatement("int s = (iy * $L + ix) * $L", cols.in(), c)
                    .addStatement("int t = $L", planeCell(pl, "iy", "ix"))
                    .beginControlFlow("for (int c = 0; c < $L; c++)", c)
                    .addStatement("xp[c][t] = $L[s + c]", src)
                    .endControlFlow()
                    .endControlFlow();
        }
        code.endControlFlow();
        if (pl.wrapped() && cols.kernel() > 1) {
            String shift = "kx" + times(cols.dilation());
            String plane = c == 1 ? "kx" : "kx * " + c + " + c";
            code.add("// xp[$L] = xp[c] shifted left by $L cells, so that every tap reads at a multiple of $L cells\n", plane, shift, ALIGN)
                    .beginControlFlow("for (int kx = 1; kx < $L; kx++)", cols.kernel())
                    .beginControlFlow("for (int c = 0; c < $L; c++)", c)
                    .addStatement("$T.arraycopy(xp[c], $L, xp[$L], 0, $L - $L)", System.class, shift, plane, pl.plane(), shift)
                    .endControlFlow()
                    .endControlFlow();
        }
        code.add("// yp[f] = sum over channels c and taps (ky, kx) of K[ky, kx, c, f] * (xp[c] shifted by the tap)\n")
                .beginControlFlow("for (int f = 0; f < $L; f++)", filters)
                .addStatement("double[] yf = yp[f]")
                .beginControlFlow("for (int j = 0; j < $L; j++)", pl.outPlane())
                .addStatement("yf[j] = 0.0")
                .endControlFlow()
                .beginControlFlow("for (int c = 0; c < $L; c++)", c);
        if (pl.wrapped()) {
            tapLoops(code, pl);
        } else {
            code.addStatement("double[] xc = xp[c]");
            // strided: one loop per output row and tap, reading every stride-th cell
            code.beginControlFlow("for (int oy = 0; oy < $L; oy++)", rows.out())
                    .addStatement("int yr = oy * $L", pl.outRow())
                    .beginControlFlow("for (int ky = 0; ky < $L; ky++)", rows.kernel())
                    .beginControlFlow("for (int kx = 0; kx < $L; kx++)", cols.kernel())
                    .addStatement("double w = $L[(ky * $L + kx) * $L + c][f]", kernelField(), cols.kernel(), c)
                    .addStatement("int xr = (oy * $L + ky * $L) * $L + kx * $L", rows.stride(), rows.dilation(), pl.width(), cols.dilation())
                    .beginControlFlow("for (int j = 0; j < $L; j++)", cols.out())
                    .addStatement("yf[yr + j] += w * xc[xr + j$L]", cols.stride() == 1 ? "" : " * " + cols.stride())
                    .endControlFlow()
                    .endControlFlow()
                    .endControlFlow()
                    .endControlFlow();
        }
        code.endControlFlow().endControlFlow();
        code.add("// yp -> $L, channels last$L\n", dst, withBias ? ", plus the bias" : "")
                .beginControlFlow("for (int oy = 0; oy < $L; oy++)", rows.out())
                .beginControlFlow("for (int ox = 0; ox < $L; ox++)", cols.out())
                .addStatement("int o = (oy * $L + ox) * $L", cols.out(), filters)
                .addStatement("int q = oy * $L + ox", pl.outRow())
                .beginControlFlow("for (int f = 0; f < $L; f++)", filters)
                .addStatement("$L[o + f] = $Lyp[f][q]", dst, withBias ? biasField() + "[f] + " : "")
                .endControlFlow()
                .endControlFlow()
                .endControlFlow();
    }

    /** The plane cell of input (iy, ix), {@code (iy + padTop) * width + ix + padLeft}; ix null means column 0. */
    private String planeCell(Planes pl, String iy, String ix) {
        String row = rows.padBefore() == 0 ? iy : "(" + iy + " + " + rows.padBefore() + ")";
        String cell = (pl.height() == 1 ? "" : row + " * " + pl.width()) + (ix == null ? "" : (pl.height() == 1 ? "" : " + ") + ix);
        if (cell.isEmpty()) {
            cell = "0";
        }
        return cols.padBefore() == 0 ? cell : cell + " + " + cols.padBefore();
    }

    /**
     * Tangent rows with fewer than one non-zero value in {@value #SPARSE_FRACTION} take the sparse gather, which skips
     * zeros one by one (the one-hot seeds of forward mode); denser rows take the planar one.
     */
    private static final int SPARSE_FRACTION = 8;

    /** Declares {@code boolean dense}: whether {@code row} has at least size / SPARSE_FRACTION non-zero values. */
    private static void countNonZeros(CodeBlock.Builder code, String row, int size) {
        int enough = Math.max(1, size / SPARSE_FRACTION);
        code.addStatement("int nonZero = 0")
                .beginControlFlow("for (int j = 0; j < $L && nonZero < $L; j++)", size, enough)
                .beginControlFlow("if ($L[j] != 0.0)", row)
                .addStatement("nonZero++")
                .endControlFlow()
                .endControlFlow()
                .addStatement("boolean dense = nonZero >= $L", enough);
    }

    /** dst[ob + f] += Σ src[xb + c] · K[kb + c][f] over taps and channels: the sparse gather of forward and tangent rows. */
    private void gather(CodeBlock.Builder code, String src, String dst, boolean withBias) {
        openOutputLoops(code);
        code.beginControlFlow("for (int f = 0; f < $L; f++)", filters)
                .addStatement("$L[ob + f] = $L", dst, withBias ? biasField() + "[f]" : "0.0")
                .endControlFlow();
        openTapLoops(code);
        code.beginControlFlow("for (int c = 0; c < $L; c++)", channels)
                .addStatement("double v = $L[xb + c]", src)
                .beginControlFlow("if (v == 0.0)")
                .addStatement("continue")
                .endControlFlow()
                .addStatement("double[] w = $L[kb + c]", kernelField())
                .beginControlFlow("for (int f = 0; f < $L; f++)", filters)
                .addStatement("$L[ob + f] += v * w[f]", dst)
                .endControlFlow()
                .endControlFlow();
        close(code, 2 * spatial().size());
    }

    @Override
    public CodeBlock forwardCode() {
        CodeBlock.Builder code = CodeBlock.builder()
                .add("// y[o, :] = $L + sum over taps inside the input and channels c of x[i, c] * K[tap, c, :]\n",
                        bias == null ? "0" : "b");
        Planes planes = planes();
        if (planes != null) {
            planarGather(code, planes, "x", "y", bias != null);
        } else {
            gather(code, "x", "y", bias != null);
        }
        return code.build();
    }

    @Override
    public CodeBlock tangentCode() {
        CodeBlock.Builder code = CodeBlock.builder()
                .add("// out[r] = the convolution of in[r] without bias (the layer is linear)\n")
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] src = in[r]")
                .addStatement("double[] dst = out[r]");
        Planes planes = planes();
        if (planes != null) {
            countNonZeros(code, "src", inputSize());
            code.beginControlFlow("if (dense)");
            planarGather(code, planes, "src", "dst", false);
            code.addStatement("continue").endControlFlow();
        }
        gather(code, "src", "dst", false);
        return code.endControlFlow().build();
    }

    @Override
    public CodeBlock cotangentCode() {
        int patch = rows.kernel() * cols.kernel() * channels;
        boolean unrolled = !paddingReached(rows) && !paddingReached(cols) && patch <= UNROLLED_SCATTER;
        boolean direct = unrolled && patch <= DIRECT_SCATTER;
        CodeBlock.Builder code = CodeBlock.builder();
        if (direct) {
            code.add("// out[r] = in[r]^T J: every g[o, f] != 0 adds g[o, f] * K^T[f] onto the input cells of o's taps.\n");
        } else {
            code.add("// out[r] = in[r]^T J. Per output position: patch = sum over filters f with g[o, f] != 0 of g[o, f] * K^T[f]\n")
                    .add("// (one axpy over all taps and channels), then the patch's taps inside the input are added onto x's positions.\n")
                    .addStatement("double[] p = $L", patchField());
        }
        code
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] g = in[r]")
                .addStatement("double[] dst = out[r]")
                .beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                .addStatement("dst[j] = 0.0")
                .endControlFlow();
        if (direct) {
            // a small kernel: each non-zero g[o, f] adds g[o, f] * K^T[f] straight onto x's positions, no patch
            openOutputLoops(code);
            code.addStatement("int xb = $L", firstTapCell())
                    .beginControlFlow("for (int f = 0; f < $L; f++)", filters)
                    .addStatement("double v = g[ob + f]")
                    .beginControlFlow("if (v == 0.0)")
                    .addStatement("continue")
                    .endControlFlow()
                    .addStatement("double[] w = $L[f]", kernelTField());
            scatterStatements(code, "v * w[$L]");
            code.endControlFlow();
            close(code, spatial().size());
            return code.endControlFlow().build();
        }
        openOutputLoops(code);
        code.addStatement("boolean any = false")
                .beginControlFlow("for (int f = 0; f < $L; f++)", filters)
                .addStatement("double v = g[ob + f]")
                .beginControlFlow("if (v == 0.0)")
                .addStatement("continue")
                .endControlFlow()
                .beginControlFlow("if (!any)")
                .beginControlFlow("for (int t = 0; t < $L; t++)", patch)
                .addStatement("p[t] = 0.0")
                .endControlFlow()
                .addStatement("any = true")
                .endControlFlow()
                .addStatement("double[] w = $L[f]", kernelTField())
                .beginControlFlow("for (int t = 0; t < $L; t++)", patch)
                .addStatement("p[t] += v * w[t]")
                .endControlFlow()
                .endControlFlow()
                .beginControlFlow("if (!any)")
                .addStatement("continue")
                .endControlFlow();
        if (unrolled) {
            // every tap lies inside the input: the patch is added at constant offsets from its first tap, no loops
            code.addStatement("int xb = $L", firstTapCell());
            scatterStatements(code, "p[$L]");
            close(code, spatial().size());
            return code.endControlFlow().build();
        }
        openTapLoops(code);
        code.beginControlFlow("for (int c = 0; c < $L; c++)", channels)
                .addStatement("dst[xb + c] += p[kb + c]")
                .endControlFlow();
        close(code, 2 * spatial().size());
        return code.endControlFlow().build();
    }

    /** Kernels of up to this many taps and channels scatter each non-zero upstream value directly, without a patch. */
    private static final int DIRECT_SCATTER = 16;

    /** The input cell, channels last, of the current output position's first tap, when no tap reaches the padding. */
    private String firstTapCell() {
        String first = (rows.isTrivial() ? "" : "oy * " + rows.stride() * cols.in() + " + ") + "ox" + times(cols.stride());
        return channels == 1 ? first : "(" + first + ")" + times(channels);
    }

    /** {@code dst[xb + offset(t)] += <term with t>} for every tap and channel t of the patch, at constant offsets. */
    private void scatterStatements(CodeBlock.Builder code, String term) {
        for (int ky = 0; ky < rows.kernel(); ky++) {
            for (int kx = 0; kx < cols.kernel(); kx++) {
                for (int c = 0; c < channels; c++) {
                    int t = (ky * cols.kernel() + kx) * channels + c;
                    int offset = (ky * rows.dilation() * cols.in() + kx * cols.dilation()) * channels + c;
                    code.addStatement("dst[xb$L] += " + term, offset == 0 ? "" : " + " + offset, t);
                }
            }
        }
    }

    /** Patches up to this many values are scattered by unrolled statements when no tap can fall in the padding. */
    private static final int UNROLLED_SCATTER = 128;

    /** {@code " * k"}, or nothing when k is 1. */
    private static String times(int k) {
        return k == 1 ? "" : " * " + k;
    }

    /** Whether some output's tap on this axis falls in the padding (before or after the input). */
    private static boolean paddingReached(ConvAxis axis) {
        return axis.inputIndex(0, 0) < 0 || axis.inputIndex(axis.out() - 1, axis.kernel() - 1) >= axis.in();
    }

    /**
     * E.g. {@code 3x3 kernel, strides 2x2, same padding, dilation 2x2, no bias} ({@code kernel 3, stride 1, ...}
     * in 1-D); a dilation of 1 is not mentioned.
     */
    protected final String geometry(boolean twoDimensional) {
        String kernelText = twoDimensional ? rows.kernel() + "x" + cols.kernel() + " kernel" : "kernel " + cols.kernel();
        String strides = twoDimensional ? "strides " + rows.stride() + "x" + cols.stride() : "stride " + cols.stride();
        boolean dilated = rows.dilation() > 1 || cols.dilation() > 1;
        String dilation = !dilated ? "" : twoDimensional ? ", dilation " + rows.dilation() + "x" + cols.dilation()
                : ", dilation " + cols.dilation();
        return kernelText + ", " + strides + ", " + cols.padding().specName() + " padding" + dilation
                + (bias == null ? ", no bias" : "");
    }
}
