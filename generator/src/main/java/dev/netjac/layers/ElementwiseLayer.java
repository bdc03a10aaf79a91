package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;

/**
 * A layer y_j = f_j(x_j) whose function may depend on the element j (PReLU's alpha) or carry parameters
 * (ReLU's cap and threshold). Like {@link ActivationLayer}, its Jacobian is diagonal: the derivative vector
 * f'(x) is computed once per call into scratch and propagation scales every row by it, in place. Subclasses
 * state the math twice, side by side: {@link #value}/{@link #slope} for the reference evaluator, and
 * {@link #forwardCode()}/{@link #slopeCode()} for generated code.
 */
public abstract class ElementwiseLayer extends Layer {

    protected ElementwiseLayer(String id, int[] shape) {
        super(id, shape, shape);
    }

    /** Reference f_j(x). */
    protected abstract double value(int j, double x);

    /** Reference f_j'(x), given y = f_j(x); the convention at kinks is the subclass's to state. */
    protected abstract double slope(int j, double x, double y);

    /**
     * Body of {@code <id>Derivative(double[] x, double[] y)}: fill {@code d} (already declared, the scratch
     * field {@link #slopeField()}) with f_j'(x_j) for every j.
     */
    protected abstract CodeBlock slopeCode();

    @Override
    public final void forward(double[] x, double[] y) {
        for (int j = 0; j < inputSize(); j++) {
            y[j] = value(j, x[j]);
        }
    }

    @Override
    public final double[][] jacobian(double[] x, double[] y) {
        int n = inputSize();
        double[][] jac = new double[n][n];
        for (int j = 0; j < n; j++) {
            jac[j][j] = slope(j, x[j], y[j]);
        }
        return jac;
    }

    /** One multiply per entry of a row. */
    @Override
    public long rowCost() {
        return inputSize();
    }

    @Override
    public long forwardCost() {
        return inputSize();
    }

    protected final String slopeField() {
        return id() + "Slope";
    }

    /** Subclasses with weights declare them too, and call this. */
    @Override
    public void declare(Members members) {
        members.scratch(slopeField(), inputSize());
    }

    @Override
    public final boolean hasDerivative() {
        return true;
    }

    @Override
    public final CodeBlock derivativeCode() {
        return CodeBlock.builder()
                .addStatement("double[] d = $L", slopeField())
                .add(slopeCode())
                .build();
    }

    @Override
    public final CodeBlock tangentCode() {
        return scaleRows();
    }

    @Override
    public final CodeBlock cotangentCode() {
        return scaleRows();
    }

    /** A diagonal Jacobian is symmetric: tangents and cotangents are both scaled by f'(x). */
    private CodeBlock scaleRows() {
        return CodeBlock.builder()
                .addStatement("double[] d = $L", slopeField())
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
    public final boolean hasSymmetricJacobian() {
        return true;
    }

    @Override
    public final boolean propagatesInPlace() {
        return true;
    }
}
