package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.weights.Tensor;

/**
 * Keras {@code GRU}, gates in Keras's order z, r, h (columns [0, u), [u, 2u), [2u, 3u)), both variants:
 * <ul>
 *   <li>{@code reset_after} (Keras 2+ default, CuDNN-compatible): with p = x_t·W + b_in and q = h_{s−1}·U + b_rec,
 *       z = σ(p_z + q_z), r = σ(p_r + q_r), ĥ = f(p_h + r·q_h);</li>
 *   <li>reset before: z and r as above without b_rec, ĥ = f(p_h + (r·h_{s−1})·U_h).</li>
 * </ul>
 * and h_s = z·h_{s−1} + (1 − z)·ĥ. σ is the recurrent activation, f the activation; see {@link Recurrent}.
 * The per-step store keeps q_h (reset after) or r·h_{s−1} (reset before), which the derivative rules read.
 */
public final class Gru extends Recurrent {
    private final boolean resetAfter;
    /** b_rec (3u) with reset_after and a bias; else null. */
    private final Tensor recurrentBias;

    /**
     * @param inputBias the input bias (3u), or null
     * @param recurrentBias the recurrent bias (3u) of reset_after, or null
     */
    public Gru(String id, int[] inputShape, int units, Activation activation, Activation recurrentActivation,
               Tensor kernel, Tensor recurrentKernel, Tensor inputBias, Tensor recurrentBias, boolean resetAfter,
               boolean returnSequences, boolean goBackwards) {
        super(id, inputShape, units, 3, activation, recurrentActivation, kernel, recurrentKernel, inputBias,
                returnSequences, goBackwards);
        if (recurrentBias != null && (!resetAfter || recurrentBias.size() != 3 * units)) {
            throw new IllegalArgumentException(id + ": a recurrent bias of " + 3 * units + " values needs reset_after");
        }
        this.resetAfter = resetAfter;
        this.recurrentBias = recurrentBias;
    }

    @Override
    public String kind() {
        return "gru";
    }

    @Override
    public String summary() {
        return super.summary() + (resetAfter ? ", reset after" : ", reset before");
    }

    @Override
    public long parameterCount() {
        return super.parameterCount() + (recurrentBias == null ? 0 : recurrentBias.size());
    }

    /** q = h·U (+ b_rec), over the z, r and h columns (reset after) or the z and r columns. */
    private double[] recurrentPart(double[] h, boolean withBias) {
        int count = resetAfter ? 3 * units : 2 * units;
        double[] q = recurrentProjection(h, 0, count);
        if (withBias && recurrentBias != null) {
            for (int j = 0; j < count; j++) {
                q[j] += recurrentBias.get(j);
            }
        }
        return q;
    }

    /** (r ⊙ h)·U_h. */
    private double[] resetProjection(double[] rh) {
        return recurrentProjection(rh, 2 * units, units);
    }

    @Override
    protected void referenceStep(double[] x, int xo, double[] state, double[] next) {
        int n = units;
        double[] p = inputProjection(x, xo, true);
        double[] q = recurrentPart(state, true);
        double[] r = new double[n];
        double[] z = new double[n];
        for (int j = 0; j < n; j++) {
            z[j] = rec(p[j] + q[j]);
            r[j] = rec(p[n + j] + q[n + j]);
        }
        double[] candidate = new double[n];
        if (resetAfter) {
            for (int j = 0; j < n; j++) {
                candidate[j] = p[2 * n + j] + r[j] * q[2 * n + j];
            }
        } else {
            double[] rh = new double[n];
            for (int j = 0; j < n; j++) {
                rh[j] = r[j] * state[j];
            }
            double[] qh = resetProjection(rh);
            for (int j = 0; j < n; j++) {
                candidate[j] = p[2 * n + j] + qh[j];
            }
        }
        for (int j = 0; j < n; j++) {
            next[j] = z[j] * state[j] + (1 - z[j]) * act(candidate[j]);
        }
    }

    @Override
    protected void referenceTangent(double[] x, int xo, double[] state, double[] dx, double[] dstate, double[] dnext) {
        int n = units;
        double[] p = inputProjection(x, xo, true);
        double[] q = recurrentPart(state, true);
        double[] dp = inputProjection(dx, 0, false);
        double[] dq = recurrentPart(dstate, false);
        double[] z = new double[n];
        double[] dzv = new double[n];
        double[] r = new double[n];
        double[] dr = new double[n];
        for (int j = 0; j < n; j++) {
            z[j] = rec(p[j] + q[j]);
            dzv[j] = recSlope(p[j] + q[j]) * (dp[j] + dq[j]);
            r[j] = rec(p[n + j] + q[n + j]);
            dr[j] = recSlope(p[n + j] + q[n + j]) * (dp[n + j] + dq[n + j]);
        }
        double[] candidate = new double[n];
        double[] dcandidate = new double[n];
        if (resetAfter) {
            for (int j = 0; j < n; j++) {
                candidate[j] = p[2 * n + j] + r[j] * q[2 * n + j];
                dcandidate[j] = dp[2 * n + j] + dr[j] * q[2 * n + j] + r[j] * dq[2 * n + j];
            }
        } else {
            double[] rh = new double[n];
            double[] drh = new double[n];
            for (int j = 0; j < n; j++) {
                rh[j] = r[j] * state[j];
                drh[j] = dr[j] * state[j] + r[j] * dstate[j];
            }
            double[] qh = resetProjection(rh);
            double[] dqh = resetProjection(drh);
            for (int j = 0; j < n; j++) {
                candidate[j] = p[2 * n + j] + qh[j];
                dcandidate[j] = dp[2 * n + j] + dqh[j];
            }
        }
        for (int j = 0; j < n; j++) {
            double hh = act(candidate[j]);
            double dhh = actSlope(candidate[j]) * dcandidate[j];
            dnext[j] = dzv[j] * (state[j] - hh) + z[j] * dstate[j] + (1 - z[j]) * dhh;
        }
    }

    /** Three gate slopes, the reset product and the update rule (about six), and clearing the next state. */
    @Override
    protected int elementwisePerUnit() {
        return 10;
    }

    /** Per step: q_h (reset after) or r ⊙ h_{s−1} (reset before), u values. */
    private String keptField() {
        return field("Kept");
    }

    @Override
    protected void declareCell(Members members) {
        if (recurrentBias != null) {
            members.weightVector(field("RecurrentBias"), id() + ".recurrent_bias", recurrentBias);
        }
        members.scratch(keptField(), steps * units);
        members.scratch(field("Q"), 3 * units);
    }

    @Override
    protected CodeBlock cellLocals() {
        return CodeBlock.builder()
                .addStatement("double[] kept = $L", keptField())
                .addStatement("double[] q = $L", field("Q"))
                .build();
    }

    @Override
    protected CodeBlock stepCode(boolean slopes) {
        int n = units;
        int count = resetAfter ? 3 * n : 2 * n;
        CodeBlock.Builder code = CodeBlock.builder()
                .add(resetAfter ? "// q = h_{s-1} * U + b_rec; z, r; candidate f(p_h + r q_h)\n"
                        : "// q = h_{s-1} * U over z and r; z, r; candidate f(p_h + (r h_{s-1}) * U_h)\n");
        if (recurrentBias != null) {
            code.addStatement("$T.arraycopy($L, 0, q, 0, $L)", System.class, field("RecurrentBias"), count);
        } else {
            code.addStatement("$T.fill(q, 0, $L, 0.0)", java.util.Arrays.class, count);
        }
        code.add(axpyRows("hs", "hp", n, "wu", "0", 0, count, "q", "0"))
                .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                .addStatement("double zz = p[j] + q[j]")
                .addStatement("double zr = p[$L + j] + q[$L + j]", n, n)
                .addStatement("double gz = $L", value(recurrentActivation, "zz"))
                .addStatement("double gr = $L", value(recurrentActivation, "zr"))
                .addStatement("ga[go + j] = gz")
                .addStatement("ga[go + $L + j] = gr", n);
        if (slopes) {
            code.addStatement("sl[go + j] = $L", slope(recurrentActivation, "zz", "gz"))
                    .addStatement("sl[go + $L + j] = $L", n, slope(recurrentActivation, "zr", "gr"));
        }
        if (resetAfter) {
            code.addStatement("kept[hp + j] = q[$L + j]", 2 * n)
                    .addStatement("p[$L + j] += gr * q[$L + j]", 2 * n, 2 * n)
                    .endControlFlow();
        } else {
            code.addStatement("kept[hp + j] = gr * hs[hp + j]")
                    .endControlFlow()
                    .add(axpyRows("kept", "hp", n, "wu", "0", 2 * n, n, "p", String.valueOf(2 * n)));
        }
        code.beginControlFlow("for (int j = 0; j < $L; j++)", n)
                .addStatement("double zh = p[$L + j]", 2 * n)
                .addStatement("double hh = $L", value(activation, "zh"))
                .addStatement("double gz = ga[go + j]")
                .addStatement("ga[go + $L + j] = hh", 2 * n);
        if (slopes) {
            code.addStatement("sl[go + $L + j] = $L", 2 * n, slope(activation, "zh", "hh"));
        }
        return code.addStatement("hs[hn + j] = gz * hs[hp + j] + (1.0 - gz) * hh")
                .endControlFlow()
                .build();
    }

    @Override
    protected CodeBlock tangentStepCode() {
        int n = units;
        int count = resetAfter ? 3 * n : 2 * n;
        CodeBlock.Builder code = CodeBlock.builder()
                .addStatement("$T.fill(q, 0, $L, 0.0)", java.util.Arrays.class, count)
                .add(axpyRows("cur", "0", n, "wu", "0", 0, count, "q", "0"))
                .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                .addStatement("dz[j] = sl[go + j] * (dz[j] + q[j])")
                .addStatement("double dr = sl[go + $L + j] * (dz[$L + j] + q[$L + j])", n, n, n);
        if (resetAfter) {
            code.addStatement("dz[$L + j] += dr * kept[hp + j] + ga[go + $L + j] * q[$L + j]", 2 * n, n, 2 * n)
                    .endControlFlow();
        } else {
            // the tangent of r ⊙ h_{s-1}, in q's z slot (already read), then pushed through U_h
            code.addStatement("q[j] = dr * hs[hp + j] + ga[go + $L + j] * cur[j]", n)
                    .endControlFlow()
                    .add(axpyRows("q", "0", n, "wu", "0", 2 * n, n, "dz", String.valueOf(2 * n)));
        }
        return code.beginControlFlow("for (int j = 0; j < $L; j++)", n)
                .addStatement("double gz = ga[go + j]")
                .addStatement("double dhh = sl[go + $L + j] * dz[$L + j]", 2 * n, 2 * n)
                .addStatement("nx[j] = dz[j] * (hs[hp + j] - ga[go + $L + j]) + gz * cur[j] + (1.0 - gz) * dhh", 2 * n)
                .endControlFlow()
                .build();
    }

    @Override
    protected CodeBlock cotangentStepCode() {
        int n = units;
        CodeBlock.Builder code = CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                .addStatement("double gh = g[j]")
                .addStatement("double gz = ga[go + j]")
                .addStatement("double ah = gh * (1.0 - gz) * sl[go + $L + j]", 2 * n)
                .addStatement("dz[j] = gh * (hs[hp + j] - ga[go + $L + j]) * sl[go + j]", 2 * n)
                .addStatement("dz[$L + j] = ah", 2 * n)
                .addStatement("gn[j] = gh * gz");
        if (resetAfter) {
            // p_h + r q_h: q_h's cotangent is ah r, r's is ah q_h; all three go back through U
            code.addStatement("dz[$L + j] = ah * kept[hp + j] * sl[go + $L + j]", n, n)
                    .addStatement("q[j] = dz[j]")
                    .addStatement("q[$L + j] = dz[$L + j]", n, n)
                    .addStatement("q[$L + j] = ah * ga[go + $L + j]", 2 * n, n)
                    .endControlFlow()
                    .add(axpyRows("q", "0", 3 * n, "wut", "0", 0, n, "gn", "0"));
        } else {
            // (r h_{s-1}) U_h: its cotangent e = ah U_h^T feeds r (e h_{s-1}) and h_{s-1} (e r)
            code.addStatement("q[j] = 0.0")
                    .endControlFlow()
                    .add(axpyRows("dz", String.valueOf(2 * n), n, "wut", String.valueOf(2 * n), 0, n, "q", "0"))
                    .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                    .addStatement("dz[$L + j] = q[j] * hs[hp + j] * sl[go + $L + j]", n, n)
                    .addStatement("gn[j] += q[j] * ga[go + $L + j]", n)
                    .endControlFlow()
                    .add(axpyRows("dz", "0", 2 * n, "wut", "0", 0, n, "gn", "0"));
        }
        return code.build();
    }
}
