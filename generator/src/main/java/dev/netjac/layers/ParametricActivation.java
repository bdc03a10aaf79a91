package dev.netjac.layers;

import dev.netjac.runtime.ElementFunctions;
import java.util.List;

/**
 * The elementwise functions that take one or two named parameters beyond {@link Activation}'s alpha: ONNX's
 * {@code Pow} with a constant exponent, {@code Clip}, and {@code HardSigmoid} / {@code Selu} with their own
 * constants. Like {@link Activation}, the math lives once in the runtime ({@link ElementFunctions}), called by
 * name from generated code ({@code method(x, p0[, p1])}) and from here by the reference.
 */
public enum ParametricActivation {
    POW("pow", "pow", List.of("exponent")),
    CLIP("clip", "clip", List.of("min", "max")),
    HARD_SIGMOID("hard_sigmoid", "hardSigmoid", List.of("alpha", "beta")),
    SELU("selu", "selu", List.of("alpha", "gamma"));

    private final String specName;
    private final String method;
    private final List<String> parameters;

    ParametricActivation(String specName, String method, List<String> parameters) {
        this.specName = specName;
        this.method = method;
        this.parameters = parameters;
    }

    public String specName() {
        return specName;
    }

    /** The {@link ElementFunctions} method of the value; the derivative adds {@code Derivative}. */
    public String method() {
        return method;
    }

    /** The spec field names of the parameters, in the order the methods take them. */
    public List<String> parameters() {
        return parameters;
    }

    /** f(x; p). */
    public double value(double x, double[] p) {
        switch (this) {
            case POW: return ElementFunctions.pow(x, p[0]);
            case CLIP: return ElementFunctions.clip(x, p[0], p[1]);
            case HARD_SIGMOID: return ElementFunctions.hardSigmoid(x, p[0], p[1]);
            case SELU: return ElementFunctions.selu(x, p[0], p[1]);
            default: throw new AssertionError(this);
        }
    }

    /** f'(x; p), given y = f(x; p). */
    public double derivative(double x, double y, double[] p) {
        switch (this) {
            case POW: return ElementFunctions.powDerivative(x, y, p[0]);
            case CLIP: return ElementFunctions.clipDerivative(x, y, p[0], p[1]);
            case HARD_SIGMOID: return ElementFunctions.hardSigmoidDerivative(x, y, p[0], p[1]);
            case SELU: return ElementFunctions.seluDerivative(x, y, p[0], p[1]);
            default: throw new AssertionError(this);
        }
    }
}
