package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.codegen.Literals;
import dev.netjac.runtime.Activations;

/**
 * Keras's {@code ReLU} layer with its options: y = min(x, max_value) for x &gt; threshold, else
 * negative_slope · (x − threshold). Plain relu (no cap, slope 0, threshold 0) stays an
 * {@link ActivationLayer}; this class is only used when an option is set.
 *
 * <p>The value at the threshold is what Keras computes, {@code x * (x > threshold)}: 0, although Keras's
 * docstring says "x for threshold &lt;= x". For threshold &gt; 0 the function jumps there (from 0 to
 * threshold). Derivatives: 1 strictly inside (threshold, max_value), 0 on [max_value, ∞), negative_slope for
 * x ≤ threshold: the identity piece is open at both ends, as relu'(0) = 0, leaky_relu'(0) = alpha and
 * relu6'(6) = 0 (docs/layers-activations.md).
 */
public final class KerasRelu extends ElementwiseLayer {
    private final double negativeSlope;
    private final double maxValue;
    private final double threshold;

    /** @param maxValue the cap, {@code Double.POSITIVE_INFINITY} for none */
    public KerasRelu(String id, int[] shape, double negativeSlope, double maxValue, double threshold) {
        super(id, shape);
        this.negativeSlope = negativeSlope;
        this.maxValue = maxValue;
        this.threshold = threshold;
    }

    @Override
    public String kind() {
        return "relu";
    }

    @Override
    public String summary() {
        return "relu(" + (maxValue == Double.POSITIVE_INFINITY ? "" : "max_value=" + maxValue + ", ")
                + "negative_slope=" + negativeSlope + ", threshold=" + threshold + ")";
    }

    // The reference, written from the piecewise definition (generated code calls the runtime instead).

    @Override
    protected double value(int j, double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x <= threshold) {
            return negativeSlope == 0 ? 0.0 : negativeSlope * (x - threshold);
        }
        return Math.min(x, maxValue);
    }

    @Override
    protected double slope(int j, double x, double y) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x <= threshold) {
            return negativeSlope;
        }
        return x < maxValue || maxValue == Double.POSITIVE_INFINITY ? 1.0 : 0.0;
    }

    private String parameters() {
        return Literals.of(negativeSlope) + ", " + Literals.of(maxValue) + ", " + Literals.of(threshold);
    }

    @Override
    public CodeBlock forwardCode() {
        return CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                .addStatement("y[j] = $T.relu(x[j], $L)", Activations.class, parameters())
                .endControlFlow()
                .build();
    }

    @Override
    protected CodeBlock slopeCode() {
        return CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                .addStatement("d[j] = $T.reluDerivative(x[j], y[j], $L)", Activations.class, parameters())
                .endControlFlow()
                .build();
    }
}
