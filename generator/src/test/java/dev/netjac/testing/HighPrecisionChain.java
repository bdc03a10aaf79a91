package dev.netjac.testing;

import dev.netjac.graph.Graph;
import dev.netjac.layers.Activation;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.Dense;
import dev.netjac.layers.Layer;
import dev.netjac.layers.LogSoftmax;
import dev.netjac.layers.Softmax;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * An independent oracle for chains of dense, relu, softmax and log_softmax layers over a vector: the outputs
 * and the full Jacobian in {@link BigDecimal} arithmetic with 50 significant digits, from the layers' weights
 * alone (none of netjac's rules or generated code). The Jacobian is the product of the layers' local Jacobians,
 * built explicitly (diag(s) − s sᵀ for softmax, I − 1 sᵀ for log_softmax), so a saturated softmax costs it
 * nothing: the softmax layer carries 50 digits more than the spread of its inputs (in decades), so 1 − s_m keeps
 * 50 digits of its own even when it is 1e-235.
 */
public final class HighPrecisionChain {
    static final MathContext MC = new MathContext(50, RoundingMode.HALF_EVEN);

    private HighPrecisionChain() {}

    /** The outputs (index 0, length M) and the row-major M×N Jacobian (index 1), rounded to double. */
    public static double[][] evaluate(Graph graph, double[] input) {
        BigDecimal[] x = new BigDecimal[input.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = new BigDecimal(input[i]);
        }
        // J starts as the N×N identity and is multiplied on the left by each layer's local Jacobian.
        BigDecimal[][] jac = identity(input.length);
        for (Layer layer : graph.layers()) {
            if (layer instanceof Dense dense) {
                int in = x.length;
                int out = dense.kernel().dim(1);
                BigDecimal[] y = new BigDecimal[out];
                BigDecimal[][] next = new BigDecimal[out][];
                for (int j = 0; j < out; j++) {
                    BigDecimal sum = dense.bias() == null ? BigDecimal.ZERO : new BigDecimal(dense.bias().get(j));
                    BigDecimal[] row = zeros(jac[0].length);
                    for (int k = 0; k < in; k++) {
                        BigDecimal w = new BigDecimal(dense.kernel().get(k * out + j));
                        sum = sum.add(w.multiply(x[k], MC), MC);
                        axpy(w, jac[k], row);
                    }
                    y[j] = sum;
                    next[j] = row;
                }
                x = y;
                jac = next;
            } else if (layer instanceof ActivationLayer act && act.activation() == Activation.RELU) {
                for (int j = 0; j < x.length; j++) {
                    if (x[j].signum() <= 0) {
                        x[j] = BigDecimal.ZERO;
                        jac[j] = zeros(jac[j].length);
                    }
                }
            } else if (layer instanceof Softmax || layer instanceof LogSoftmax) {
                boolean log = layer instanceof LogSoftmax;
                BigDecimal max = x[0];
                BigDecimal min = x[0];
                for (BigDecimal v : x) {
                    max = max.max(v);
                    min = min.min(v);
                }
                // 1 - s_max is as small as e^(min - max): carry that many more digits through this layer so
                // that δ_ij − s_j keeps 50 of its own (a fixed 50 digits make 1 − s_m zero beyond 1e-50).
                int digits = 50 + (int) Math.ceil(max.subtract(min).doubleValue() / Math.log(10));
                MathContext mc = new MathContext(digits, RoundingMode.HALF_EVEN);
                BigDecimal[] s = new BigDecimal[x.length];
                BigDecimal sum = BigDecimal.ZERO;
                for (int j = 0; j < x.length; j++) {
                    s[j] = exp(x[j].subtract(max, mc), mc);
                    sum = sum.add(s[j], mc);
                }
                BigDecimal[] y = new BigDecimal[x.length];
                for (int j = 0; j < x.length; j++) {
                    s[j] = s[j].divide(sum, mc);
                    y[j] = log ? x[j].subtract(max, MC).subtract(ln(sum), MC) : s[j];
                }
                // d y_i / d x_j: s_i (δ_ij − s_j) for softmax, δ_ij − s_j for log_softmax.
                BigDecimal[][] next = new BigDecimal[x.length][];
                for (int i = 0; i < x.length; i++) {
                    BigDecimal[] row = zeros(jac[0].length);
                    for (int j = 0; j < x.length; j++) {
                        BigDecimal local = (i == j ? BigDecimal.ONE : BigDecimal.ZERO).subtract(s[j], mc);
                        axpy((log ? local : s[i].multiply(local, mc)).round(MC), jac[j], row);
                    }
                    next[i] = row;
                }
                x = y;
                jac = next;
            } else {
                throw new IllegalArgumentException("HighPrecisionChain does not know layer " + layer.id());
            }
        }
        double[] y = new double[x.length];
        double[] j = new double[x.length * jac[0].length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].doubleValue();
            for (int k = 0; k < jac[0].length; k++) {
                j[i * jac[0].length + k] = jac[i][k].doubleValue();
            }
        }
        return new double[][] {y, j};
    }

    /** The largest relative error of any row of {@code jac} against {@code ref}, relative to that row's largest entry. */
    public static double worstRowError(double[] jac, double[] ref, int rows, int cols) {
        double worst = 0;
        for (int i = 0; i < rows; i++) {
            double max = 0;
            double err = 0;
            for (int k = 0; k < cols; k++) {
                max = Math.max(max, Math.abs(ref[i * cols + k]));
                err = Math.max(err, Math.abs(jac[i * cols + k] - ref[i * cols + k]));
            }
            worst = Math.max(worst, max == 0 ? err : err / max);
        }
        return worst;
    }

    private static void axpy(BigDecimal a, BigDecimal[] x, BigDecimal[] y) {
        if (a.signum() == 0) {
            return;
        }
        for (int k = 0; k < y.length; k++) {
            if (x[k].signum() != 0) {
                y[k] = y[k].add(a.multiply(x[k], MC), MC);
            }
        }
    }

    private static BigDecimal[] zeros(int n) {
        BigDecimal[] z = new BigDecimal[n];
        java.util.Arrays.fill(z, BigDecimal.ZERO);
        return z;
    }

    private static BigDecimal[][] identity(int n) {
        BigDecimal[][] id = new BigDecimal[n][];
        for (int i = 0; i < n; i++) {
            id[i] = zeros(n);
            id[i][i] = BigDecimal.ONE;
        }
        return id;
    }

    /** e^d for d ≤ 0: the Taylor series of e^(d / 2^k), |d / 2^k| ≤ 1/2, squared k times. */
    static BigDecimal exp(BigDecimal d, MathContext mc) {
        MathContext wide = new MathContext(mc.getPrecision() + 20, RoundingMode.HALF_EVEN);
        int k = 0;
        BigDecimal r = d;
        while (r.abs().compareTo(new BigDecimal("0.5")) > 0) {
            r = r.divide(BigDecimal.valueOf(2), wide);
            k++;
        }
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal small = BigDecimal.ONE.movePointLeft(wide.getPrecision() + 5);
        for (int n = 1; n < 2000 && term.abs().compareTo(small) > 0; n++) {
            term = term.multiply(r, wide).divide(BigDecimal.valueOf(n), wide);
            sum = sum.add(term, wide);
        }
        for (int i = 0; i < k; i++) {
            sum = sum.multiply(sum, wide);
        }
        return sum.round(mc);
    }

    /** ln(v) for v ≥ 1 (a softmax's sum): Newton's iteration on e^y = v from the double estimate. */
    static BigDecimal ln(BigDecimal v) {
        BigDecimal y = new BigDecimal(Math.log(v.doubleValue()));
        for (int i = 0; i < 6; i++) {
            // y <- y + v e^-y - 1
            y = y.add(v.multiply(exp(y.negate(), MC), MC), MC).subtract(BigDecimal.ONE, MC);
        }
        return y;
    }
}
