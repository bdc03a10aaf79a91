package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import java.util.Arrays;

/**
 * Max pooling, 1D ([steps, C]) or 2D ([H, W, C]): each output is the largest real cell of its window, per
 * channel (windows and padding in {@link PoolGeometry}; padded cells are ignored, never compared as zero).
 *
 * <p>Derivative: y_o = x_{a(o)} where a(o) is the window's argmax, so the Jacobian row of o is one 1 at
 * column a(o). Tie convention: when several cells share the maximum, the FIRST in row-major window scan
 * order (rows top to bottom, then columns left to right) gets the whole derivative, as TensorFlow's
 * max-pool gradient does. The derivative method records a(o) for every output in an int scratch; then a
 * tangent row is a gather, {@code out[o] = in[a(o)]}, and a cotangent row a scatter-add,
 * {@code out[a(o)] += in[o]} after zeroing, skipping zero multipliers. One operation per output either way.
 */
public final class MaxPooling extends WindowPooling {

    public MaxPooling(String id, int[] inputShape, PoolGeometry geometry) {
        super(id, inputShape, geometry, "max_pooling");
    }

    // ---- Reference math ----

    /** The input index of the window maximum of output (oh, ow, c): the first maximum in scan order. */
    int argmax(double[] x, int oh, int ow, int c) {
        int best = g.inputIndex(g.rowStart(oh), g.colStart(ow), c);
        for (int h = g.rowStart(oh); h < g.rowEnd(oh); h++) {
            for (int w = g.colStart(ow); w < g.colEnd(ow); w++) {
                int i = g.inputIndex(h, w, c);
                if (x[i] > x[best]) { // strictly greater: a later equal value does not take over
                    best = i;
                }
            }
        }
        return best;
    }

    @Override
    public void forward(double[] x, double[] y) {
        for (int oh = 0; oh < g.outHeight(); oh++) {
            for (int ow = 0; ow < g.outWidth(); ow++) {
                for (int c = 0; c < g.channels(); c++) {
                    y[g.outputIndex(oh, ow, c)] = x[argmax(x, oh, ow, c)];
                }
            }
        }
    }

    @Override
    public double[][] jacobian(double[] x, double[] y) {
        double[][] jac = new double[outputSize()][inputSize()];
        for (int oh = 0; oh < g.outHeight(); oh++) {
            for (int ow = 0; ow < g.outWidth(); ow++) {
                for (int c = 0; c < g.channels(); c++) {
                    jac[g.outputIndex(oh, ow, c)][argmax(x, oh, ow, c)] = 1.0;
                }
            }
        }
        return jac;
    }

    // ---- Cost ----

    /** A gather or a scatter of one value per output. */
    @Override
    public long rowCost() {
        return outputSize();
    }

    @Override
    public long forwardCost() {
        return (long) outputSize() * g.poolHeight() * g.poolWidth();
    }

    // ---- Generated code ----

    private String argmaxField() {
        return id() + "Argmax";
    }

    @Override
    public void declare(Members members) {
        members.intScratch(argmaxField(), outputSize());
    }

    /**
     * Channels innermost, so every pass runs over contiguous memory: the window's first cell starts the
     * running maximum, later cells replace it only when strictly greater.
     */
    @Override
    public CodeBlock forwardCode() {
        return CodeBlock.builder()
                .add("// y = the largest real cell of each window, per channel\n")
                .add(g.beginWindows())
                .addStatement("int first = (h0 * $L + w0) * $L", g.width(), g.channels())
                .addStatement("$T.arraycopy(x, first, y, p, $L)", System.class, g.channels())
                .add(g.beginCells())
                .beginControlFlow("for (int c = 0; c < $L; c++)", g.channels())
                .addStatement("double v = x[i + c]")
                .beginControlFlow("if (v > y[p + c])")
                .addStatement("y[p + c] = v")
                .endControlFlow()
                .endControlFlow()
                .add(g.endCells())
                .add(g.endWindows())
                .build();
    }

    /** The same scan, recording where each maximum is: the first one wins ties, as in TensorFlow. */
    @Override
    public boolean hasDerivative() {
        return true;
    }

    @Override
    public CodeBlock derivativeCode() {
        return CodeBlock.builder()
                .add("// argmax[o] = input index of output o's maximum; the first in row-major window order wins ties\n")
                .addStatement("int[] argmax = $L", argmaxField())
                .add(g.beginWindows())
                .addStatement("int first = (h0 * $L + w0) * $L", g.width(), g.channels())
                .beginControlFlow("for (int c = 0; c < $L; c++)", g.channels())
                .addStatement("argmax[p + c] = first + c")
                .endControlFlow()
                .add(g.beginCells())
                .beginControlFlow("for (int c = 0; c < $L; c++)", g.channels())
                .beginControlFlow("if (x[i + c] > x[argmax[p + c]])")
                .addStatement("argmax[p + c] = i + c")
                .endControlFlow()
                .endControlFlow()
                .add(g.endCells())
                .add(g.endWindows())
                .build();
    }

    @Override
    public CodeBlock tangentCode() {
        return CodeBlock.builder()
                .add("// out[r][o] = in[r][argmax[o]]: a gather\n")
                .addStatement("int[] argmax = $L", argmaxField())
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]")
                .beginControlFlow("for (int k = 0; k < $L; k++)", outputSize())
                .addStatement("o[k] = a[argmax[k]]")
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    @Override
    public CodeBlock cotangentCode() {
        return CodeBlock.builder()
                .add("// out[r][argmax[o]] += in[r][o]: a scatter-add onto zeros; zero multipliers skipped\n")
                .addStatement("int[] argmax = $L", argmaxField())
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]")
                .addStatement("$T.fill(o, 0, $L, 0.0)", Arrays.class, inputSize())
                .beginControlFlow("for (int k = 0; k < $L; k++)", outputSize())
                .addStatement("double gk = a[k]")
                .beginControlFlow("if (gk != 0.0)")
                .addStatement("o[argmax[k]] += gk")
                .endControlFlow()
                .endControlFlow()
                .endControlFlow()
                .build();
    }
}
