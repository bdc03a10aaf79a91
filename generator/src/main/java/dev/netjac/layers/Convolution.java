package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.weights.Tensor;
import java.util.Optional;

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
 * transpose. Generated code never forms this sparse matrix. This class keeps the math, the cost and the
 * choice of strategy; each strategy writes its code in its own class:
 * <ul>
 *   <li>{@link PlanarGather}: forward and dense tangent rows on zero-padded channel planes, one loop over the
 *       whole output plane per (filter, channel) summing up to nine taps at constant offsets that are
 *       multiples of the vector width, so C2 vectorizes it;</li>
 *   <li>{@link SparseGather}: tangent rows with fewer than one non-zero value in {@link #SPARSE_FRACTION}
 *       (one-hot seeds), and the forward pass where planes would be too large: an axpy of the kernel row
 *       K[ky, kx, c, :] per non-zero input value;</li>
 *   <li>{@link ConvScatter}: cotangent rows, skipping zero upstream values (after a ReLU and max pooling most
 *       are zero), directly for small kernels or through a scratch patch.</li>
 * </ul>
 * {@link ConvCode} holds the field names and loop shapes they share. The kernel is handed to the generated
 * class reshaped to (KH·KW·C, F) — the same values in the same order — as row arrays (one per tap and
 * channel) and as a transposed copy (one row per filter).
 *
 * <p>Figures quoted below are from docs/benchmarks.md, "Convolution kernels (branch convperf)", and
 * docs/layers-conv.md, on the {@code cnn} sample (28×28×1 → conv 3×3×8 → max pool → conv 3×3×16 → dense 10).
 */
public abstract class Convolution extends Layer {
    // ---- tuning constants, all in one place ----

    /**
     * Plane rows are a multiple of this many cells (one 512-bit vector of doubles) when strides are 1, and
     * shifted plane copies put every tap at a multiple of it. Measured: with unshifted planes (offsets of 1 or
     * 2 cells) the cnn forward pass took 69 µs against 34 µs; a stand-alone nine-tap loop over 826 cells,
     * 12.8 µs against 4.5 µs.
     */
    static final int ALIGN = 8;

    /**
     * Taps summed in one planar loop body: a 3×3 kernel's nine, few enough that the weights stay in
     * registers. Measured: the nine taps written out took 4.5 µs against 12.5 µs for the same work as a loop
     * over kernel rows at a variable row offset; fewer taps per loop was not measured with aligned planes.
     */
    static final int TAPS_PER_LOOP = 9;

    /**
     * Planar kernels with more taps than this keep a loop over taps (correct, not vectorized: its offsets are
     * variables). Not measured: a bound on the unrolled statements per method, far under the JIT limit.
     */
    static final int UNROLLED_TAPS = 64;

    /**
     * Planes may hold at most this many times the input's cells (rows · (cols + ALIGN)), plus
     * {@link #PLANE_SLACK}; larger padding and dilation take the sparse gather. Not measured: a memory bound
     * ("a plane more than about twice the image", layers-conv.md).
     */
    static final int PLANE_GROWTH = 2;

    /** Cells allowed on top of {@link #PLANE_GROWTH} so that small images always take the planes. */
    static final int PLANE_SLACK = 1024;

    /** At most this many scratch cells (128 MB of doubles) for the planes of one layer. Not measured: a memory bound. */
    static final long MAX_PLANE_CELLS = 1 << 24;

    /**
     * Tangent rows with fewer than one non-zero value in this many take the sparse gather, which skips zeros
     * one by one, instead of the planes. Measured: jvp's one-hot seed (1 in 784) takes the gather and jvp went
     * 116 → 71 µs with the forward pass; the threshold itself was not tuned between one-hot and dense rows.
     */
    static final int SPARSE_FRACTION = 8;

    /**
     * Kernels of up to this many taps × channels scatter each non-zero upstream value directly, without a
     * patch. Measured: the direct scatter for the first cnn convolution (9) took forward + Jacobian
     * ~215 → ~195 µs; for the second (72) it was 198 against 198 µs, no gain, so larger kernels keep the patch.
     */
    static final int DIRECT_SCATTER = 16;

    /**
     * Patches up to this many values are added by unrolled statements when no tap can fall in the padding.
     * Not measured separately: a bound on the statements per method (~15 bytes each), far under the JIT limit.
     */
    static final int UNROLLED_SCATTER = 128;

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

    // ---- generated code: the strategy for each rule; the strategies' code is in their own classes ----

    private ConvCode code() {
        return new ConvCode(id(), rows, cols, channels, filters);
    }

    /**
     * The planar gather, unless padding and dilation would make its planes much larger than the input
     * ({@link #PLANE_GROWTH}, {@link #PLANE_SLACK}) or its scratch too large ({@link #MAX_PLANE_CELLS}).
     */
    private Optional<PlanarGather> planar() {
        ConvCode c = code();
        PlanarGather.Size size = PlanarGather.size(c);
        long cells = (long) rows.in() * (cols.in() + ALIGN);
        if (size.plane() > PLANE_GROWTH * cells + PLANE_SLACK
                || size.plane() * Math.max(size.inPlanes(), filters) > MAX_PLANE_CELLS) {
            return Optional.empty();
        }
        return Optional.of(new PlanarGather(c, size));
    }

    @Override
    public void declare(Members members) {
        ConvCode c = code();
        members.weightRows(c.kernelField(), id() + ".kernel", kernel);
        members.weightRowsTransposed(c.kernelTField(), id() + ".kernel", kernel);
        if (bias != null) {
            members.weightVector(c.biasField(), id() + ".bias", bias);
        }
        members.scratch(c.patchField(), c.patchSize());
        Optional<PlanarGather> planar = planar();
        if (planar.isPresent()) {
            members.scratchRows(c.inPlanesField(), planar.get().inPlanes(), planar.get().plane());
            members.scratchRows(c.outPlanesField(), filters, planar.get().outPlane());
        }
    }

    /** Planar where the planes fit, else the sparse gather. */
    @Override
    public CodeBlock forwardCode() {
        CodeBlock.Builder code = CodeBlock.builder()
                .add("// y[o, :] = $L + sum over taps inside the input and channels c of x[i, c] * K[tap, c, :]\n",
                        bias == null ? "0" : "b");
        Optional<PlanarGather> planar = planar();
        if (planar.isPresent()) {
            planar.get().write(code, "x", "y", bias != null);
        } else {
            new SparseGather(code()).write(code, "x", "y", bias != null);
        }
        return code.build();
    }

    /** Per row: planar when at least one value in {@link #SPARSE_FRACTION} is non-zero and the planes fit, else sparse. */
    @Override
    public CodeBlock tangentCode() {
        CodeBlock.Builder code = CodeBlock.builder()
                .add("// out[r] = the convolution of in[r] without bias (the layer is linear)\n")
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] src = in[r]")
                .addStatement("double[] dst = out[r]");
        Optional<PlanarGather> planar = planar();
        if (planar.isPresent()) {
            SparseGather.countNonZeros(code, "src", inputSize());
            code.beginControlFlow("if (dense)");
            planar.get().write(code, "src", "dst", false);
            code.addStatement("continue").endControlFlow();
        }
        new SparseGather(code()).write(code, "src", "dst", false);
        return code.endControlFlow().build();
    }

    /** Direct for small kernels, an unrolled patch for mid-sized ones, patch loops where taps reach the padding. */
    @Override
    public CodeBlock cotangentCode() {
        int patch = code().patchSize();
        boolean unrolled = !ConvCode.paddingReached(rows) && !ConvCode.paddingReached(cols) && patch <= UNROLLED_SCATTER;
        ConvScatter.Variant variant = !unrolled ? ConvScatter.Variant.PATCH_LOOPS
                : patch <= DIRECT_SCATTER ? ConvScatter.Variant.DIRECT : ConvScatter.Variant.PATCH_UNROLLED;
        return new ConvScatter(code()).write(variant);
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
