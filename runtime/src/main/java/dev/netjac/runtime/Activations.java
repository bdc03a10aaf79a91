package dev.netjac.runtime;

/**
 * Scalar activation functions and their derivatives, called by name from netjac-generated
 * {@code forward} and {@code jacobian} code.
 *
 * <p>For every activation {@code f} there is a value method {@code f(x)} (or {@code f(x, alpha)}) and a
 * derivative method {@code fDerivative(x, y)} (or {@code fDerivative(x, y, alpha)}). The derivative
 * methods take {@code y}, which <em>must</em> be the value {@code f(x)} (same {@code alpha}) computed
 * by this class; some derivatives are cheaper when expressed through {@code y}. Where {@code y} would
 * lose accuracy (for instance {@code y * (1 - y)} for a sigmoid close to 1), the method recomputes from
 * {@code x} instead, so every derivative is the derivative at {@code x} to within a few ulps.
 *
 * <p>Conventions shared by all methods:
 * <ul>
 *   <li><b>NaN</b>: a NaN {@code x} gives NaN, for values and for derivatives (a derivative is never a
 *       silent 0 or 1 for a NaN input).</li>
 *   <li><b>Kinks</b> follow PyTorch's backward functions (the slope 1 of relu/relu6/leaky_relu/elu/selu
 *       and the slopes of the hard sigmoids apply only in the open interior of their pieces):
 *       {@code reluDerivative(0) == 0}, {@code relu6Derivative(0) == relu6Derivative(6) == 0},
 *       {@code leakyReluDerivative(0) == alpha}, {@code eluDerivative(0) == alpha},
 *       {@code seluDerivative(0) == SELU_SCALE * SELU_ALPHA}, {@code hardSigmoidDerivative(±2.5) == 0},
 *       {@code hardSigmoidRelu6Derivative(±3) == 0}.</li>
 *   <li><b>Infinities</b>: values and derivatives take their limits ({@code sigmoid(-inf) == 0},
 *       {@code swish(-inf) == -0.0}, {@code gelu(+inf) == +inf}, {@code geluDerivative(+inf) == 1}, ...);
 *       large finite arguments never produce NaN or a spurious overflow.</li>
 *   <li><b>Accuracy</b>: see {@code docs/activations.md}; the unit tests compare against 50-digit
 *       mpmath references.</li>
 * </ul>
 *
 * <p>All methods are static, allocation-free and small so that HotSpot inlines them into generated code.
 */
public final class Activations {

    /** SELU's alpha (Klambauer et al. 2017): 1.6732632423543772848170429916717. */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;

    /** SELU's scale (Klambauer et al. 2017): 1.0507009873554804934193349852946. */
    public static final double SELU_SCALE = 1.0507009873554804934193349852946;

    /** SELU_SCALE * SELU_ALPHA, rounded once from the exact product of the decimal constants. */
    private static final double SELU_SCALE_ALPHA = 1.7580993408473768599402175208123;

    private static final double SQRT1_2 = 0.70710678118654752440084436210484904; // sqrt(1/2)
    private static final double LN2 = 0.69314718055994530941723212145817657;
    private static final double LN_SQRT_2PI = 0.91893853320467274178032973640561764; // ln(sqrt(2*pi))
    private static final double ONE_SIXTH = 1.0 / 6.0;

    /** gelu: below this x (t = -x/sqrt(2) >= 1.25) the erfc tail form is used directly. */
    private static final double GELU_TAIL = -1.7677669529663688110021109052621226; // -1.25*sqrt(2)
    /** gelu: switch between fdlibm's two erfc tail approximations: x = -sqrt(2) * 0x1.6db6dp+1 (~ -sqrt(2)/0.35). */
    private static final double GELU_TAIL_SWITCH = -4.040608251495769;
    /** 0.5625 + ln(2)/2: folds fdlibm's 0.5625 and gelu's factor 1/sqrt(2) into one exponent. */
    private static final double GELU_TAIL_C = 0.90907359027997265470861606072908828;

    /** gelu_tanh: v = 2*sqrt(2/pi)*(x + 0.044715 x^3) = x*(GT_A + GT_B*x^2). */
    private static final double GT_A = 1.5957691216057307117597842397375275;   // 2*sqrt(2/pi)
    private static final double GT_B = 0.071354816272600248776338752279863541; // 2*sqrt(2/pi)*0.044715
    private static final double GT_B3 = 0.21406444881780074632901625683959062; // 3*GT_B

    private Activations() {
    }

    // ---------------------------------------------------------------- linear

    /** Identity: {@code x}. */
    public static double linear(double x) {
        return x;
    }

    /** Derivative of {@link #linear}: 1, or NaN when {@code x} is NaN. */
    public static double linearDerivative(double x, double y) {
        return x != x ? x : 1.0;
    }

    // ---------------------------------------------------------------- relu family

    /**
     * {@code max(x, 0)}. Written as {@code x <= 0 ? 0 : x} so that NaN propagates; {@code relu(-0.0)} is
     * {@code +0.0}.
     */
    public static double relu(double x) {
        return x <= 0 ? 0.0 : x;
    }

    /** Derivative of {@link #relu}: 1 for {@code x > 0}, 0 for {@code x <= 0} (so {@code relu'(0) = 0}), NaN for NaN. */
    public static double reluDerivative(double x, double y) {
        return x > 0 ? 1.0 : (x <= 0 ? 0.0 : x);
    }

    /**
     * Keras's {@code ReLU} layer: {@code min(x, maxValue)} for {@code x > threshold}, else
     * {@code negativeSlope * (x - threshold)}; {@code maxValue} is {@code +inf} for none. This is what Keras
     * computes ({@code x * (x > threshold)}, clipped, minus the negative part), so {@code f(threshold) = 0}
     * although Keras's docstring says "x for threshold &lt;= x". With {@code negativeSlope == 0} the lower
     * piece is exactly 0 (also at {@code -inf}, like {@link #relu(double)}); NaN propagates.
     */
    public static double relu(double x, double negativeSlope, double maxValue, double threshold) {
        if (x > threshold) {
            return x < maxValue ? x : maxValue;
        }
        if (negativeSlope == 0) {
            return x <= threshold ? 0.0 : x;
        }
        return negativeSlope * (x - threshold);
    }

    /**
     * Derivative of {@link #relu(double, double, double, double)}: 1 strictly inside
     * {@code (threshold, maxValue)}, 0 on {@code [maxValue, inf)} above the threshold, {@code negativeSlope}
     * for {@code x <= threshold} (so the kink at the threshold takes the lower piece's slope, as
     * {@code relu'(0) = 0} and {@code leaky_relu'(0) = alpha}, and the cap takes 0, as {@code relu6'(6) = 0});
     * 1 at {@code +inf} when there is no cap; NaN for NaN.
     */
    public static double reluDerivative(double x, double y, double negativeSlope, double maxValue, double threshold) {
        if (x > threshold) {
            return x < maxValue || maxValue == Double.POSITIVE_INFINITY ? 1.0 : 0.0;
        }
        return x <= threshold ? negativeSlope : x;
    }

    /**
     * Keras's {@code ThresholdedReLU}: {@code x} for {@code x > theta}, else 0 (so {@code f(theta) = 0}).
     * NaN propagates; {@code -inf} gives 0 (Keras's {@code x * (x > theta)} gives NaN there).
     */
    public static double thresholdedRelu(double x, double theta) {
        return x <= theta ? 0.0 : x;
    }

    /** Derivative of {@link #thresholdedRelu}: 1 for {@code x > theta}, 0 for {@code x <= theta}; NaN for NaN. */
    public static double thresholdedReluDerivative(double x, double y, double theta) {
        return x > theta ? 1.0 : (x <= theta ? 0.0 : x);
    }

    /** {@code min(max(x, 0), 6)}; NaN propagates. */
    public static double relu6(double x) {
        return x <= 0 ? 0.0 : (x >= 6 ? 6.0 : x);
    }

    /**
     * Derivative of {@link #relu6}: 1 strictly inside (0, 6), 0 elsewhere including both kinks
     * ({@code relu6'(0) = relu6'(6) = 0}, as PyTorch's {@code hardtanh_backward}); NaN for NaN.
     */
    public static double relu6Derivative(double x, double y) {
        return (x > 0 && x < 6) ? 1.0 : (x == x ? 0.0 : x);
    }

    /** Leaky ReLU: {@code x} for {@code x > 0}, {@code alpha * x} otherwise; NaN propagates. */
    public static double leakyRelu(double x, double alpha) {
        return x > 0 ? x : alpha * x;
    }

    /**
     * Derivative of {@link #leakyRelu}: 1 for {@code x > 0}, {@code alpha} for {@code x <= 0} (so the
     * derivative at 0 is {@code alpha}, as PyTorch); NaN for NaN.
     */
    public static double leakyReluDerivative(double x, double y, double alpha) {
        return x > 0 ? 1.0 : (x <= 0 ? alpha : x);
    }

    /** ELU: {@code x} for {@code x > 0}, {@code alpha * (exp(x) - 1)} (via {@code expm1}) otherwise. */
    public static double elu(double x, double alpha) {
        return x > 0 ? x : alpha * Math.expm1(x);
    }

    /**
     * Derivative of {@link #elu}: 1 for {@code x > 0}, {@code alpha * exp(x)} for {@code x <= 0} (so
     * {@code elu'(0) = alpha}, as PyTorch). For {@code -ln 2 < x <= 0} this is computed as {@code y + alpha}
     * (no exp; accurate because {@code exp(x) >= 1/2} there); below, {@code y + alpha} would cancel, so
     * {@code alpha * exp(x)} is computed. {@code y} must be {@code elu(x, alpha)}.
     */
    public static double eluDerivative(double x, double y, double alpha) {
        if (x > 0) {
            return 1.0;
        }
        return x > -LN2 ? y + alpha : alpha * Math.exp(x);
    }

    /**
     * SELU: {@code SELU_SCALE * x} for {@code x > 0}, {@code SELU_SCALE * SELU_ALPHA * (exp(x) - 1)}
     * otherwise (the product of the constants is rounded once).
     */
    public static double selu(double x) {
        return x > 0 ? SELU_SCALE * x : SELU_SCALE_ALPHA * Math.expm1(x);
    }

    /**
     * Derivative of {@link #selu}: {@code SELU_SCALE} for {@code x > 0}, {@code SELU_SCALE * SELU_ALPHA *
     * exp(x)} for {@code x <= 0} (so the derivative at 0 is {@code SELU_SCALE * SELU_ALPHA}, the
     * negative branch, as PyTorch). Uses {@code y + SELU_SCALE * SELU_ALPHA} for {@code -ln 2 < x <= 0}.
     */
    public static double seluDerivative(double x, double y) {
        if (x > 0) {
            return SELU_SCALE;
        }
        return x > -LN2 ? y + SELU_SCALE_ALPHA : SELU_SCALE_ALPHA * Math.exp(x);
    }

    // ---------------------------------------------------------------- sigmoid family

    /**
     * Logistic sigmoid {@code 1 / (1 + exp(-x))}, evaluated as {@code 1/(1+e)} for {@code x >= 0} and
     * {@code e/(1+e)} for {@code x < 0} with {@code e = exp(-|x|)}: no overflow, full relative accuracy
     * in both tails ({@code sigmoid(-740)} is subnormal, {@code sigmoid(-1000) == 0}).
     */
    public static double sigmoid(double x) {
        double e = Math.exp(-Math.abs(x));
        return (x >= 0 ? 1.0 : e) / (1 + e);
    }

    /**
     * Derivative of {@link #sigmoid}: {@code s(1-s)}. For {@code x <= 0} it is {@code y * (1 - y)}
     * (accurate: {@code 1 - y >= 1/2}); for {@code x > 0}, where {@code 1 - y} would cancel, it is
     * {@code e / (1+e)^2} with {@code e = exp(-x)}.
     */
    public static double sigmoidDerivative(double x, double y) {
        if (x <= 0) {
            return y * (1 - y);
        }
        double e = Math.exp(-x);
        double t = 1 + e;
        return e / (t * t);
    }

    /**
     * Keras 2 / TF.js hard sigmoid: {@code clip(0.2 x + 0.5, 0, 1)}, i.e. 0 for {@code x <= -2.5}, 1 for
     * {@code x >= 2.5}. Evaluated as {@code (x + 2.5) * 0.2}, which stays accurate near the lower kink where
     * {@code 0.2 x + 0.5} would cancel.
     */
    public static double hardSigmoid(double x) {
        return x <= -2.5 ? 0.0 : (x >= 2.5 ? 1.0 : (x + 2.5) * 0.2);
    }

    /**
     * Derivative of {@link #hardSigmoid}: 0.2 strictly inside (-2.5, 2.5), 0 at and outside the ends;
     * NaN for NaN.
     */
    public static double hardSigmoidDerivative(double x, double y) {
        return (x > -2.5 && x < 2.5) ? 0.2 : (x == x ? 0.0 : x);
    }

    /**
     * Keras 3 / PyTorch {@code Hardsigmoid}: {@code relu6(x + 3) / 6}, i.e. 0 for {@code x <= -3}, 1 for
     * {@code x >= 3}, {@code x/6 + 1/2} in between.
     */
    public static double hardSigmoidRelu6(double x) {
        return x <= -3 ? 0.0 : (x >= 3 ? 1.0 : (x + 3) * ONE_SIXTH);
    }

    /**
     * Derivative of {@link #hardSigmoidRelu6}: 1/6 strictly inside (-3, 3), 0 at and outside the ends
     * (as PyTorch's {@code hardsigmoid_backward}); NaN for NaN.
     */
    public static double hardSigmoidRelu6Derivative(double x, double y) {
        return (x > -3 && x < 3) ? ONE_SIXTH : (x == x ? 0.0 : x);
    }

    // ---------------------------------------------------------------- tanh, softplus, softsign, exp

    /** Hyperbolic tangent ({@link Math#tanh}). */
    public static double tanh(double x) {
        return Math.tanh(x);
    }

    /**
     * Derivative of {@link #tanh}: {@code 1 - tanh^2}. For {@code |x| <= 0.55} it is {@code 1 - y*y}
     * (no cancellation since {@code |y| <= 1/2}); beyond, {@code 4e/(1+e)^2} with {@code e = exp(-2|x|)}.
     */
    public static double tanhDerivative(double x, double y) {
        double ax = Math.abs(x);
        if (ax <= 0.55) {
            return 1 - y * y;
        }
        double e = Math.exp(-2 * ax);
        double t = 1 + e;
        return 4 * e / (t * t);
    }

    /**
     * Softplus {@code ln(1 + exp(x))}, evaluated stably as {@code max(x, 0) + log1p(exp(-|x|))}, with no
     * threshold shortcut ({@code softplus(30) = 30 + 9.4e-14}, unlike PyTorch's {@code x > 20 -> x}).
     * {@code softplus(1000) == 1000}, {@code softplus(-1000) == 0}.
     */
    public static double softplus(double x) {
        return (x > 0 ? x : 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** Derivative of {@link #softplus}: {@code sigmoid(x)}. */
    public static double softplusDerivative(double x, double y) {
        return sigmoid(x);
    }

    /** Softsign {@code x / (1 + |x|)}; {@code softsign(±inf) = ±1}. */
    public static double softsign(double x) {
        if (Double.isInfinite(x)) {
            return x > 0 ? 1.0 : -1.0;
        }
        return x / (1 + Math.abs(x));
    }

    /** Derivative of {@link #softsign}: {@code 1 / (1 + |x|)^2} (computed from x; {@code 1-|y|} would cancel). */
    public static double softsignDerivative(double x, double y) {
        double r = 1 / (1 + Math.abs(x));
        return r * r;
    }

    /** {@code exp(x)}; overflows to +inf for {@code x > 709.78}. */
    public static double exponential(double x) {
        return Math.exp(x);
    }

    /** Derivative of {@link #exponential}: {@code y} itself. */
    public static double exponentialDerivative(double x, double y) {
        return y;
    }

    // ---------------------------------------------------------------- x * gate(x) family

    /**
     * Swish / SiLU: {@code x * sigmoid(x)}, evaluated as {@code x/(1+e)} or {@code x*e/(1+e)} with
     * {@code e = exp(-|x|)}. {@code swish(-1000) == -0.0}, {@code swish(-inf) == -0.0}.
     */
    public static double swish(double x) {
        if (x == Double.NEGATIVE_INFINITY) {
            return -0.0;
        }
        double e = Math.exp(-Math.abs(x));
        return (x >= 0 ? x : x * e) / (1 + e);
    }

    /**
     * Derivative of {@link #swish}: {@code s (1 + x (1 - s))} with {@code s = sigmoid(x)}; {@code s} and
     * {@code 1 - s} are both formed from {@code e = exp(-|x|)} so neither cancels. 1 at +inf, 0 at -inf.
     * The derivative has a root near x = -1.2785; there the relative error is necessarily unbounded
     * (the absolute error stays at the rounding level of the two terms).
     */
    public static double swishDerivative(double x, double y) {
        if (Double.isInfinite(x)) {
            return x > 0 ? 1.0 : 0.0;
        }
        double e = Math.exp(-Math.abs(x));
        double q = 1 / (1 + e);
        double s = x >= 0 ? q : e * q;     // sigmoid(x)
        double c = x >= 0 ? e * q : q;     // 1 - sigmoid(x)
        return s * (1 + x * c);
    }

    /**
     * Mish: {@code x * tanh(softplus(x))}. Evaluated with one exp through the identity
     * {@code tanh(ln(1+u)) = (u^2 + 2u) / (u^2 + 2u + 2)}, {@code u = exp(x)}, written in terms of
     * {@code e = exp(-|x|)} for both signs. {@code mish(-inf) == -0.0}.
     */
    public static double mish(double x) {
        if (x == Double.NEGATIVE_INFINITY) {
            return -0.0;
        }
        double e = Math.exp(-Math.abs(x));
        double num;
        double den;
        if (x >= 0) {               // e = exp(-x): tanh(softplus(x)) = (1 + 2e) / (1 + 2e + 2e^2)
            num = 1 + 2 * e;
            den = num + 2 * e * e;
        } else {                    // e = exp(x):  tanh(softplus(x)) = n / (n + 2), n = e (e + 2)
            num = e * (e + 2);
            den = num + 2;
        }
        return x * num / den;
    }

    /**
     * Derivative of {@link #mish}: {@code tanh(sp) + x sech^2(sp) sigmoid(x)}, {@code sp = softplus(x)},
     * from the same single exp as {@link #mish} (the {@code sech^2 * sigmoid} factor is
     * {@code 4e^2(1+e)/D^2} resp. {@code 4e(1+e)/(n+2)^2}, so it never cancels). Root near x = -1.1924.
     */
    public static double mishDerivative(double x, double y) {
        if (Double.isInfinite(x)) {
            return x > 0 ? 1.0 : 0.0;
        }
        double e = Math.exp(-Math.abs(x));
        if (x >= 0) {
            double num = 1 + 2 * e;
            double den = num + 2 * e * e;
            return num / den + x * (4 * (e * e) * (1 + e) / (den * den));
        }
        double n = e * (e + 2);
        double den = n + 2;
        return n / den + x * (4 * e * (1 + e) / (den * den));
    }

    /**
     * Exact GELU {@code 0.5 x (1 + erf(x / sqrt 2)) = x Phi(x)} (Keras {@code approximate=False},
     * PyTorch's default). For {@code x >= -1.25 sqrt 2} it is {@code 0.5 x erfc(-x/sqrt 2)}; below, the
     * erfc tail is evaluated directly as {@code -exp(-x^2/2 - 0.5625 - ln(2)/2 + R/S)} (fdlibm's rational
     * R/S in {@code 2/x^2}) with {@code x^2/2} split exactly, so the rounding of {@code x/sqrt 2} and of
     * {@code x^2} is not amplified by the exponential: full relative accuracy down to the underflow
     * ({@code gelu(x) == -0.0} for {@code x < -40}, including -inf).
     */
    public static double gelu(double x) {
        if (x >= GELU_TAIL) {
            return 0.5 * x * erfc(-x * SQRT1_2);
        }
        if (x < -40) {
            return -0.0;
        }
        double s = 2 / (x * x);         // 1/t^2 with t = -x/sqrt(2) in [1.25, 28.3]
        double rs;
        if (x > GELU_TAIL_SWITCH) {
            double r = RA0 + s * (RA1 + s * (RA2 + s * (RA3 + s * (RA4 + s * (RA5 + s * (RA6 + s * RA7))))));
            double q = 1 + s * (SA1 + s * (SA2 + s * (SA3 + s * (SA4 + s * (SA5 + s * (SA6 + s * (SA7 + s * SA8)))))));
            rs = r / q;
        } else {
            double r = RB0 + s * (RB1 + s * (RB2 + s * (RB3 + s * (RB4 + s * (RB5 + s * RB6)))));
            double q = 1 + s * (SB1 + s * (SB2 + s * (SB3 + s * (SB4 + s * (SB5 + s * (SB6 + s * SB7))))));
            rs = r / q;
        }
        // x Phi(x) = 0.5 x erfc(t) = 0.5 x exp(-t^2 - 0.5625 + R/S) / t  and  0.5 x / t = -1/sqrt(2)
        return -expMinusHalfSquare(x, rs - GELU_TAIL_C);
    }

    /**
     * Derivative of {@link #gelu}: {@code Phi(x) + x phi(x)}, with {@code Phi(x) = y / x} (0.5 for
     * {@code |x| < 2^-900}) and {@code phi(x) = exp(-x^2/2) / sqrt(2 pi)} evaluated with an exactly split
     * exponent. 1 for {@code x >= 40}, 0 for {@code x <= -40}. The derivative has a root near
     * x = -0.75179 (gelu's minimum); around it the relative error is necessarily unbounded while the
     * absolute error stays at the rounding level of the two terms.
     */
    public static double geluDerivative(double x, double y) {
        double ax = Math.abs(x);
        if (!(ax < 40)) {
            return x > 0 ? 1.0 : (x < 0 ? 0.0 : x);
        }
        double cdf = ax < 0x1p-900 ? 0.5 : y / x;
        return cdf + x * expMinusHalfSquare(x, -LN_SQRT_2PI);
    }

    /**
     * Tanh-approximated GELU {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))} (Keras
     * {@code approximate=True}, PyTorch {@code approximate='tanh'}), evaluated without cancellation as
     * {@code x * sigmoid(v)}, {@code v = 2 sqrt(2/pi) (x + 0.044715 x^3)}. {@code geluTanh(-inf) == -0.0}.
     */
    public static double geluTanh(double x) {
        if (x == Double.NEGATIVE_INFINITY) {
            return -0.0;
        }
        double v = x * (GT_A + GT_B * (x * x));
        double e = Math.exp(-Math.abs(v));
        return (x >= 0 ? x : x * e) / (1 + e);
    }

    /**
     * Derivative of {@link #geluTanh}: {@code s (1 + x (1 - s) v'(x))} with {@code s = sigmoid(v)},
     * {@code v' = 2 sqrt(2/pi) (1 + 3 * 0.044715 x^2)}; {@code s} and {@code 1 - s} come from one exp.
     * 1 for {@code x >= 1000}, 0 for {@code x <= -1000}. Root near x = -0.7525.
     */
    public static double geluTanhDerivative(double x, double y) {
        if (!(Math.abs(x) < 1000)) {
            return x > 0 ? 1.0 : (x < 0 ? 0.0 : x);
        }
        double x2 = x * x;
        double v = x * (GT_A + GT_B * x2);
        double e = Math.exp(-Math.abs(v));
        double q = 1 / (1 + e);
        double s = x >= 0 ? q : e * q;     // sigmoid(v)
        double c = x >= 0 ? e * q : q;     // 1 - sigmoid(v)
        return s * (1 + x * c * (GT_A + GT_B3 * x2));
    }

    /**
     * {@code exp(-x^2/2 + c)} for {@code |x| <= 40}, {@code |c| < 2}, with {@code x^2/2} carried exactly:
     * {@code x = xh + xl} where {@code xh} keeps 26 significant bits, so {@code xh^2} and {@code xh*xl}
     * are exact, and the rounding error of the final sum is fed back to first order. The result is
     * within about 1.5 ulp of the exact value for the given {@code c}, whereas {@code Math.exp(-0.5*x*x + c)}
     * has a relative error up to {@code x^2/2} ulps.
     */
    private static double expMinusHalfSquare(double x, double c) {
        return expMinusScaledSquare(x, 0.5, c);
    }

    /**
     * {@code exp(-k x^2 + c)} for {@code k} 0.5 or 1 (a power of two, so scaling by it is exact), by the
     * splitting of {@link #expMinusHalfSquare}.
     */
    private static double expMinusScaledSquare(double x, double k, double c) {
        double xh = Double.longBitsToDouble(Double.doubleToRawLongBits(x) & 0xFFFFFFFFF8000000L);
        double xl = x - xh;
        double a = -k * (xh * xh);                        // exact
        double b = c - k * (2 * (xh * xl) + xl * xl);     // xh*xl exact; error of b is tiny in absolute terms
        double s = a + b;                                 // TwoSum: s + err == a + b exactly
        double bv = s - a;
        double err = (a - (s - bv)) + (b - bv);
        double r = Math.exp(s);
        return r + r * err;
    }

    // ---------------------------------------------------------------- erf, erfc

    /*
     * erf and erfc below are a Java port of fdlibm's s_erf.c, whose notice follows:
     *
     * ====================================================
     * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
     *
     * Developed at SunPro, a Sun Microsystems, Inc. business.
     * Permission to use, copy, modify, and distribute this
     * software is freely granted, provided that this notice
     * is preserved.
     * ====================================================
     *
     * Method (fdlibm): on |x| < 0.84375, erf(x) = x + x*R(x^2) with R = P/Q rational; on [0.84375, 1.25),
     * erf(x) = sign(x) * (erx + P1(s)/Q1(s)), s = |x| - 1, erx = (float) 0.84506291151; on [1.25, 28),
     * erfc(x) = exp(-x^2 - 0.5625 + R(1/x^2)/S(1/x^2)) / x with two rational approximations switching at
     * 1/0.35, where exp(-x^2) is evaluated as exp(-z^2) * exp((z - x)(z + x)) with z = x truncated to
     * 21 significant bits so that z^2 is exact. Claimed error below 1 ulp. The coefficients are the
     * fdlibm ones, written as exact hexadecimal literals (decimal forms from s_erf.c in the comments).
     */

    private static final double ERX = 0x1.b0ac16p-1; // 8.45062911510467529297e-01
    private static final double EFX = 0x1.06eba8214db69p-3; // 1.28379167095512586316e-01
    private static final double EFX8 = 0x1.06eba8214db69p+0; // 1.02703333676410069053e+00

    // erf on [0, 0.84375]: erf(x) = x + x*P(x^2)/Q(x^2)
    private static final double PP0 = 0x1.06eba8214db68p-3; // 1.28379167095512558561e-01
    private static final double PP1 = -0x1.4cd7d691cb913p-2; // -3.25042107247001499370e-01
    private static final double PP2 = -0x1.d2a51dbd7194fp-6; // -2.84817495755985104766e-02
    private static final double PP3 = -0x1.7a291236668e4p-8; // -5.77027029648944159157e-03
    private static final double PP4 = -0x1.8ead6120016acp-16; // -2.37630166566501626084e-05
    private static final double QQ1 = 0x1.97779cddadc09p-2; // 3.97917223959155352819e-01
    private static final double QQ2 = 0x1.0a54c5536cebap-4; // 6.50222499887672944485e-02
    private static final double QQ3 = 0x1.4d022c4d36b0fp-8; // 5.08130628187576562776e-03
    private static final double QQ4 = 0x1.15dc9221c1a1p-13; // 1.32494738004321644526e-04
    private static final double QQ5 = -0x1.09c4342a2612p-18; // -3.96022827877536812320e-06

    // erf on [0.84375, 1.25]: erf(1+s) = ERX + P(s)/Q(s)
    private static final double PA0 = -0x1.359b8bef77538p-9; // -2.36211856075265944077e-03
    private static final double PA1 = 0x1.a8d00ad92b34dp-2; // 4.14856118683748331666e-01
    private static final double PA2 = -0x1.7d240fbb8c3f1p-2; // -3.72207876035701323847e-01
    private static final double PA3 = 0x1.45fca805120e4p-2; // 3.18346619901161753674e-01
    private static final double PA4 = -0x1.c63983d3e28ecp-4; // -1.10894694282396677476e-01
    private static final double PA5 = 0x1.22a36599795ebp-5; // 3.54783043256182359371e-02
    private static final double PA6 = -0x1.1bf380a96073fp-9; // -2.16637559486879084300e-03
    private static final double QA1 = 0x1.b3e6618eee323p-4; // 1.06420880400844228286e-01
    private static final double QA2 = 0x1.14af092eb6f33p-1; // 5.40397917702171048937e-01
    private static final double QA3 = 0x1.2635cd99fe9a7p-4; // 7.18286544141962662868e-02
    private static final double QA4 = 0x1.02660e763351fp-3; // 1.26171219808761642112e-01
    private static final double QA5 = 0x1.bedc26b51dd1cp-7; // 1.36370839120290507362e-02
    private static final double QA6 = 0x1.88b545735151dp-7; // 1.19844998467991074170e-02

    // erfc on [1.25, 1/0.35]: erfc(x) = exp(-x^2 - 0.5625 + R(1/x^2)/S(1/x^2)) / x
    private static final double RA0 = -0x1.43412600d6435p-7; // -9.86494403484714822705e-03
    private static final double RA1 = -0x1.63416e4ba736p-1; // -6.93858572707181764372e-01
    private static final double RA2 = -0x1.51e0441b0e726p+3; // -1.05586262253232909814e+01
    private static final double RA3 = -0x1.f300ae4cba38dp+5; // -6.23753324503260060396e+01
    private static final double RA4 = -0x1.44cb184282266p+7; // -1.62396669462573470355e+02
    private static final double RA5 = -0x1.7135cebccabb2p+7; // -1.84605092906711035994e+02
    private static final double RA6 = -0x1.4526557e4d2f2p+6; // -8.12874355063065934246e+01
    private static final double RA7 = -0x1.3a0efc69ac25cp+3; // -9.81432934416914548592e+00
    private static final double SA1 = 0x1.3a6b9bd707687p+4; // 1.96512716674392571292e+01
    private static final double SA2 = 0x1.1350c526ae721p+7; // 1.37657754143519042600e+02
    private static final double SA3 = 0x1.b290dd58a1a71p+8; // 4.34565877475229228821e+02
    private static final double SA4 = 0x1.42b1921ec2868p+9; // 6.45387271733267880336e+02
    private static final double SA5 = 0x1.ad02157700314p+8; // 4.29008140027567833386e+02
    private static final double SA6 = 0x1.b28a3ee48ae2cp+6; // 1.08635005541779435134e+02
    private static final double SA7 = 0x1.a47ef8e484a93p+2; // 6.57024977031928170135e+00
    private static final double SA8 = -0x1.eeff2ee749a62p-5; // -6.04244152148580987438e-02

    // erfc on [1/0.35, 28]: same form, second rational approximation
    private static final double RB0 = -0x1.4341239e86f4ap-7; // -9.86494292470009928597e-03
    private static final double RB1 = -0x1.993ba70c285dep-1; // -7.99283237680523006574e-01
    private static final double RB2 = -0x1.1c209555f995ap+4; // -1.77579549177547519889e+01
    private static final double RB3 = -0x1.4145d43c5ed98p+7; // -1.60636384855821916062e+02
    private static final double RB4 = -0x1.3ec881375f228p+9; // -6.37566443368389627722e+02
    private static final double RB5 = -0x1.004616a2e5992p+10; // -1.02509513161107724954e+03
    private static final double RB6 = -0x1.e384e9bdc383fp+8; // -4.83519191608651397019e+02
    private static final double SB1 = 0x1.e568b261d519p+4; // 3.03380607434824582924e+01
    private static final double SB2 = 0x1.45cae221b9f0ap+8; // 3.25792512996573918826e+02
    private static final double SB3 = 0x1.802eb189d5118p+10; // 1.53672958608443695994e+03
    private static final double SB4 = 0x1.8ffb7688c246ap+11; // 3.19985821950859553908e+03
    private static final double SB5 = 0x1.3f219cedf3be6p+11; // 2.55305040643316442583e+03
    private static final double SB6 = 0x1.da874e79fe763p+8; // 4.74528541206955367215e+02
    private static final double SB7 = -0x1.670e242712d62p+4; // -2.24409524465858183362e+01

    /** Upper word 0x4006DB6E of fdlibm's erf: |x| < this uses the first tail approximation in erf. */
    private static final double ERF_SWITCH = 0x1.6db6ep+1;   // 2.857143402099609 (~1/0.35)
    /** Upper word 0x4006DB6D of fdlibm's erfc. */
    private static final double ERFC_SWITCH = 0x1.6db6dp+1;  // 2.857141494750977

    /**
     * Error function {@code erf(x) = 2/sqrt(pi) * integral_0^x exp(-t^2) dt} (port of fdlibm's
     * {@code s_erf.c}, error below 1 ulp). {@code erf(±0) = ±0}, {@code erf(±inf) = ±1}, NaN for NaN;
     * {@code erf(x) == ±1} for {@code |x| >= 6}.
     */
    public static double erf(double x) {
        double ax = Math.abs(x);
        if (!(ax < Double.POSITIVE_INFINITY)) {       // NaN or infinite
            return x != x ? x : (x > 0 ? 1.0 : -1.0);
        }
        if (ax < 0.84375) {
            if (ax < 0x1p-28) {
                if (ax < 0x1p-1015) {
                    return 0.125 * (8.0 * x + EFX8 * x);   // avoid underflow
                }
                return x + EFX * x;
            }
            double z = x * x;
            double r = PP0 + z * (PP1 + z * (PP2 + z * (PP3 + z * PP4)));
            double s = 1 + z * (QQ1 + z * (QQ2 + z * (QQ3 + z * (QQ4 + z * QQ5))));
            return x + x * (r / s);
        }
        if (ax < 1.25) {
            double s = ax - 1;
            double p = PA0 + s * (PA1 + s * (PA2 + s * (PA3 + s * (PA4 + s * (PA5 + s * PA6)))));
            double q = 1 + s * (QA1 + s * (QA2 + s * (QA3 + s * (QA4 + s * (QA5 + s * QA6)))));
            return x >= 0 ? ERX + p / q : -ERX - p / q;
        }
        if (ax >= 6) {
            return x >= 0 ? 1.0 : -1.0;
        }
        double s = 1 / (ax * ax);
        double r;
        double q;
        if (ax < ERF_SWITCH) {
            r = RA0 + s * (RA1 + s * (RA2 + s * (RA3 + s * (RA4 + s * (RA5 + s * (RA6 + s * RA7))))));
            q = 1 + s * (SA1 + s * (SA2 + s * (SA3 + s * (SA4 + s * (SA5 + s * (SA6 + s * (SA7 + s * SA8)))))));
        } else {
            r = RB0 + s * (RB1 + s * (RB2 + s * (RB3 + s * (RB4 + s * (RB5 + s * RB6)))));
            q = 1 + s * (SB1 + s * (SB2 + s * (SB3 + s * (SB4 + s * (SB5 + s * (SB6 + s * SB7))))));
        }
        double z = Double.longBitsToDouble(Double.doubleToRawLongBits(ax) & 0xFFFFFFFF00000000L);
        double e = Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + r / q);
        return x >= 0 ? 1 - e / ax : e / ax - 1;
    }

    /** ln(2 / sqrt(pi)), folded into the exponent of erf's derivative. */
    private static final double LN_2_OVER_SQRT_PI = 0.12078223763524522234551844578164721;

    /**
     * Derivative of {@link #erf}: {@code 2/sqrt(pi) * exp(-x^2)}, with {@code x^2} split so that its rounding
     * is not amplified by the exponential (within about 2 ulps); 0 for {@code |x| >= 27.3} (underflow), NaN
     * for NaN. {@code y} is unused.
     */
    public static double erfDerivative(double x, double y) {
        if (x != x) {
            return x;
        }
        return Math.abs(x) > 27.3 ? 0.0 : expMinusScaledSquare(x, 1.0, LN_2_OVER_SQRT_PI);
    }

    /**
     * Complementary error function {@code erfc(x) = 1 - erf(x)} (port of fdlibm's {@code s_erf.c}, error
     * below 1 ulp, full relative accuracy in the right tail down to the subnormal range).
     * {@code erfc(±0) = 1}, {@code erfc(+inf) = 0}, {@code erfc(-inf) = 2}, NaN for NaN;
     * {@code erfc(x) == 0} for {@code x >= 28} and {@code == 2} for {@code x <= -6}.
     */
    public static double erfc(double x) {
        double ax = Math.abs(x);
        if (!(ax < Double.POSITIVE_INFINITY)) {       // NaN or infinite
            return x != x ? x : (x > 0 ? 0.0 : 2.0);
        }
        if (ax < 0.84375) {
            if (ax < 0x1p-56) {
                return 1 - x;
            }
            double z = x * x;
            double r = PP0 + z * (PP1 + z * (PP2 + z * (PP3 + z * PP4)));
            double s = 1 + z * (QQ1 + z * (QQ2 + z * (QQ3 + z * (QQ4 + z * QQ5))));
            double y = r / s;
            if (x < 0.25) {
                return 1 - (x + x * y);
            }
            return 0.5 - (x * y + (x - 0.5));
        }
        if (ax < 1.25) {
            double s = ax - 1;
            double p = PA0 + s * (PA1 + s * (PA2 + s * (PA3 + s * (PA4 + s * (PA5 + s * PA6)))));
            double q = 1 + s * (QA1 + s * (QA2 + s * (QA3 + s * (QA4 + s * (QA5 + s * QA6)))));
            return x >= 0 ? (1 - ERX) - p / q : 1 + (ERX + p / q);
        }
        if (ax < 28) {
            if (x <= -6) {
                return 2.0;
            }
            double s = 1 / (ax * ax);
            double r;
            double q;
            if (ax < ERFC_SWITCH) {
                r = RA0 + s * (RA1 + s * (RA2 + s * (RA3 + s * (RA4 + s * (RA5 + s * (RA6 + s * RA7))))));
                q = 1 + s * (SA1 + s * (SA2 + s * (SA3 + s * (SA4 + s * (SA5 + s * (SA6 + s * (SA7 + s * SA8)))))));
            } else {
                r = RB0 + s * (RB1 + s * (RB2 + s * (RB3 + s * (RB4 + s * (RB5 + s * RB6)))));
                q = 1 + s * (SB1 + s * (SB2 + s * (SB3 + s * (SB4 + s * (SB5 + s * (SB6 + s * SB7))))));
            }
            double z = Double.longBitsToDouble(Double.doubleToRawLongBits(ax) & 0xFFFFFFFF00000000L);
            double e = Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + r / q);
            return x > 0 ? e / ax : 2 - e / ax;
        }
        return x > 0 ? 0.0 : 2.0;
    }
}
