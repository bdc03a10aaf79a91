package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.weights.Tensor;

/**
 * Keras {@code BatchNormalization} at inference: a per-channel affine map along one axis,
 * y = (x − mean_c) · scale_c + beta_c with scale_c = gamma_c · (1 / √(var_c + ε)), folded once at generation
 * time. The operation order is TF.js's, {@code x.sub(mean).mul(scale.mul(rsqrt(var + eps))).add(offset)}, in
 * float64; the mean is kept apart (not folded into a shift beta − mean·scale) so that x ≈ mean loses nothing
 * to cancellation.
 *
 * <p>Values are seen as (outer, channels, inner) with the channel axis in the middle: inner = 1 for the usual
 * channels-last axis −1, where every hot loop runs over a contiguous row of channels.
 *
 * <p>The Jacobian is diagonal, diag(scale_c) repeated over positions: symmetric, and applied in place.
 */
public final class BatchNormalization extends Layer {
    private final int axis;
    private final double epsilon;
    private final int outer;
    private final int channels;
    private final int inner;
    private final Tensor mean;
    private final Tensor scale;
    private final Tensor beta;
    private final long parameters;

    /**
     * @param axis the channel axis, 0 ≤ axis &lt; rank (already resolved from a negative spec value)
     * @param gamma (C,) or null when {@code scale} is false
     * @param beta (C,) or null when {@code center} is false
     * @param movingMean (C,)
     * @param movingVariance (C,); every var + ε must be positive
     */
    public BatchNormalization(String id, int[] shape, int axis, double epsilon, Tensor gamma, Tensor beta,
                              Tensor movingMean, Tensor movingVariance) {
        super(id, shape, shape);
        if (axis < 0 || axis >= shape.length) {
            throw new IllegalArgumentException(id + ": axis " + axis + " outside rank " + shape.length);
        }
        this.axis = axis;
        this.epsilon = epsilon;
        this.channels = shape[axis];
        int before = 1;
        for (int d = 0; d < axis; d++) {
            before *= shape[d];
        }
        int after = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            after *= shape[d];
        }
        this.outer = before;
        this.inner = after;
        requireChannels("moving_mean", movingMean);
        requireChannels("moving_variance", movingVariance);
        if (gamma != null) {
            requireChannels("gamma", gamma);
        }
        if (beta != null) {
            requireChannels("beta", beta);
        }
        double[] s = new double[channels];
        for (int c = 0; c < channels; c++) {
            double denominator = movingVariance.get(c) + epsilon;
            if (!(denominator > 0)) {
                throw new IllegalArgumentException(id + ": moving_variance[" + c + "] + epsilon = " + denominator
                        + " is not positive");
            }
            double rsqrt = 1.0 / Math.sqrt(denominator);
            s[c] = gamma == null ? rsqrt : gamma.get(c) * rsqrt;
        }
        this.mean = movingMean;
        this.scale = Tensor.of(new int[] {channels}, s);
        this.beta = beta;
        this.parameters = movingMean.size() + movingVariance.size() + (gamma == null ? 0 : gamma.size())
                + (beta == null ? 0 : beta.size());
    }

    private void requireChannels(String name, Tensor t) {
        if (t.rank() != 1 || t.dim(0) != channels) {
            throw new IllegalArgumentException(id() + ": " + name + " " + t.shapeString() + ", expected (" + channels + ",)");
        }
    }

    @Override
    public String kind() {
        return "batch_normalization";
    }

    @Override
    public String summary() {
        return "batch_normalization axis " + axis + " (" + channels + ",)";
    }

    public double epsilon() {
        return epsilon;
    }

    /** The folded per-channel factor gamma / √(var + ε). */
    public Tensor scale() {
        return scale;
    }

    @Override
    public long parameterCount() {
        return parameters;
    }

    private int channelOf(int index) {
        return (index / inner) % channels;
    }

    @Override
    public void forward(double[] x, double[] y) {
        for (int i = 0; i < inputSize(); i++) {
            int c = channelOf(i);
            double v = (x[i] - mean.get(c)) * scale.get(c);
            y[i] = beta == null ? v : v + beta.get(c);
        }
    }

    @Override
    public double[][] jacobian(double[] x, double[] y) {
        int n = inputSize();
        double[][] jac = new double[n][n];
        for (int i = 0; i < n; i++) {
            jac[i][i] = scale.get(channelOf(i));
        }
        return jac;
    }

    @Override
    public long rowCost() {
        return inputSize();
    }

    @Override
    public long forwardCost() {
        return 2L * inputSize();
    }

    private String meanField() {
        return id() + "Mean";
    }

    private String scaleField() {
        return id() + "Scale";
    }

    private String betaField() {
        return id() + "Beta";
    }

    @Override
    public void declare(Members members) {
        members.weightVector(meanField(), id() + ".moving_mean", mean);
        members.weightVector(scaleField(), id() + ".scale", scale);
        if (beta != null) {
            members.weightVector(betaField(), id() + ".beta", beta);
        }
    }

    @Override
    public CodeBlock forwardCode() {
        String value = "(x[i] - m[c]) * s[c]" + (beta == null ? "" : " + b[c]");
        String channelValue = "(x[i] - mc) * sc" + (beta == null ? "" : " + bc");
        CodeBlock.Builder code = CodeBlock.builder()
                .add("// y = (x - mean) * (gamma / sqrt(var + eps))$L per channel\n", beta == null ? "" : " + beta")
                .addStatement("double[] m = $L", meanField())
                .addStatement("double[] s = $L", scaleField());
        if (beta != null) {
            code.addStatement("double[] b = $L", betaField());
        }
        return code.add(loops("y[i] = " + value, "y[i] = " + channelValue, true, beta != null)).build();
    }

    /**
     * The loop nest over every value: with inner = 1, a contiguous row of channels per position
     * ({@code perElement}, indexing weights by c); otherwise a contiguous run of {@code inner} values per
     * channel ({@code perChannel}, with the channel's constants hoisted into mc, sc, bc).
     */
    private CodeBlock loops(String perElement, String perChannel, boolean hoistMean, boolean hoistBeta) {
        CodeBlock.Builder code = CodeBlock.builder();
        if (inner == 1) {
            code.beginControlFlow("for (int p = 0; p < $L; p++)", outer)
                    .addStatement("int base = p * $L", channels)
                    .beginControlFlow("for (int c = 0; c < $L; c++)", channels)
                    .addStatement("int i = base + c")
                    .addStatement(perElement)
                    .endControlFlow()
                    .endControlFlow();
        } else {
            code.beginControlFlow("for (int p = 0; p < $L; p++)", outer)
                    .beginControlFlow("for (int c = 0; c < $L; c++)", channels)
                    .addStatement("int base = (p * $L + c) * $L", channels, inner);
            if (hoistMean) {
                code.addStatement("double mc = m[c]");
            }
            code.addStatement("double sc = s[c]");
            if (hoistBeta) {
                code.addStatement("double bc = b[c]");
            }
            code.beginControlFlow("for (int i = base; i < base + $L; i++)", inner)
                    .addStatement(perChannel)
                    .endControlFlow()
                    .endControlFlow()
                    .endControlFlow();
        }
        return code.build();
    }

    @Override
    public CodeBlock tangentCode() {
        return propagate();
    }

    @Override
    public CodeBlock cotangentCode() {
        return propagate();
    }

    /** Row ← row ⊙ scale, per channel; diagonal, so the same for tangents and cotangents, and safe in place. */
    private CodeBlock propagate() {
        return CodeBlock.builder()
                .add("// row <- row * scale[channel]: the Jacobian is diagonal\n")
                .addStatement("double[] s = $L", scaleField())
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]")
                .add(loops("o[i] = a[i] * s[c]", "o[i] = a[i] * sc", false, false))
                .endControlFlow()
                .build();
    }

    @Override
    public boolean hasSymmetricJacobian() {
        return true;
    }

    @Override
    public boolean propagatesInPlace() {
        return true;
    }
}
