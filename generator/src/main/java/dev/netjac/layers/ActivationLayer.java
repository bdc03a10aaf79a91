package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.codegen.Literals;
import dev.netjac.runtime.RowActivations;

/**
 * An elementwise activation y_j = f(x_j), f one of the {@link Activation}s. Its Jacobian is diagonal,
 * diag(f'(x)), so propagation scales each row by the derivative vector, computed once per call into scratch;
 * no matrix is ever formed. Where f' is zero (an inactive ReLU unit) the scaled entries become zero and the
 * next dense layer skips them. The scalar math of both f and f' lives once, in the runtime's
 * {@code Activations} or {@code ElementFunctions}, which generated code calls and the reference evaluator reaches
 * through {@link Activation}. Activations whose cost is a transcendental function with a lanewise Vector API form
 * (tanh, sigmoid, exponential) are evaluated a whole row per call through {@link RowActivations}, which
 * computes the same formulas with vector math when the JVM has the Vector API and element by element
 * otherwise.
 */
public final class ActivationLayer extends ElementwiseLayer {
    private final Activation activation;
    private final double alpha;

    public ActivationLayer(String id, int[] shape, Activation activation, double alpha) {
        super(id, shape);
        this.activation = activation;
        this.alpha = activation.hasAlpha() ? alpha : Double.NaN;
    }

    public Activation activation() {
        return activation;
    }

    public double alpha() {
        return alpha;
    }

    @Override
    public String kind() {
        return activation.specName();
    }

    @Override
    public String summary() {
        return activation.specName() + (activation.hasAlpha() ? "(alpha=" + alpha + ")" : "");
    }

    @Override
    protected double value(int j, double x) {
        return activation.value(x, alpha);
    }

    @Override
    protected double slope(int j, double x, double y) {
        return activation.derivative(x, y, alpha);
    }

    private CodeBlock call(String method, String args) {
        if (activation.hasAlpha()) {
            return CodeBlock.of("$T.$L($L, $L)", activation.owner(), method, args, Literals.of(alpha));
        }
        return CodeBlock.of("$T.$L($L)", activation.owner(), method, args);
    }

    /** Whether {@link RowActivations} has this activation's row form. */
    private boolean hasRowForm() {
        switch (activation) {
            case TANH:
            case SIGMOID:
            case EXPONENTIAL:
                return true;
            default:
                return false;
        }
    }

    @Override
    public CodeBlock forwardCode() {
        if (hasRowForm()) {
            return CodeBlock.builder()
                    .addStatement("$T.$L(x, y, $L)", RowActivations.class, activation.method(), inputSize())
                    .build();
        }
        return CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                .addStatement("y[j] = $L", call(activation.method(), "x[j]"))
                .endControlFlow()
                .build();
    }

    @Override
    protected CodeBlock slopeCode() {
        if (hasRowForm() && activation != Activation.EXPONENTIAL) {   // exp's slope is y itself: a copy loop
            return CodeBlock.builder()
                    .addStatement("$T.$LDerivative(x, y, d, $L)", RowActivations.class, activation.method(), inputSize())
                    .build();
        }
        return CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                .addStatement("d[j] = $L", call(activation.method() + "Derivative", "x[j], y[j]"))
                .endControlFlow()
                .build();
    }
}
