package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import java.util.Arrays;

/**
 * Average pooling, 1D ([steps, C]) or 2D ([H, W, C]): each output is the mean of the real cells of its
 * window, per channel (windows and padding in {@link PoolGeometry}). With "same" padding a window on the
 * border divides by its number of real cells, not by the pool size, as TensorFlow does.
 *
 * <p>Derivative: the layer is linear with fixed weights, ∂y_o/∂x_i = 1/count(o) for every real cell i of
 * o's window. count(o) = (h1 - h0)·(w1 - w0) comes from the window's clamped bounds, which generated code
 * computes from constants, so no weight array is needed. A tangent row sums each window scaled by
 * 1/count; a cotangent row spreads each output's value, scaled by 1/count, over its window. Both are axpy
 * loops over the contiguous channel axis.
 */
public final class AveragePooling extends WindowPooling {

    public AveragePooling(String id, int[] inputShape, PoolGeometry geometry) {
        super(id, inputShape, geometry, "average_pooling");
    }

    // ---- Reference math ----

    /** The number of real (non-padded) cells in the window of output row oh and column ow. */
    int count(int oh, int ow) {
        return (g.rowEnd(oh) - g.rowStart(oh)) * (g.colEnd(ow) - g.colStart(ow));
    }

    @Override
    public void forward(double[] x, double[] y) {
        for (int oh = 0; oh < g.outHeight(); oh++) {
            for (int ow = 0; ow < g.outWidth(); ow++) {
                for (int c = 0; c < g.channels(); c++) {
                    double sum = 0.0;
                    for (int h = g.rowStart(oh); h < g.rowEnd(oh); h++) {
                        for (int w = g.colStart(ow); w < g.colEnd(ow); w++) {
                            sum += x[g.inputIndex(h, w, c)];
                        }
                    }
                    y[g.outputIndex(oh, ow, c)] = sum / count(oh, ow);
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
                    for (int h = g.rowStart(oh); h < g.rowEnd(oh); h++) {
                        for (int w = g.colStart(ow); w < g.colEnd(ow); w++) {
                            jac[g.outputIndex(oh, ow, c)][g.inputIndex(h, w, c)] = 1.0 / count(oh, ow);
                        }
                    }
                }
            }
        }
        return jac;
    }

    // ---- Cost ----

    /** One multiply-add per window cell per output (border windows have fewer; this is the upper bound). */
    @Override
    public long rowCost() {
        return (long) outputSize() * g.poolHeight() * g.poolWidth();
    }

    @Override
    public long forwardCost() {
        return rowCost();
    }

    // ---- Generated code ----

    /** Declares {@code count} and {@code scale = 1 / count} for the current window. */
    private CodeBlock windowScale() {
        return CodeBlock.builder()
                .addStatement("double count = (h1 - h0) * (w1 - w0)")
                .addStatement("double scale = 1.0 / count")
                .build();
    }

    @Override
    public CodeBlock forwardCode() {
        return CodeBlock.builder()
                .add("// y = the mean of the real cells of each window, per channel\n")
                .add(g.beginWindows())
                .addStatement("$T.fill(y, p, p + $L, 0.0)", Arrays.class, g.channels())
                .add(g.beginCells())
                .beginControlFlow("for (int c = 0; c < $L; c++)", g.channels())
                .addStatement("y[p + c] += x[i + c]")
                .endControlFlow()
                .add(g.endCells())
                .addStatement("double count = (h1 - h0) * (w1 - w0)")
                .beginControlFlow("for (int c = 0; c < $L; c++)", g.channels())
                .addStatement("y[p + c] /= count")
                .endControlFlow()
                .add(g.endWindows())
                .build();
    }

    @Override
    public CodeBlock tangentCode() {
        return CodeBlock.builder()
                .add("// out[r][o] = sum of in[r] over o's window / count(o)\n")
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]")
                .add(g.beginWindows())
                .add(windowScale())
                .addStatement("$T.fill(o, p, p + $L, 0.0)", Arrays.class, g.channels())
                .add(g.beginCells())
                .beginControlFlow("for (int c = 0; c < $L; c++)", g.channels())
                .addStatement("o[p + c] += scale * a[i + c]")
                .endControlFlow()
                .add(g.endCells())
                .add(g.endWindows())
                .endControlFlow()
                .build();
    }

    @Override
    public CodeBlock cotangentCode() {
        return CodeBlock.builder()
                .add("// out[r][i] = sum over the windows o holding i of in[r][o] / count(o): scatter-add onto zeros\n")
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]")
                .addStatement("$T.fill(o, 0, $L, 0.0)", Arrays.class, inputSize())
                .add(g.beginWindows())
                .add(windowScale())
                .add(g.beginCells())
                .beginControlFlow("for (int c = 0; c < $L; c++)", g.channels())
                .addStatement("o[i + c] += scale * a[p + c]")
                .endControlFlow()
                .add(g.endCells())
                .add(g.endWindows())
                .endControlFlow()
                .build();
    }
}
