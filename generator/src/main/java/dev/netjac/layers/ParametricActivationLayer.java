package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.codegen.Literals;
import dev.netjac.runtime.ElementFunctions;
import java.util.ArrayList;
import java.util.List;

/**
 * An elementwise function with named parameters, y_j = f(x_j; p) for one {@link ParametricActivation} (pow,
 * clip, hard_sigmoid with alpha and beta, selu with alpha and gamma). Diagonal Jacobian, as every
 * {@link ElementwiseLayer}; the parameters are written into the generated calls as literals.
 */
public final class ParametricActivationLayer extends ElementwiseLayer {
    private final ParametricActivation function;
    private final double[] parameters;

    public ParametricActivationLayer(String id, int[] shape, ParametricActivation function, double... parameters) {
        super(id, shape);
        if (parameters.length != function.parameters().size()) {
            throw new IllegalArgumentException(function.specName() + " takes " + function.parameters() + ", given "
                    + parameters.length + " values");
        }
        this.function = function;
        this.parameters = parameters.clone();
    }

    @Override
    public String kind() {
        return function.specName();
    }

    @Override
    public String summary() {
        List<String> named = new ArrayList<>();
        for (int i = 0; i < parameters.length; i++) {
            named.add(function.parameters().get(i) + "=" + parameters[i]);
        }
        return function.specName() + "(" + String.join(", ", named) + ")";
    }

    @Override
    protected double value(int j, double x) {
        return function.value(x, parameters);
    }

    @Override
    protected double slope(int j, double x, double y) {
        return function.derivative(x, y, parameters);
    }

    private CodeBlock call(String method, String args) {
        StringBuilder all = new StringBuilder(args);
        for (double p : parameters) {
            all.append(", ").append(Literals.of(p));
        }
        return CodeBlock.of("$T.$L($L)", ElementFunctions.class, method, all);
    }

    @Override
    public CodeBlock forwardCode() {
        return CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                .addStatement("y[j] = $L", call(function.method(), "x[j]"))
                .endControlFlow()
                .build();
    }

    @Override
    protected CodeBlock slopeCode() {
        return CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                .addStatement("d[j] = $L", call(function.method() + "Derivative", "x[j], y[j]"))
                .endControlFlow()
                .build();
    }
}
