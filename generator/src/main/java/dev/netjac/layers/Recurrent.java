package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.codegen.Literals;
import dev.netjac.weights.Tensor;
import java.util.Arrays;

/**
 * What the Keras recurrent layers ({@link SimpleRnn}, {@link Lstm}, {@link Gru}) share: an input [T, F] read
 * step by step (in reverse with {@code go_backwards}), a state starting at zero, the input projection
 * x_t·W (+ b) with the Keras kernel W of shape (F, gates·units), and the output: h at every step
 * ([T, units], in processing order as Keras returns it) or only the last h ([units]).
 *
 * <p>Derivatives go through time. The forward pass keeps every step's state and gate values in per-instance
 * buffers sized T (allocated once, with the class); the derivative step also keeps every gate's slope. A
 * tangent row is pushed forward through the steps (t ↦ J·t, forward mode through time), a cotangent row is
 * pulled back from the last step to the first (reverse mode, backpropagation through time), each with one
 * state-sized row of its own in scratch. Time is a loop in the generated code, never unrolled, so method sizes
 * do not depend on T or on the number of units. Weights are held as rows so that every inner loop is an axpy
 * over a contiguous row: W and the recurrent kernel U for the forward pass and tangents, their transposes for
 * cotangents.
 *
 * <p>The reference math ({@link #forward}, {@link #jacobian}) is written per step in plain scalar loops by each
 * cell ({@link #referenceStep}, {@link #referenceTangent}); the Jacobian pushes one tangent per input through
 * time, so it shares no code with the generated cotangent rules it checks.
 */
public abstract class Recurrent extends Layer {
    protected final int steps;
    protected final int features;
    protected final int units;
    protected final int gates;
    protected final Activation activation;
    protected final Activation recurrentActivation;
    protected final Tensor kernel;
    protected final Tensor recurrentKernel;
    /** The bias added to the input projection (gates·units), or null. */
    protected final Tensor inputBias;
    protected final boolean returnSequences;
    protected final boolean goBackwards;

    protected Recurrent(String id, int[] inputShape, int units, int gates, Activation activation,
                        Activation recurrentActivation, Tensor kernel, Tensor recurrentKernel, Tensor inputBias,
                        boolean returnSequences, boolean goBackwards) {
        super(id, inputShape, returnSequences ? new int[] {inputShape[0], units} : new int[] {units});
        if (inputShape.length != 2) {
            throw new IllegalArgumentException(id + ": needs an input [steps, features]");
        }
        this.steps = inputShape[0];
        this.features = inputShape[1];
        this.units = units;
        this.gates = gates;
        this.activation = activation;
        this.recurrentActivation = recurrentActivation;
        int width = gates * units;
        if (!Arrays.equals(kernel.shape(), new int[] {features, width})
                || !Arrays.equals(recurrentKernel.shape(), new int[] {units, width})
                || inputBias != null && inputBias.size() != width) {
            throw new IllegalArgumentException(id + ": weights do not match " + features + " features and " + units + " units");
        }
        this.kernel = kernel;
        this.recurrentKernel = recurrentKernel;
        this.inputBias = inputBias;
        this.returnSequences = returnSequences;
        this.goBackwards = goBackwards;
    }

    @Override
    public String summary() {
        return kind() + " " + steps + " x " + features + " -> " + units + (returnSequences ? " per step" : " (last step)")
                + (goBackwards ? ", backwards" : "") + (inputBias == null ? ", no bias" : "");
    }

    @Override
    public long parameterCount() {
        return kernel.size() + recurrentKernel.size() + (inputBias == null ? 0 : inputBias.size());
    }

    /** The input time index read at processing step s. */
    protected final int time(int s) {
        return goBackwards ? steps - 1 - s : s;
    }

    // ---- Reference math. ----

    /** Values of the carried state: h (units) first, then the cell's own (LSTM's c). */
    protected int stateSize() {
        return units;
    }

    /** next = cell(x[xo .. xo + F), state); h is next[0 .. units). */
    protected abstract void referenceStep(double[] x, int xo, double[] state, double[] next);

    /** dnext = ∂next/∂(x_t, state) · (dx[xo ..], dstate), at the point (x_t, state). */
    protected abstract void referenceTangent(double[] x, int xo, double[] state, double[] dx, double[] dstate, double[] dnext);

    /** x[xo ..]·W + b, the input projection, in plain loops. */
    protected final double[] inputProjection(double[] x, int xo, boolean withBias) {
        int width = gates * units;
        double[] p = new double[width];
        for (int j = 0; j < width; j++) {
            double sum = withBias && inputBias != null ? inputBias.get(j) : 0.0;
            for (int f = 0; f < features; f++) {
                sum += x[xo + f] * kernel.get(f * width + j);
            }
            p[j] = sum;
        }
        return p;
    }

    /** h·U restricted to gate columns [from, from + count). */
    protected final double[] recurrentProjection(double[] h, int from, int count) {
        int width = gates * units;
        double[] q = new double[count];
        for (int j = 0; j < count; j++) {
            double sum = 0.0;
            for (int k = 0; k < units; k++) {
                sum += h[k] * recurrentKernel.get(k * width + from + j);
            }
            q[j] = sum;
        }
        return q;
    }

    protected final double act(double v) {
        return activation.value(v, activation.defaultAlpha());
    }

    protected final double actSlope(double v) {
        return activation.derivative(v, act(v), activation.defaultAlpha());
    }

    protected final double rec(double v) {
        return recurrentActivation.value(v, recurrentActivation.defaultAlpha());
    }

    protected final double recSlope(double v) {
        return recurrentActivation.derivative(v, rec(v), recurrentActivation.defaultAlpha());
    }

    @Override
    public void forward(double[] x, double[] y) {
        double[] state = new double[stateSize()];
        for (int s = 0; s < steps; s++) {
            double[] next = new double[stateSize()];
            referenceStep(x, time(s) * features, state, next);
            if (returnSequences) {
                System.arraycopy(next, 0, y, s * units, units);
            }
            state = next;
        }
        if (!returnSequences) {
            System.arraycopy(state, 0, y, 0, units);
        }
    }

    /** Column j of J is the tangent of the outputs along input j, pushed through every step. */
    @Override
    public double[][] jacobian(double[] x, double[] y) {
        double[][] jac = new double[outputSize()][inputSize()];
        for (int j = 0; j < inputSize(); j++) {
            double[] dx = new double[inputSize()];
            dx[j] = 1.0;
            double[] state = new double[stateSize()];
            double[] dstate = new double[stateSize()];
            for (int s = 0; s < steps; s++) {
                int xo = time(s) * features;
                double[] next = new double[stateSize()];
                double[] dnext = new double[stateSize()];
                referenceStep(x, xo, state, next);
                referenceTangent(x, xo, state, Arrays.copyOfRange(dx, xo, xo + features), dstate, dnext);
                if (returnSequences) {
                    for (int k = 0; k < units; k++) {
                        jac[s * units + k][j] = dnext[k];
                    }
                }
                state = next;
                dstate = dnext;
            }
            if (!returnSequences) {
                for (int k = 0; k < units; k++) {
                    jac[k][j] = dstate[k];
                }
            }
        }
        return jac;
    }

    // ---- Cost model. ----

    /** Elementwise operations per unit and step of one tangent or cotangent row, besides the two products. */
    protected abstract int elementwisePerUnit();

    /** Per step: x_t·W and h·U (or their transposes) over every gate, plus the cell's elementwise work. */
    @Override
    public long rowCost() {
        long width = (long) gates * units;
        return steps * ((features + units) * width + (long) elementwisePerUnit() * units);
    }

    @Override
    public long forwardCost() {
        return rowCost();
    }

    // ---- Generated code. ----

    protected final String field(String name) {
        return id() + name;
    }

    /** Every step's h, after a zero row for the initial state: h_s at (s + 1)·units. */
    protected final String hField() {
        return field("H");
    }

    @Override
    public void declare(Members members) {
        int width = gates * units;
        members.weightRows(field("Kernel"), id() + ".kernel", kernel);
        members.weightRowsTransposed(field("KernelT"), id() + ".kernel", kernel);
        members.weightRows(field("Recurrent"), id() + ".recurrent_kernel", recurrentKernel);
        members.weightRowsTransposed(field("RecurrentT"), id() + ".recurrent_kernel", recurrentKernel);
        if (inputBias != null) {
            members.weightVector(field("Bias"), id() + ".bias", inputBias);
        }
        members.scratch(hField(), (steps + 1) * units);
        members.scratch(field("Gates"), steps * width);
        members.scratch(field("Slopes"), steps * width);
        members.scratch(field("Pre"), width);
        members.scratch(field("Row"), width);
        members.scratch(field("StateA"), stateSize());
        members.scratch(field("StateB"), stateSize());
        declareCell(members);
    }

    /** The cell's own scratch and weights. */
    protected abstract void declareCell(Members members);

    /** Local names for the fields every method body uses. */
    private CodeBlock locals() {
        CodeBlock.Builder code = CodeBlock.builder()
                .addStatement("double[][] wk = $L", field("Kernel"))
                .addStatement("double[][] wkt = $L", field("KernelT"))
                .addStatement("double[][] wu = $L", field("Recurrent"))
                .addStatement("double[][] wut = $L", field("RecurrentT"))
                .addStatement("double[] hs = $L", hField())
                .addStatement("double[] ga = $L", field("Gates"))
                .addStatement("double[] sl = $L", field("Slopes"))
                .addStatement("double[] p = $L", field("Pre"))
                .addStatement("double[] dz = $L", field("Row"));
        return code.add(cellLocals()).build();
    }

    /** Local names for the cell's own fields. */
    protected abstract CodeBlock cellLocals();

    /**
     * Statements for step s of the forward pass, with locals s, t, xo (= t·F), hp (= s·units, h_{s−1} in hs),
     * hn (= hp + units, h_s), go (= s·gates·units) and p holding x_t·W + b: writes h_s to hs[hn ..], the gate
     * values to ga[go ..] and the cell's own state, and with {@code slopes} every gate's slope to sl[go ..].
     */
    protected abstract CodeBlock stepCode(boolean slopes);

    /**
     * Statements for step s of a tangent row, with the locals of {@link #stepCode} plus cur (the state's
     * tangent before the step), nx (after it, to be written) and dz holding dx_t·W.
     */
    protected abstract CodeBlock tangentStepCode();

    /**
     * Statements for step s of a cotangent row, with the locals of {@link #stepCode} plus g (the cotangent of
     * the state after step s; may be overwritten), gn (of the state before it, to be written) and dz, to be
     * written with the cotangent of the pre-activations p that the base class pulls back to x_t through Wᵀ.
     */
    protected abstract CodeBlock cotangentStepCode();

    /** Per-step locals shared by all three loops. */
    private CodeBlock stepLocals() {
        return CodeBlock.builder()
                .addStatement("int t = $L", goBackwards ? (steps - 1) + " - s" : "s")
                .addStatement("int xo = t * $L", features)
                .addStatement("int hp = s * $L", units)
                .addStatement("int hn = hp + $L", units)
                .addStatement("int go = s * $L", gates * units)
                .build();
    }

    /** The full forward pass through every step, writing the output y. */
    private CodeBlock pass(boolean slopes) {
        int width = gates * units;
        CodeBlock.Builder code = CodeBlock.builder()
                .add(locals())
                .addStatement("$T.fill(hs, 0, $L, 0.0)", Arrays.class, units)
                .add(initialCellState())
                .beginControlFlow("for (int s = 0; s < $L; s++)", steps)
                .add(stepLocals());
        if (inputBias != null) {
            code.addStatement("$T.arraycopy($L, 0, p, 0, $L)", System.class, field("Bias"), width);
        } else {
            code.addStatement("$T.fill(p, 0, $L, 0.0)", Arrays.class, width);
        }
        code.add("// p += x_t * W\n").add(axpyRows("x", "xo", features, "wk", "0", 0, width, "p", "0"));
        code.add(stepCode(slopes));
        if (returnSequences) {
            code.addStatement("$T.arraycopy(hs, hn, y, s * $L, $L)", System.class, units, units);
        }
        code.endControlFlow();
        if (!returnSequences) {
            code.addStatement("$T.arraycopy(hs, $L, y, 0, $L)", System.class, steps * units, units);
        }
        return code.build();
    }

    /** Zeroes the cell's own initial state (LSTM's c_0); nothing for h-only cells. */
    protected CodeBlock initialCellState() {
        return CodeBlock.builder().build();
    }

    @Override
    public CodeBlock forwardCode() {
        return CodeBlock.builder().add("// $L steps; states and gate values kept for propagation\n", steps)
                .add(pass(false)).build();
    }

    @Override
    public boolean hasDerivative() {
        return true;
    }

    @Override
    public CodeBlock derivativeCode() {
        return CodeBlock.builder().add("// the forward pass again, keeping every gate's slope\n").add(pass(true)).build();
    }

    @Override
    public CodeBlock tangentCode() {
        int width = gates * units;
        return CodeBlock.builder()
                .add("// forward mode through time: the state's tangent is pushed from the first step to the last\n")
                .add(locals())
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]")
                .addStatement("double[] cur = $L", field("StateA"))
                .addStatement("double[] nx = $L", field("StateB"))
                .addStatement("$T.fill(cur, 0, $L, 0.0)", Arrays.class, stateSize())
                .beginControlFlow("for (int s = 0; s < $L; s++)", steps)
                .add(stepLocals())
                .addStatement("$T.fill(dz, 0, $L, 0.0)", Arrays.class, width)
                .add(axpyRows("a", "xo", features, "wk", "0", 0, width, "dz", "0"))
                .add(tangentStepCode())
                .add(returnSequences ? CodeBlock.of("$T.arraycopy(nx, 0, o, s * $L, $L);\n", System.class, units, units)
                        : CodeBlock.builder().build())
                .addStatement("double[] swap = cur")
                .addStatement("cur = nx")
                .addStatement("nx = swap")
                .endControlFlow()
                .add(returnSequences ? CodeBlock.builder().build()
                        : CodeBlock.of("$T.arraycopy(cur, 0, o, 0, $L);\n", System.class, units))
                .endControlFlow()
                .build();
    }

    @Override
    public CodeBlock cotangentCode() {
        int width = gates * units;
        CodeBlock.Builder code = CodeBlock.builder()
                .add("// reverse mode through time: the state's cotangent is pulled from the last step to the first\n")
                .add(locals())
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]")
                .addStatement("double[] g = $L", field("StateA"))
                .addStatement("double[] gn = $L", field("StateB"))
                .addStatement("$T.fill(g, 0, $L, 0.0)", Arrays.class, stateSize());
        if (!returnSequences) {
            code.addStatement("$T.arraycopy(a, 0, g, 0, $L)", System.class, units);
        }
        code.beginControlFlow("for (int s = $L; s >= 0; s--)", steps - 1).add(stepLocals());
        if (returnSequences) {
            code.beginControlFlow("for (int k = 0; k < $L; k++)", units)
                    .addStatement("g[k] += a[s * $L + k]", units)
                    .endControlFlow();
        }
        code.add(cotangentStepCode())
                .add("// dx_t = dz * W^T\n")
                .addStatement("$T.fill(o, xo, xo + $L, 0.0)", Arrays.class, features)
                .add(axpyRows("dz", "0", width, "wkt", "0", 0, features, "o", "xo"))
                .addStatement("double[] swap = g")
                .addStatement("g = gn")
                .addStatement("gn = swap")
                .endControlFlow()
                .endControlFlow();
        return code.build();
    }

    /**
     * {@code dst[dstOff + j] += Σ_k src[srcOff + k] · rows[rowOff + k][col + j]} for k &lt; count, j &lt; width:
     * a sum of contiguous weight rows scaled by the non-zero values of src (an axpy per row, which vectorizes).
     */
    protected static CodeBlock axpyRows(String src, String srcOff, int count, String rows, String rowOff, int col,
                                        int width, String dst, String dstOff) {
        return CodeBlock.builder()
                .beginControlFlow("for (int k = 0; k < $L; k++)", count)
                .addStatement("double v = $L[$L + k]", src, srcOff)
                .beginControlFlow("if (v != 0.0)")
                .addStatement("double[] w = $L[$L + k]", rows, rowOff)
                .beginControlFlow("for (int j = 0; j < $L; j++)", width)
                .addStatement("$L[$L + j] += v * w[$L + j]", dst, dstOff, col)
                .endControlFlow()
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    /** A call of {@code a}'s value method on {@code arg}. */
    protected static CodeBlock value(Activation a, String arg) {
        return a.hasAlpha() ? CodeBlock.of("$T.$L($L, $L)", a.owner(), a.method(), arg, Literals.of(a.defaultAlpha()))
                : CodeBlock.of("$T.$L($L)", a.owner(), a.method(), arg);
    }

    /** A call of {@code a}'s derivative method at {@code arg} with value {@code value}. */
    protected static CodeBlock slope(Activation a, String arg, String value) {
        String method = a.method() + "Derivative";
        return a.hasAlpha() ? CodeBlock.of("$T.$L($L, $L, $L)", a.owner(), method, arg, value, Literals.of(a.defaultAlpha()))
                : CodeBlock.of("$T.$L($L, $L)", a.owner(), method, arg, value);
    }
}
