package dev.netjac.layers;

import static dev.netjac.layers.Convolution.SPARSE_FRACTION;

import com.palantir.javapoet.CodeBlock;

/**
 * The sparse gather of a convolution's forward and tangent rows: per output position and tap inside the
 * input, an axpy of the kernel row K[ky, kx, c, :] into the position's filters for every non-zero input value
 * x[i, c]. It skips zeros one by one, which pays for the one-hot seeds of forward mode, and it is the
 * fallback where planes would be too large.
 */
final class SparseGather {
    private final ConvCode c;

    SparseGather(ConvCode c) {
        this.c = c;
    }

    /**
     * Declares {@code boolean dense}: whether {@code row} has at least size / {@link Convolution#SPARSE_FRACTION}
     * non-zero values (the count stops there).
     */
    static void countNonZeros(CodeBlock.Builder code, String row, int size) {
        int enough = Math.max(1, size / SPARSE_FRACTION);
        code.addStatement("int nonZero = 0")
                .beginControlFlow("for (int j = 0; j < $L && nonZero < $L; j++)", size, enough)
                .beginControlFlow("if ($L[j] != 0.0)", row)
                .addStatement("nonZero++")
                .endControlFlow()
                .endControlFlow()
                .addStatement("boolean dense = nonZero >= $L", enough);
    }

    /** dst[ob + f] = (bias or 0) + Σ src[xb + c] · K[kb + c][f] over taps and channels. */
    void write(CodeBlock.Builder code, String src, String dst, boolean withBias) {
        c.openOutputLoops(code);
        code.beginControlFlow("for (int f = 0; f < $L; f++)", c.filters)
                .addStatement("$L[ob + f] = $L", dst, withBias ? c.biasField() + "[f]" : "0.0")
                .endControlFlow();
        c.openTapLoops(code);
        code.beginControlFlow("for (int c = 0; c < $L; c++)", c.channels)
                .addStatement("double v = $L[xb + c]", src)
                .beginControlFlow("if (v == 0.0)")
                .addStatement("continue")
                .endControlFlow()
                .addStatement("double[] w = $L[kb + c]", c.kernelField())
                .beginControlFlow("for (int f = 0; f < $L; f++)", c.filters)
                .addStatement("$L[ob + f] += v * w[f]", dst)
                .endControlFlow()
                .endControlFlow();
        ConvCode.close(code, 2 * c.spatialLoops());
    }
}
