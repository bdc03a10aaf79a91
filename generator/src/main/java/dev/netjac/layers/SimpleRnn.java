package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.weights.Tensor;

/**
 * Keras {@code SimpleRNN}: h_s = f(x_t·W + h_{s−1}·U + b), one gate. See {@link Recurrent} for the time loop,
 * the output and how derivatives go through time; per step the tangent is f'·(dx_t·W + dh·U) and the
 * cotangent pulls g·f' back through Wᵀ and Uᵀ.
 */
public final class SimpleRnn extends Recurrent {

    public SimpleRnn(String id, int[] inputShape, int units, Activation activation, Tensor kernel, Tensor recurrentKernel,
                     Tensor bias, boolean returnSequences, boolean goBackwards) {
        super(id, inputShape, units, 1, activation, Activation.LINEAR, kernel, recurrentKernel, bias, returnSequences,
                goBackwards);
    }

    @Override
    public String kind() {
        return "simple_rnn";
    }

    @Override
    protected void referenceStep(double[] x, int xo, double[] state, double[] next) {
        double[] p = inputProjection(x, xo, true);
        double[] q = recurrentProjection(state, 0, units);
        for (int j = 0; j < units; j++) {
            next[j] = act(p[j] + q[j]);
        }
    }

    @Override
    protected void referenceTangent(double[] x, int xo, double[] state, double[] dx, double[] dstate, double[] dnext) {
        double[] p = inputProjection(x, xo, true);
        double[] q = recurrentProjection(state, 0, units);
        double[] dp = inputProjection(dx, 0, false);
        double[] dq = recurrentProjection(dstate, 0, units);
        for (int j = 0; j < units; j++) {
            dnext[j] = actSlope(p[j] + q[j]) * (dp[j] + dq[j]);
        }
    }

    /** One scale by the slope and one to clear the next state's row. */
    @Override
    protected int elementwisePerUnit() {
        return 2;
    }

    @Override
    protected void declareCell(Members members) {}

    @Override
    protected CodeBlock cellLocals() {
        return CodeBlock.builder().build();
    }

    @Override
    protected CodeBlock stepCode(boolean slopes) {
        CodeBlock.Builder code = CodeBlock.builder()
                .add("// h_s = f(p + h_{s-1} * U)\n")
                .add(axpyRows("hs", "hp", units, "wu", "0", 0, units, "p", "0"))
                .beginControlFlow("for (int j = 0; j < $L; j++)", units)
                .addStatement("double v = p[j]")
                .addStatement("double h = $L", value(activation, "v"))
                .addStatement("hs[hn + j] = h")
                .addStatement("ga[go + j] = h");
        if (slopes) {
            code.addStatement("sl[go + j] = $L", slope(activation, "v", "h"));
        }
        return code.endControlFlow().build();
    }

    @Override
    protected CodeBlock tangentStepCode() {
        return CodeBlock.builder()
                .add(axpyRows("cur", "0", units, "wu", "0", 0, units, "dz", "0"))
                .beginControlFlow("for (int j = 0; j < $L; j++)", units)
                .addStatement("nx[j] = sl[go + j] * dz[j]")
                .endControlFlow()
                .build();
    }

    @Override
    protected CodeBlock cotangentStepCode() {
        return CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", units)
                .addStatement("dz[j] = g[j] * sl[go + j]")
                .addStatement("gn[j] = 0.0")
                .endControlFlow()
                .add(axpyRows("dz", "0", units, "wut", "0", 0, units, "gn", "0"))
                .build();
    }
}
