package dev.netjac.layers;

import dev.netjac.runtime.Activations;
import dev.netjac.runtime.ElementFunctions;
import java.util.Locale;

/**
 * The elementwise activation functions, by spec name. The math itself lives once, in the runtime's
 * {@link Activations} (the Keras activations) or {@link ElementFunctions} (the further functions ONNX models
 * use), which generated code calls by method name ({@link #owner()}, {@link #method()}) and the reference
 * evaluator calls here; exact definitions and the derivative convention at each kink are in
 * {@code docs/activations.md}.
 */
public enum Activation {
    LINEAR("linear", "linear", false),
    RELU("relu", "relu", false),
    RELU6("relu6", "relu6", false),
    LEAKY_RELU("leaky_relu", "leakyRelu", true, 0.2),
    ELU("elu", "elu", true, 1.0),
    SELU("selu", "selu", false),
    SIGMOID("sigmoid", "sigmoid", false),
    HARD_SIGMOID("hard_sigmoid", "hardSigmoid", false),
    HARD_SIGMOID_RELU6("hard_sigmoid_relu6", "hardSigmoidRelu6", false),
    TANH("tanh", "tanh", false),
    SOFTPLUS("softplus", "softplus", false),
    SOFTSIGN("softsign", "softsign", false),
    SWISH("swish", "swish", false),
    GELU("gelu", "gelu", false),
    GELU_TANH("gelu_tanh", "geluTanh", false),
    MISH("mish", "mish", false),
    EXPONENTIAL("exponential", "exponential", false),
    ERF("erf", "erf", false),
    LOG("log", ElementFunctions.class, false),
    SQRT("sqrt", ElementFunctions.class, false),
    ABS("abs", ElementFunctions.class, true),
    NEG("neg", ElementFunctions.class, true),
    RECIPROCAL("reciprocal", ElementFunctions.class, false),
    HARD_SWISH("hard_swish", "hardSwish", false, Double.NaN, ElementFunctions.class, true),
    CELU("celu", "celu", true, 1.0, ElementFunctions.class, true);

    private final String specName;
    private final String method;
    private final boolean hasAlpha;
    private final double defaultAlpha;
    private final Class<?> owner;
    private final boolean realDomain;

    Activation(String specName, String method, boolean hasAlpha) {
        this(specName, method, hasAlpha, Double.NaN);
    }

    Activation(String specName, String method, boolean hasAlpha, double defaultAlpha) {
        this(specName, method, hasAlpha, defaultAlpha, Activations.class, true);
    }

    /** A function without alpha whose method is its spec name. */
    Activation(String specName, Class<?> owner, boolean realDomain) {
        this(specName, specName, false, Double.NaN, owner, realDomain);
    }

    Activation(String specName, String method, boolean hasAlpha, double defaultAlpha, Class<?> owner, boolean realDomain) {
        this.specName = specName;
        this.method = method;
        this.hasAlpha = hasAlpha;
        this.defaultAlpha = defaultAlpha;
        this.owner = owner;
        this.realDomain = realDomain;
    }

    /** The runtime class holding {@link #method()} and its derivative. */
    public Class<?> owner() {
        return owner;
    }

    /**
     * False for the functions that are not finite on every real number (log, sqrt, reciprocal): random
     * networks leave them out, and their contract rows draw positive inputs.
     */
    public boolean realDomain() {
        return realDomain;
    }

    public String specName() {
        return specName;
    }

    /** The name of the {@link Activations} method computing the value; the derivative adds {@code Derivative}. */
    public String method() {
        return method;
    }

    /** True for functions with a parameter alpha (leaky_relu's negative slope, elu's saturation value). */
    public boolean hasAlpha() {
        return hasAlpha;
    }

    public double defaultAlpha() {
        return defaultAlpha;
    }

    /** Looks up a spec name or one of the aliases frameworks use; null when unknown. */
    public static Activation forName(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        switch (key) {
            case "silu":
                return SWISH;
            case "hardsigmoid":
                return HARD_SIGMOID_RELU6;
            case "leakyrelu":
                return LEAKY_RELU;
            case "exp":
                return EXPONENTIAL;
            default:
                for (Activation a : values()) {
                    if (a.specName.equals(key)) {
                        return a;
                    }
                }
                return null;
        }
    }

    /** f(x). */
    public double value(double x, double alpha) {
        switch (this) {
            case LINEAR: return Activations.linear(x);
            case RELU: return Activations.relu(x);
            case RELU6: return Activations.relu6(x);
            case LEAKY_RELU: return Activations.leakyRelu(x, alpha);
            case ELU: return Activations.elu(x, alpha);
            case SELU: return Activations.selu(x);
            case SIGMOID: return Activations.sigmoid(x);
            case HARD_SIGMOID: return Activations.hardSigmoid(x);
            case HARD_SIGMOID_RELU6: return Activations.hardSigmoidRelu6(x);
            case TANH: return Activations.tanh(x);
            case SOFTPLUS: return Activations.softplus(x);
            case SOFTSIGN: return Activations.softsign(x);
            case SWISH: return Activations.swish(x);
            case GELU: return Activations.gelu(x);
            case GELU_TANH: return Activations.geluTanh(x);
            case MISH: return Activations.mish(x);
            case EXPONENTIAL: return Activations.exponential(x);
            case ERF: return Activations.erf(x);
            case LOG: return ElementFunctions.log(x);
            case SQRT: return ElementFunctions.sqrt(x);
            case ABS: return ElementFunctions.abs(x);
            case NEG: return ElementFunctions.neg(x);
            case RECIPROCAL: return ElementFunctions.reciprocal(x);
            case HARD_SWISH: return ElementFunctions.hardSwish(x);
            case CELU: return ElementFunctions.celu(x, alpha);
            default: throw new AssertionError(this);
        }
    }

    /** f'(x), given y = f(x). */
    public double derivative(double x, double y, double alpha) {
        switch (this) {
            case LINEAR: return Activations.linearDerivative(x, y);
            case RELU: return Activations.reluDerivative(x, y);
            case RELU6: return Activations.relu6Derivative(x, y);
            case LEAKY_RELU: return Activations.leakyReluDerivative(x, y, alpha);
            case ELU: return Activations.eluDerivative(x, y, alpha);
            case SELU: return Activations.seluDerivative(x, y);
            case SIGMOID: return Activations.sigmoidDerivative(x, y);
            case HARD_SIGMOID: return Activations.hardSigmoidDerivative(x, y);
            case HARD_SIGMOID_RELU6: return Activations.hardSigmoidRelu6Derivative(x, y);
            case TANH: return Activations.tanhDerivative(x, y);
            case SOFTPLUS: return Activations.softplusDerivative(x, y);
            case SOFTSIGN: return Activations.softsignDerivative(x, y);
            case SWISH: return Activations.swishDerivative(x, y);
            case GELU: return Activations.geluDerivative(x, y);
            case GELU_TANH: return Activations.geluTanhDerivative(x, y);
            case MISH: return Activations.mishDerivative(x, y);
            case EXPONENTIAL: return Activations.exponentialDerivative(x, y);
            case ERF: return Activations.erfDerivative(x, y);
            case LOG: return ElementFunctions.logDerivative(x, y);
            case SQRT: return ElementFunctions.sqrtDerivative(x, y);
            case ABS: return ElementFunctions.absDerivative(x, y);
            case NEG: return ElementFunctions.negDerivative(x, y);
            case RECIPROCAL: return ElementFunctions.reciprocalDerivative(x, y);
            case HARD_SWISH: return ElementFunctions.hardSwishDerivative(x, y);
            case CELU: return ElementFunctions.celuDerivative(x, y, alpha);
            default: throw new AssertionError(this);
        }
    }
}
