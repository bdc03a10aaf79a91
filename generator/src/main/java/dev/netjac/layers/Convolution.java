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
 *   <li>forward and tangent rows gather: for each output position and each tap inside the input, for each
 *       input channel c, an axpy of the kernel row K[ky, kx, c, :] (contiguous over filters) into the output's
 *       filters; zero input values (ReLU outputs, one-hot seeds) are skipped;</li>
 *   <li>cotangent rows scatter: for each output position, the filters f whose upstream value is non-zero
 *       (after a ReLU many are zero) add g·Kᵀ[f] — a transposed kernel row, contiguous over all KH·KW·C taps and
 *       channels, so one long axpy even when C = 1 — into a scratch patch; the patch's taps that lie inside the
 *       input are then added onto their input positions. A position whose upstream values are all zero is
 *       skipped.</li>
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

    private String gradPlanesField() {
        return id() + "GradPlanes";
    }

    private String backPlanesField() {
        return id() + "BackPlanes";
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
            members.scratch(inPlanesField(), channels * planes.plane());
            members.scratch(outPlanesField(), filters * planes.outPlane());
            if (planes.wrapped()) {
                members.scratch(gradPlanesField(), filters * (planes.margin() + planes.plane()));
                members.scratch(backPlanesField(), channels * planes.plane());
            }
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
     * accumulated in one plane per filter with rows {@code outRow} apart: with strides 1 ({@code wrapped}) that
     * is {@code width}, so output cell q = oy·width + ox reads input cell q + (ky·dy·width + kx·dx) and a whole
     * tap over the whole image is one loop over q (the width − out columns in between are computed and
     * dropped); with larger strides it is the output width, one loop per output row. {@code margin} is the
     * largest tap offset, the zeros before a gradient plane in the transposed (cotangent) gather.
     */
    private record Planes(int width, int height, int outRow, int outPlane, boolean wrapped, int margin) {
        int plane() {
            return width * height;
        }
    }

    /** The planar layout, or null when padding and dilation would make the planes much larger than the input. */
    private Planes planes() {
        long width = Math.max((long) cols.in() + cols.padBefore(), (cols.out() - 1L) * cols.stride() + cols.extent());
        long height = Math.max((long) rows.in() + rows.padBefore(), (rows.out() - 1L) * rows.stride() + rows.extent());
        long cells = (long) rows.in() * cols.in();
        if (width * height > 2 * cells + 1024 || width * height * Math.max(channels, filters) > (1 << 24)) {
            return null;
        }
        int w = (int) width;
        int h = (int) height;
        boolean wrapped = rows.stride() == 1 && cols.stride() == 1;
        int outRow = wrapped ? w : cols.out();
        int outPlane = (rows.out() - 1) * outRow + cols.out();
        int margin = (rows.kernel() - 1) * rows.dilation() * w + (cols.kernel() - 1) * cols.dilation();
        return new Planes(w, h, outRow, outPlane, wrapped, margin);
    }

    /** Taps of one kernel row written out as terms of one loop body; wider kernel rows loop over their taps. */
    private static final int UNROLLED_TAPS = 8;

    /** Opens {@code for (int ky ...)} unless the kernel has one row (1-D), and returns the expression of ky. */
    private String openKernelRows(CodeBlock.Builder code) {
        if (rows.kernel() == 1) {
            return "0";
        }
        code.beginControlFlow("for (int ky = 0; ky < $L; ky++)", rows.kernel());
        return "ky";
    }

    private void closeKernelRows(CodeBlock.Builder code) {
        if (rows.kernel() > 1) {
            code.endControlFlow();
        }
    }

    /**
     * {@code dst[d + j] += Σ_kx w_kx · src[s + j ± kx·dx]} for j in [from, to): one kernel row's taps for one
     * channel and filter, with {@code kb} the kernel row of tap (ky, 0) and channel c; minus for the transposed gather.
     */
    private void kernelRowLoop(CodeBlock.Builder code, String dst, String d, String src, String s, int from, int to, boolean transposed) {
        int dx = cols.dilation();
        String sign = transposed ? " - " : " + ";
        if (cols.kernel() <= UNROLLED_TAPS) {
            StringBuilder sum = new StringBuilder();
            for (int kx = 0; kx < cols.kernel(); kx++) {
                code.addStatement("double w$L = $L[kb$L][f]", kx, kernelField(), kx == 0 ? "" : " + " + kx * channels);
                sum.append(kx == 0 ? "" : " + ").append("w").append(kx).append(" * ").append(src).append("[").append(s).append(" + j")
                        .append(kx == 0 ? "" : sign + kx * dx).append("]");
            }
            code.beginControlFlow("for (int j = $L; j < $L; j++)", from, to)
                    .addStatement("$L[$L + j] += $L", dst, d, sum)
                    .endControlFlow();
        } else {
            code.beginControlFlow("for (int kx = 0; kx < $L; kx++)", cols.kernel())
                    .addStatement("double w = $L[kb + kx * $L][f]", kernelField(), channels)
                    .addStatement("int sk = $L$Lkx * $L", s, sign, dx)
                    .beginControlFlow("for (int j = $L; j < $L; j++)", from, to)
                    .addStatement("$L[$L + j] += w * $L[sk + j]", dst, d, src)
                    .endControlFlow()
                    .endControlFlow();
        }
    }

    /**
     * The planar gather of forward and tangent rows: src (channels last) into zero-padded channel planes; per
     * filter, channel and kernel row, one loop over the whole output plane (or over each output row when
     * strided) adding that kernel row's taps; the filter planes back into dst, channels last, plus the bias.
     */
    private void planarGather(CodeBlock.Builder code, Planes pl, String src, String dst, boolean withBias) {
        int c = channels;
        code.addStatement("double[] xp = $L", inPlanesField())
                .addStatement("double[] yp = $L", outPlanesField())
                .add("// $L -> xp: one zero-padded plane of $L x $L per channel (the padding is never written)\n", src,
                        pl.height(), pl.width());
        code.beginControlFlow("for (int iy = 0; iy < $L; iy++)", rows.in());
        if (c == 1) {
            code.addStatement("$T.arraycopy($L, iy * $L, xp, $L, $L)", System.class, src, cols.in(),
                    planeCell(pl, "iy", null), cols.in());
        } else {
            code.beginControlFlow("for (int ix = 0; ix < $L; ix++)", cols.in())
                    .addStatement("int s = (iy * $L + ix) * $L", cols.in(), c)
                    .addStatement("int t = $L", planeCell(pl, "iy", "ix"))
                    .beginControlFlow("for (int c = 0; c < $L; c++)", c)
                    .addStatement("xp[c * $L + t] = $L[s + c]", pl.plane(), src)
                    .endControlFlow()
                    .endControlFlow();
        }
        code.endControlFlow();
        code.add("// yp[f] = sum over channels c and taps (ky, kx) of K[ky, kx, c, f] * (xp[c] shifted by the tap)\n")
                .beginControlFlow("for (int f = 0; f < $L; f++)", filters)
                .addStatement("int yo = f * $L", pl.outPlane())
                .beginControlFlow("for (int j = 0; j < $L; j++)", pl.outPlane())
                .addStatement("yp[yo + j] = 0.0")
                .endControlFlow()
                .beginControlFlow("for (int c = 0; c < $L; c++)", c);
        String ky = openKernelRows(code);
        code.addStatement("int kb = $L", rows.kernel() == 1 ? "c" : ky + " * " + cols.kernel() * c + " + c");
        String rowOffset = rows.kernel() == 1 ? "" : " + " + ky + " * " + rows.dilation() * pl.width();
        if (pl.wrapped()) {
            code.addStatement("int xo = c * $L$L", pl.plane(), rowOffset);
            kernelRowLoop(code, "yp", "yo", "xp", "xo", 0, pl.outPlane(), false);
        } else {
            code.beginControlFlow("for (int oy = 0; oy < $L; oy++)", rows.out())
                    .addStatement("int xo = c * $L$L + oy * $L", pl.plane(), rowOffset, rows.stride() * pl.width())
                    .addStatement("int yr = yo + oy * $L", pl.outRow());
            if (cols.stride() == 1) {
                kernelRowLoop(code, "yp", "yr", "xp", "xo", 0, cols.out(), false);
            } else {
                // strided columns: the same taps, read every stride-th cell
                code.beginControlFlow("for (int kx = 0; kx < $L; kx++)", cols.kernel())
                        .addStatement("double w = $L[kb + kx * $L][f]", kernelField(), c)
                        .addStatement("int sk = xo + kx * $L", cols.dilation())
                        .beginControlFlow("for (int j = 0; j < $L; j++)", cols.out())
                        .addStatement("yp[yr + j] += w * xp[sk + j * $L]", cols.stride())
                        .endControlFlow()
                        .endControlFlow();
            }
            code.endControlFlow();
        }
        closeKernelRows(code);
        code.endControlFlow().endControlFlow();
        code.add("// yp -> $L, channels last$L\n", dst, withBias ? ", plus the bias" : "")
                .beginControlFlow("for (int oy = 0; oy < $L; oy++)", rows.out())
                .beginControlFlow("for (int ox = 0; ox < $L; ox++)", cols.out())
                .addStatement("int o = (oy * $L + ox) * $L", cols.out(), filters)
                .addStatement("int q = oy * $L + ox", pl.outRow())
                .beginControlFlow("for (int f = 0; f < $L; f++)", filters)
                .addStatement("$L[o + f] = $Lyp[f * $L + q]", dst, withBias ? biasField() + "[f] + " : "", pl.outPlane())
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
     * The planar transposed gather of cotangent rows (strides 1): g (channels last) into one plane per filter
     * laid out as the output planes of the forward pass, after {@code margin} zeros and with zeros in the
     * dropped columns (only real output cells are ever written); then input plane cell j of channel c
     * receives Σ_{f, ky, kx} K[ky, kx, c, f] · gp[f][j − (ky·dy·width + kx·dx)], one loop over the input plane
     * per channel, filter and kernel row; then the real cells go back to dst, channels last.
     */
    private void planarTransposedGather(CodeBlock.Builder code, Planes pl) {
        int gradPlane = pl.margin() + pl.plane();
        int from = offset(rows.padBefore(), pl.width(), cols.padBefore());
        int to = offset(rows.padBefore() + rows.in() - 1, pl.width(), cols.padBefore() + cols.in());
        code.add("// g -> gp: one plane per filter, real output cells only\n")
                .beginControlFlow("for (int oy = 0; oy < $L; oy++)", rows.out())
                .beginControlFlow("for (int ox = 0; ox < $L; ox++)", cols.out())
                .addStatement("int o = (oy * $L + ox) * $L", cols.out(), filters)
                .addStatement("int q = $L + oy * $L + ox", pl.margin(), pl.width())
                .beginControlFlow("for (int f = 0; f < $L; f++)", filters)
                .addStatement("gp[f * $L + q] = g[o + f]", gradPlane)
                .endControlFlow()
                .endControlFlow()
                .endControlFlow();
        code.add("// bp[c] = sum over filters f and taps (ky, kx) of K[ky, kx, c, f] * (gp[f] shifted back by the tap)\n")
                .beginControlFlow("for (int c = 0; c < $L; c++)", channels)
                .addStatement("int bo = c * $L", pl.plane())
                .beginControlFlow("for (int j = $L; j < $L; j++)", from, to)
                .addStatement("bp[bo + j] = 0.0")
                .endControlFlow()
                .beginControlFlow("for (int f = 0; f < $L; f++)", filters);
        String ky = openKernelRows(code);
        code.addStatement("int kb = $L", rows.kernel() == 1 ? "c" : ky + " * " + cols.kernel() * channels + " + c")
                .addStatement("int go = f * $L + $L$L", gradPlane, pl.margin(),
                        rows.kernel() == 1 ? "" : " - " + ky + " * " + rows.dilation() * pl.width());
        kernelRowLoop(code, "bp", "bo", "gp", "go", from, to, true);
        closeKernelRows(code);
        code.endControlFlow().endControlFlow();
        code.add("// bp -> dst, real input cells only\n")
                .beginControlFlow("for (int iy = 0; iy < $L; iy++)", rows.in())
                .beginControlFlow("for (int ix = 0; ix < $L; ix++)", cols.in())
                .addStatement("int s = (iy * $L + ix) * $L", cols.in(), channels)
                .addStatement("int t = $L", planeCell(pl, "iy", "ix"))
                .beginControlFlow("for (int c = 0; c < $L; c++)", channels)
                .addStatement("dst[s + c] = bp[c * $L + t]", pl.plane())
                .endControlFlow()
                .endControlFlow()
                .endControlFlow();
    }

    private static int offset(int row, int width, int col) {
        return row * width + col;
    }

    /**
     * Rows with fewer than one non-zero value in {@value #SPARSE_FRACTION} take the sparse path, which skips zeros
     * one by one (one-hot seeds, strongly pooled cotangents); denser rows take the planar one.
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
        Planes planes = planes();
        boolean planar = planes != null && planes.wrapped();
        CodeBlock.Builder code = CodeBlock.builder()
                .add("// out[r] = in[r]^T J. Per output position: patch = sum over filters f with g[o, f] != 0 of g[o, f] * K^T[f]\n")
                .add("// (one axpy over all taps and channels), then the patch's taps inside the input are added onto x's positions.\n")
                .addStatement("double[] p = $L", patchField());
        if (planar) {
            code.add("// Rows with many non-zero values take the planar transposed gather instead.\n")
                    .addStatement("double[] gp = $L", gradPlanesField())
                    .addStatement("double[] bp = $L", backPlanesField());
        }
        code.beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] g = in[r]")
                .addStatement("double[] dst = out[r]");
        if (planar) {
            countNonZeros(code, "g", outputSize());
            code.beginControlFlow("if (dense)");
            planarTransposedGather(code, planes);
            code.addStatement("continue").endControlFlow();
        }
        code.beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                .addStatement("dst[j] = 0.0")
                .endControlFlow();
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
        openTapLoops(code);
        code.beginControlFlow("for (int c = 0; c < $L; c++)", channels)
                .addStatement("dst[xb + c] += p[kb + c]")
                .endControlFlow();
        close(code, 2 * spatial().size());
        return code.endControlFlow().build();
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
