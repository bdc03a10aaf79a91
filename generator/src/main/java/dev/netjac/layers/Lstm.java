package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.weights.Tensor;
import java.util.Arrays;

/**
 * Keras {@code LSTM}, gates in Keras's order i, f, c, o (columns [0, u), [u, 2u), [2u, 3u), [3u, 4u) of the
 * kernels and the bias): with p = x_t·W + h_{s−1}·U + b,
 * i = σ(p_i), f = σ(p_f), g = f_a(p_c), o = σ(p_o), c_s = f·c_{s−1} + i·g, h_s = o·f_a(c_s), where σ is the
 * recurrent activation and f_a the activation. The state is (h, c); see {@link Recurrent} for the rest.
 *
 * <p>Tangent per step: dc = df·c_{s−1} + f·dc_{s−1} + di·g + i·dg, dh = do·f_a(c) + o·f_a'(c)·dc, with each gate's
 * d = slope · dp. Cotangent: the c-cotangent collects gh·o·f_a'(c) and carries gc·f back to c_{s−1}.
 */
public final class Lstm extends Recurrent {

    public Lstm(String id, int[] inputShape, int units, Activation activation, Activation recurrentActivation,
                Tensor kernel, Tensor recurrentKernel, Tensor bias, boolean returnSequences, boolean goBackwards) {
        super(id, inputShape, units, 4, activation, recurrentActivation, kernel, recurrentKernel, bias, returnSequences,
                goBackwards);
    }

    @Override
    public String kind() {
        return "lstm";
    }

    @Override
    protected int stateSize() {
        return 2 * units;
    }

    @Override
    protected void referenceStep(double[] x, int xo, double[] state, double[] next) {
        double[] p = inputProjection(x, xo, true);
        double[] q = recurrentProjection(state, 0, 4 * units);
        int n = units;
        for (int j = 0; j < n; j++) {
            double i = rec(p[j] + q[j]);
            double f = rec(p[n + j] + q[n + j]);
            double g = act(p[2 * n + j] + q[2 * n + j]);
            double o = rec(p[3 * n + j] + q[3 * n + j]);
            double c = f * state[n + j] + i * g;
            next[n + j] = c;
            next[j] = o * act(c);
        }
    }

    @Override
    protected void referenceTangent(double[] x, int xo, double[] state, double[] dx, double[] dstate, double[] dnext) {
        double[] p = inputProjection(x, xo, true);
        double[] q = recurrentProjection(state, 0, 4 * units);
        double[] dp = inputProjection(dx, 0, false);
        double[] dq = recurrentProjection(dstate, 0, 4 * units);
        int n = units;
        for (int j = 0; j < n; j++) {
            double[] z = new double[4];
            double[] dzv = new double[4];
            for (int gate = 0; gate < 4; gate++) {
                z[gate] = p[gate * n + j] + q[gate * n + j];
                dzv[gate] = dp[gate * n + j] + dq[gate * n + j];
            }
            double i = rec(z[0]);
            double f = rec(z[1]);
            double g = act(z[2]);
            double o = rec(z[3]);
            double c = f * state[n + j] + i * g;
            double di = recSlope(z[0]) * dzv[0];
            double df = recSlope(z[1]) * dzv[1];
            double dg = actSlope(z[2]) * dzv[2];
            double dout = recSlope(z[3]) * dzv[3];
            double dc = df * state[n + j] + f * dstate[n + j] + di * g + i * dg;
            dnext[n + j] = dc;
            dnext[j] = dout * act(c) + o * actSlope(c) * dc;
        }
    }

    /** Four gate slopes, the c and h rules (about four each), and clearing the next state. */
    @Override
    protected int elementwisePerUnit() {
        return 14;
    }

    private String cField() {
        return field("C");
    }

    @Override
    protected void declareCell(Members members) {
        members.scratch(cField(), (steps + 1) * units);
        members.scratch(field("ActC"), steps * units);
        members.scratch(field("SlopeC"), steps * units);
    }

    @Override
    protected CodeBlock cellLocals() {
        return CodeBlock.builder()
                .addStatement("double[] cs = $L", cField())
                .addStatement("double[] ac = $L", field("ActC"))
                .addStatement("double[] acd = $L", field("SlopeC"))
                .build();
    }

    @Override
    protected CodeBlock initialCellState() {
        return CodeBlock.of("$T.fill(cs, 0, $L, 0.0);\n", Arrays.class, units);
    }

    @Override
    protected CodeBlock stepCode(boolean slopes) {
        int n = units;
        CodeBlock.Builder code = CodeBlock.builder()
                .add("// p += h_{s-1} * U; gates i, f, c, o; c_s = f c_{s-1} + i g; h_s = o act(c_s)\n")
                .add(axpyRows("hs", "hp", n, "wu", "0", 0, 4 * n, "p", "0"))
                .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                .addStatement("double zi = p[j]")
                .addStatement("double zf = p[$L + j]", n)
                .addStatement("double zc = p[$L + j]", 2 * n)
                .addStatement("double zo = p[$L + j]", 3 * n)
                .addStatement("double gi = $L", value(recurrentActivation, "zi"))
                .addStatement("double gf = $L", value(recurrentActivation, "zf"))
                .addStatement("double gc = $L", value(activation, "zc"))
                .addStatement("double gout = $L", value(recurrentActivation, "zo"))
                .addStatement("double c = gf * cs[hp + j] + gi * gc")
                .addStatement("double a = $L", value(activation, "c"))
                .addStatement("cs[hn + j] = c")
                .addStatement("hs[hn + j] = gout * a")
                .addStatement("ac[hp + j] = a")
                .addStatement("ga[go + j] = gi")
                .addStatement("ga[go + $L + j] = gf", n)
                .addStatement("ga[go + $L + j] = gc", 2 * n)
                .addStatement("ga[go + $L + j] = gout", 3 * n);
        if (slopes) {
            code.addStatement("acd[hp + j] = $L", slope(activation, "c", "a"))
                    .addStatement("sl[go + j] = $L", slope(recurrentActivation, "zi", "gi"))
                    .addStatement("sl[go + $L + j] = $L", n, slope(recurrentActivation, "zf", "gf"))
                    .addStatement("sl[go + $L + j] = $L", 2 * n, slope(activation, "zc", "gc"))
                    .addStatement("sl[go + $L + j] = $L", 3 * n, slope(recurrentActivation, "zo", "gout"));
        }
        return code.endControlFlow().build();
    }

    @Override
    protected CodeBlock tangentStepCode() {
        int n = units;
        return CodeBlock.builder()
                .add(axpyRows("cur", "0", n, "wu", "0", 0, 4 * n, "dz", "0"))
                .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                .addStatement("double di = sl[go + j] * dz[j]")
                .addStatement("double df = sl[go + $L + j] * dz[$L + j]", n, n)
                .addStatement("double dg = sl[go + $L + j] * dz[$L + j]", 2 * n, 2 * n)
                .addStatement("double dout = sl[go + $L + j] * dz[$L + j]", 3 * n, 3 * n)
                .addStatement("double dc = df * cs[hp + j] + ga[go + $L + j] * cur[$L + j] + di * ga[go + $L + j] + ga[go + j] * dg",
                        n, n, 2 * n)
                .addStatement("nx[$L + j] = dc", n)
                .addStatement("nx[j] = dout * ac[hp + j] + ga[go + $L + j] * acd[hp + j] * dc", 3 * n)
                .endControlFlow()
                .build();
    }

    @Override
    protected CodeBlock cotangentStepCode() {
        int n = units;
        return CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                .addStatement("double gh = g[j]")
                .addStatement("double gc = g[$L + j] + gh * ga[go + $L + j] * acd[hp + j]", n, 3 * n)
                .addStatement("dz[j] = gc * ga[go + $L + j] * sl[go + j]", 2 * n)
                .addStatement("dz[$L + j] = gc * cs[hp + j] * sl[go + $L + j]", n, n)
                .addStatement("dz[$L + j] = gc * ga[go + j] * sl[go + $L + j]", 2 * n, 2 * n)
                .addStatement("dz[$L + j] = gh * ac[hp + j] * sl[go + $L + j]", 3 * n, 3 * n)
                .addStatement("gn[$L + j] = gc * ga[go + $L + j]", n, n)
                .addStatement("gn[j] = 0.0")
                .endControlFlow()
                .add("// dh_{s-1} = dz * U^T\n")
                .add(axpyRows("dz", "0", 4 * n, "wut", "0", 0, n, "gn", "0"))
                .build();
    }
}
