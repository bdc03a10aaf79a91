package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.codegen.Literals;
import dev.netjac.runtime.Activations;

/**
 * Keras's {@code ThresholdedReLU}: y = x for x &gt; theta, else 0 (so y(theta) = 0, as Keras's
 * {@code x * (x > theta)}). Derivative 1 for x &gt; theta, else 0, also at theta.
 */
public final class ThresholdedRelu extends ElementwiseLayer {
    private final double theta;

    public ThresholdedRelu(String id, int[] shape, double theta) {
        super(id, shape);
        this.theta = theta;
    }

    @Override
    public String kind() {
        return "thresholded_relu";
    }

    @Override
    public String summary() {
        return "thresholded_relu(theta=" + theta + ")";
    }

    @Override
    protected double value(int j, double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        return x > theta ? x : 0.0;
    }

    @Override
    protected double slope(int j, double x, double y) {
        if (Double.isNaN(x)) {
            return x;
        }
        return x > theta ? 1.0 : 0.0;
    }

    @Override
    public CodeBlock forwardCode() {
        return CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                .addStatement("y[j] = $T.thresholdedRelu(x[j], $L)", Activations.class, Literals.of(theta))
                .endControlFlow()
                .build();
    }

    @Override
    protected CodeBlock slopeCode() {
        return CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                .addStatement("d[j] = $T.thresholdedReluDerivative(x[j], y[j], $L)", Activations.class, Literals.of(theta))
                .endControlFlow()
                .build();
    }
}
