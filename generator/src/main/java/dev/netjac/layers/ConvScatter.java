package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;

/**
 * A convolution's cotangent rows, out[r] = in[r]ᵀ·J: a scatter onto the input that skips zero upstream values
 * (after a ReLU and max pooling most are zero). {@link Convolution} picks the variant.
 */
final class ConvScatter {
    /** How the non-zero filters of one output position reach the input cells. */
    enum Variant {
        /** Each non-zero g[o, f] adds g[o, f]·Kᵀ[f] straight onto the input cells, unrolled: small kernels, no tap in the padding. */
        DIRECT,
        /** The non-zero filters' g·Kᵀ[f] summed into a patch, added by unrolled statements: no tap in the padding. */
        PATCH_UNROLLED,
        /** The same patch, added by tap loops with bounds tests. */
        PATCH_LOOPS
    }

    private final ConvCode c;

    ConvScatter(ConvCode c) {
        this.c = c;
    }

    CodeBlock write(Variant variant) {
        CodeBlock.Builder code = CodeBlock.builder();
        if (variant == Variant.DIRECT) {
            code.add("// out[r] = in[r]^T J: every g[o, f] != 0 adds g[o, f] * K^T[f] onto the input cells of o's taps.\n");
        } else {
            code.add("// out[r] = in[r]^T J. Per output position: patch = sum over filters f with g[o, f] != 0 of g[o, f] * K^T[f]\n")
                    .add("// (one axpy over all taps and channels), then the patch's taps inside the input are added onto x's positions.\n")
                    .addStatement("double[] p = $L", c.patchField());
        }
        code.beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] g = in[r]")
                .addStatement("double[] dst = out[r]")
                .beginControlFlow("for (int j = 0; j < $L; j++)", c.rows.in() * c.cols.in() * c.channels)
                .addStatement("dst[j] = 0.0")
                .endControlFlow();
        c.openOutputLoops(code);
        if (variant == Variant.DIRECT) {
            direct(code);
        } else {
            patch(code, variant);
        }
        return code.endControlFlow().build();
    }

    /** Inside the output loops: each non-zero g[o, f] adds g[o, f] * K^T[f] straight onto x's positions. */
    private void direct(CodeBlock.Builder code) {
        code.addStatement("int xb = $L", firstTapCell())
                .beginControlFlow("for (int f = 0; f < $L; f++)", c.filters)
                .addStatement("double v = g[ob + f]")
                .beginControlFlow("if (v == 0.0)")
                .addStatement("continue")
                .endControlFlow()
                .addStatement("double[] w = $L[f]", c.kernelTField());
        scatterStatements(code, "v * w[$L]");
        code.endControlFlow();
        ConvCode.close(code, c.spatialLoops());
    }

    /** Inside the output loops: the patch of the non-zero filters, then the patch onto x's positions. */
    private void patch(CodeBlock.Builder code, Variant variant) {
        int patch = c.patchSize();
        code.addStatement("boolean any = false")
                .beginControlFlow("for (int f = 0; f < $L; f++)", c.filters)
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
                .addStatement("double[] w = $L[f]", c.kernelTField())
                .beginControlFlow("for (int t = 0; t < $L; t++)", patch)
                .addStatement("p[t] += v * w[t]")
                .endControlFlow()
                .endControlFlow()
                .beginControlFlow("if (!any)")
                .addStatement("continue")
                .endControlFlow();
        if (variant == Variant.PATCH_UNROLLED) {
            // every tap lies inside the input: the patch is added at constant offsets from its first tap, no loops
            code.addStatement("int xb = $L", firstTapCell());
            scatterStatements(code, "p[$L]");
            ConvCode.close(code, c.spatialLoops());
            return;
        }
        c.openTapLoops(code);
        code.beginControlFlow("for (int c = 0; c < $L; c++)", c.channels)
                .addStatement("dst[xb + c] += p[kb + c]")
                .endControlFlow();
        ConvCode.close(code, 2 * c.spatialLoops());
    }

    /** The input cell, channels last, of the current output position's first tap, when no tap reaches the padding. */
    private String firstTapCell() {
        String first = (c.rows.isTrivial() ? "" : "oy * " + c.rows.stride() * c.cols.in() + " + ") + "ox"
                + ConvCode.times(c.cols.stride());
        return c.channels == 1 ? first : "(" + first + ")" + ConvCode.times(c.channels);
    }

    /** {@code dst[xb + offset(t)] += <term with t>} for every tap and channel t of the patch, at constant offsets. */
    private void scatterStatements(CodeBlock.Builder code, String term) {
        for (int ky = 0; ky < c.rows.kernel(); ky++) {
            for (int kx = 0; kx < c.cols.kernel(); kx++) {
                for (int ch = 0; ch < c.channels; ch++) {
                    int t = (ky * c.cols.kernel() + kx) * c.channels + ch;
                    int offset = (ky * c.rows.dilation() * c.cols.in() + kx * c.cols.dilation()) * c.channels + ch;
                    code.addStatement("dst[xb$L] += " + term, offset == 0 ? "" : " + " + offset, t);
                }
            }
        }
    }
}
