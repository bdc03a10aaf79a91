package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.codegen.Literals;
import dev.netjac.runtime.Activations;

/**
 * An elementwise activation y_j = f(x_j). Its Jacobian is diagonal, diag(f'(x)), so propagation scales each
 * row by the derivative vector, computed once per call into scratch; no matrix is ever formed. Where f' is
 * zero (an inactive ReLU unit) the scaled entries become zero and the next dense layer skips them.
 */
public final class ActivationLayer extends Layer {
    private final Activation activation;
    private final double alpha;

    public ActivationLayer(String id, int[] shape, Activation activation, double alpha) {
        super(id, shape, shape);
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
    public void forward(double[] x, double[] y) {
        for (int j = 0; j < inputSize(); j++) {
            y[j] = activation.value(x[j], alpha);
        }
    }

    @Override
    public double[][] jacobian(double[] x, double[] y) {
        int n = inputSize();
        double[][] jac = new double[n][n];
        for (int j = 0; j < n; j++) {
            jac[j][j] = activation.derivative(x[j], y[j], alpha);
        }
        return jac;
    }

    @Override
    public long rowCost() {
        return inputSize();
    }

    @Override
    public long forwardCost() {
        return inputSize();
    }

    private String derivativeField() {
        return id() + "Slope";
    }

    @Override
    public void declare(Members members) {
        members.scratch(derivativeField(), inputSize());
    }

    private CodeBlock call(String method, String args) {
        if (activation.hasAlpha()) {
            return CodeBlock.of("$T.$L($L, $L)", Activations.class, method, args, Literals.of(alpha));
        }
        return CodeBlock.of("$T.$L($L)", Activations.class, method, args);
    }

    @Override
    public CodeBlock forwardCode() {
        return CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                .addStatement("y[j] = $L", call(activation.method(), "x[j]"))
                .endControlFlow()
                .build();
    }

    @Override
    public CodeBlock derivativeCode() {
        return CodeBlock.builder()
                .addStatement("double[] d = $L", derivativeField())
                .beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                .addStatement("d[j] = $L", call(activation.method() + "Derivative", "x[j], y[j]"))
                .endControlFlow()
                .build();
    }

    @Override
    public CodeBlock tangentCode() {
        return scaleRows();
    }

    @Override
    public CodeBlock cotangentCode() {
        return scaleRows();
    }

    /** A diagonal Jacobian is symmetric: tangents and cotangents are both scaled by f'(x). */
    private CodeBlock scaleRows() {
        return CodeBlock.builder()
                .addStatement("double[] d = $L", derivativeField())
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]")
                .beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                .addStatement("o[j] = a[j] * d[j]")
                .endControlFlow()
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
