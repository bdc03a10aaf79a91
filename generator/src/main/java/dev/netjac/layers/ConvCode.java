package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import java.util.List;

/**
 * What every code strategy of one {@link Convolution} writes with: its sizes, the names of its fields in the
 * generated class, and the loop shapes the gathers and scatters share (output positions, taps inside the
 * input).
 */
final class ConvCode {
    final String id;
    final ConvAxis rows;
    final ConvAxis cols;
    final int channels;
    final int filters;

    ConvCode(String id, ConvAxis rows, ConvAxis cols, int channels, int filters) {
        this.id = id;
        this.rows = rows;
        this.cols = cols;
        this.channels = channels;
        this.filters = filters;
    }

    // ---- field names ----

    /** The kernel as (KH·KW·C) rows of F values. */
    String kernelField() {
        return id + "Kernel";
    }

    /** The kernel transposed: F rows of KH·KW·C values. */
    String kernelTField() {
        return id + "KernelT";
    }

    String biasField() {
        return id + "Bias";
    }

    /** The cotangent scatter's patch of KH·KW·C values. */
    String patchField() {
        return id + "Patch";
    }

    String inPlanesField() {
        return id + "InPlanes";
    }

    String outPlanesField() {
        return id + "OutPlanes";
    }

    /** Taps times channels: the length of a transposed kernel row. */
    int patchSize() {
        return rows.kernel() * cols.kernel() * channels;
    }

    // ---- loops ----

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

    /** How many loops {@link #openOutputLoops} (or {@link #openTapLoops}) opens. */
    int spatialLoops() {
        return spatial().size();
    }

    /** The flat position {@code (<p>y * width + <p>x)}, or {@code <p>x} in 1-D, for prefix o (output), i (input) or k (tap). */
    private String position(String prefix, int width) {
        return rows.isTrivial() ? prefix + "x" : "(" + prefix + "y * " + width + " + " + prefix + "x)";
    }

    /** Opens the output position loops; inside, {@code ob} indexes the position's first filter. */
    void openOutputLoops(CodeBlock.Builder code) {
        for (Spatial a : spatial()) {
            code.beginControlFlow("for (int o$L = 0; o$L < $L; o$L++)", a.s(), a.s(), a.axis().out(), a.s());
        }
        code.addStatement("int ob = $L * $L", position("o", cols.out()), filters);
    }

    /** Opens the tap loops; inside, {@code xb} and {@code kb} index the input position and the tap's kernel rows. */
    void openTapLoops(CodeBlock.Builder code) {
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

    static void close(CodeBlock.Builder code, int loops) {
        for (int i = 0; i < loops; i++) {
            code.endControlFlow();
        }
    }

    /** Whether some output's tap on this axis falls in the padding (before or after the input). */
    static boolean paddingReached(ConvAxis axis) {
        return axis.inputIndex(0, 0) < 0 || axis.inputIndex(axis.out() - 1, axis.kernel() - 1) >= axis.in();
    }

    /** {@code " * k"}, or nothing when k is 1. */
    static String times(int k) {
        return k == 1 ? "" : " * " + k;
    }
}
