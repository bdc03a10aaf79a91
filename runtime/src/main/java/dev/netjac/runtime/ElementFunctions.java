package dev.netjac.runtime;

/**
 * The elementwise functions that ONNX models add to the activations of {@link Activations} (log, sqrt, abs,
 * neg, reciprocal, pow, celu, hard_swish, clip, and the hard sigmoid and SELU with their own parameters),
 * called by name from netjac-generated code like those. The same conventions hold: {@code fDerivative(x, y,
 * ...)} takes {@code y = f(x, ...)} computed here; NaN in gives NaN out; at a kink the slope of a flat or linear
 * piece applies only in its open interior (PyTorch's backward functions); values and derivatives outside a
 * function's domain are what IEEE arithmetic gives (log and sqrt of a negative number: NaN; 1/0: infinity).
 * Accuracy against 50-digit mpmath references: {@code docs/activations.md}.
 */
public final class ElementFunctions {
    private ElementFunctions() {}

    private static final double ONE_SIXTH = 1.0 / 6.0;
    private static final double ONE_THIRD = 1.0 / 3.0;

    /** Natural logarithm ({@link Math#log}); -inf at 0, NaN below. */
    public static double log(double x) {
        return Math.log(x);
    }

    /** 1/x; +inf at +0. */
    public static double logDerivative(double x, double y) {
        return 1.0 / x;
    }

    /** Square root ({@link Math#sqrt}, correctly rounded). */
    public static double sqrt(double x) {
        return Math.sqrt(x);
    }

    /** 1/(2 sqrt x) = 0.5/y; +inf at 0. */
    public static double sqrtDerivative(double x, double y) {
        return 0.5 / y;
    }

    /** |x|. */
    public static double abs(double x) {
        return Math.abs(x);
    }

    /** sign(x): -1, +1, and 0 at 0 (the kink; PyTorch's {@code abs} backward is {@code sign(x)}). */
    public static double absDerivative(double x, double y) {
        return x > 0 ? 1.0 : x < 0 ? -1.0 : (x == x ? 0.0 : x);
    }

    /** -x. */
    public static double neg(double x) {
        return -x;
    }

    /** -1 (NaN for NaN). */
    public static double negDerivative(double x, double y) {
        return x == x ? -1.0 : x;
    }

    /** 1/x. */
    public static double reciprocal(double x) {
        return 1.0 / x;
    }

    /** -1/x² = -y·y. */
    public static double reciprocalDerivative(double x, double y) {
        return -(y * y);
    }

    /**
     * x^p ({@link Math#pow}): an integer p takes negative x too (ONNX's {@code Pow} with a constant exponent,
     * {@code x ** p}); a non-integer p gives NaN for negative x.
     */
    public static double pow(double x, double p) {
        return Math.pow(x, p);
    }

    /** p·x^(p-1); exactly 0 for p = 0 (also at x = 0, where x^-1 is infinite) and 1 for p = 1. */
    public static double powDerivative(double x, double y, double p) {
        if (p == 0) {
            return x == x ? 0.0 : x;
        }
        return p == 1 ? (x == x ? 1.0 : x) : p * Math.pow(x, p - 1);
    }

    /** CELU: x for x &gt; 0, alpha·(exp(x/alpha) − 1) otherwise (expm1). */
    public static double celu(double x, double alpha) {
        return x > 0 ? x : alpha * Math.expm1(x / alpha);
    }

    /** 1 for x &gt; 0, exp(x/alpha) otherwise (both 1 at 0: CELU is smooth there). */
    public static double celuDerivative(double x, double y, double alpha) {
        return x > 0 ? 1.0 : Math.exp(x / alpha);
    }

    /** hard_swish: x·relu6(x + 3)/6 (PyTorch's {@code Hardswish}, ONNX's {@code HardSwish}). */
    public static double hardSwish(double x) {
        return x <= -3 ? x * 0.0 : (x >= 3 ? x : x * ((x + 3) * ONE_SIXTH));
    }

    /**
     * 0 for x &lt; -3, x/3 + 1/2 on [-3, 3], 1 above: the flat and linear outer pieces are open, so the kinks
     * take the middle piece's slope, -1/2 and 3/2, as PyTorch's {@code hardswish_backward}.
     */
    public static double hardSwishDerivative(double x, double y) {
        return x < -3 ? 0.0 : (x <= 3 ? x * ONE_THIRD + 0.5 : (x == x ? 1.0 : x));
    }

    /** min(max(x, lo), hi) (ONNX's {@code Clip}); NaN stays NaN. */
    public static double clip(double x, double lo, double hi) {
        return x != x ? x : Math.min(Math.max(x, lo), hi);
    }

    /** 1 strictly between lo and hi, else 0 (also at both ends, as PyTorch's {@code hardtanh}). */
    public static double clipDerivative(double x, double y, double lo, double hi) {
        return x != x ? x : (x > lo && x < hi ? 1.0 : 0.0);
    }

    /** The hard sigmoid max(0, min(1, alpha·x + beta)) with ONNX's parameters ({@code HardSigmoid}). */
    public static double hardSigmoid(double x, double alpha, double beta) {
        double v = alpha * x + beta;
        return v != v ? v : Math.min(Math.max(v, 0.0), 1.0);
    }

    /** alpha where 0 &lt; alpha·x + beta &lt; 1, else 0 (also at both kinks). */
    public static double hardSigmoidDerivative(double x, double y, double alpha, double beta) {
        double v = alpha * x + beta;
        return v != v ? v : (v > 0 && v < 1 ? alpha : 0.0);
    }

    /** SELU with ONNX's parameters ({@code Selu}): gamma·x for x &gt; 0, else gamma·alpha·(exp(x) − 1). */
    public static double selu(double x, double alpha, double gamma) {
        return x > 0 ? gamma * x : gamma * (alpha * Math.expm1(x));
    }

    /** gamma for x &gt; 0, else gamma·alpha·exp(x) (the negative branch at 0, as {@link Activations#selu}). */
    public static double seluDerivative(double x, double y, double alpha, double gamma) {
        return x > 0 ? gamma : gamma * (alpha * Math.exp(x));
    }
}
