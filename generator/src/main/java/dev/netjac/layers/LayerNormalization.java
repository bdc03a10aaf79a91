package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.codegen.Literals;
import dev.netjac.weights.Tensor;

/**
 * Keras {@code LayerNormalization} over the trailing axes: the values split into {@code groups} contiguous
 * groups of n (n = the product of the normalized dimensions, one group per leading position), and each group
 * is normalized on its own, as TF.js computes it in float64:
 * mean = Σx / n, var = Σ(x − mean)² / n (biased, via moments), inv = 1 / √(var + ε),
 * y = (x − mean) · (gamma · inv) + beta, with gamma and beta (shaped like the normalized axes, flat here)
 * indexed by the position inside the group.
 *
 * <p>Jacobian, per group, with x̂ = (x − mean)·inv: J = diag(gamma) · inv · (I − 11ᵀ/n − x̂x̂ᵀ/n) (exact, ε
 * included). It is never formed: a tangent t maps to gamma ⊙ inv · (t − mean(t) − x̂·mean(x̂ ⊙ t)), a cotangent
 * g to inv · (h − mean(h) − x̂·mean(x̂ ⊙ h)) with h = gamma ⊙ g: two passes over each group, O(n) per row.
 * Both read their whole group before writing it, so they are safe in place. The derivative step stores x̂ and
 * inv as scratch.
 */
public final class LayerNormalization extends Layer {
    private final int groups;
    private final int n;
    private final double epsilon;
    private final Tensor gamma;
    private final Tensor beta;

    /**
     * @param normalizedAxes how many trailing axes are normalized (1 for axis −1)
     * @param gamma n values or null (scale false); beta likewise (center false)
     */
    public LayerNormalization(String id, int[] shape, int normalizedAxes, double epsilon, Tensor gamma, Tensor beta) {
        super(id, shape, shape);
        if (normalizedAxes < 1 || normalizedAxes > shape.length) {
            throw new IllegalArgumentException(id + ": cannot normalize " + normalizedAxes + " trailing axes of rank " + shape.length);
        }
        int size = 1;
        for (int d = shape.length - normalizedAxes; d < shape.length; d++) {
            size *= shape[d];
        }
        this.n = size;
        this.groups = inputSize() / size;
        this.epsilon = epsilon;
        if (gamma != null && gamma.size() != n) {
            throw new IllegalArgumentException(id + ": gamma " + gamma.shapeString() + " does not have " + n + " values");
        }
        if (beta != null && beta.size() != n) {
            throw new IllegalArgumentException(id + ": beta " + beta.shapeString() + " does not have " + n + " values");
        }
        this.gamma = gamma == null ? null : Tensor.of(new int[] {n}, gamma.toArray());
        this.beta = beta == null ? null : Tensor.of(new int[] {n}, beta.toArray());
    }

    @Override
    public String kind() {
        return "layer_normalization";
    }

    @Override
    public String summary() {
        return "layer_normalization " + groups + " x " + n;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    public long parameterCount() {
        return (gamma == null ? 0 : n) + (beta == null ? 0 : n);
    }

    private double gammaAt(int i) {
        return gamma == null ? 1.0 : gamma.get(i);
    }

    /** The group's mean and 1/√(var + ε), in the order the generated code uses. */
    private double[] moments(double[] x, int off) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            sum += x[off + i];
        }
        double mean = sum / n;
        double squares = 0.0;
        for (int i = 0; i < n; i++) {
            double d = x[off + i] - mean;
            squares += d * d;
        }
        double variance = squares / n;
        return new double[] {mean, 1.0 / Math.sqrt(variance + epsilon)};
    }

    @Override
    public void forward(double[] x, double[] y) {
        for (int g = 0; g < groups; g++) {
            int off = g * n;
            double[] mi = moments(x, off);
            for (int i = 0; i < n; i++) {
                double v = (x[off + i] - mi[0]) * (gammaAt(i) * mi[1]);
                y[off + i] = beta == null ? v : v + beta.get(i);
            }
        }
    }

    /** Per group: (γ/σ)(I − 11ᵀ/n − x̂x̂ᵀ/n). */
    @Override
    public double[][] jacobian(double[] x, double[] y) {
        return local(x, false);
    }

    /**
     * The three terms of each entry added as magnitudes: over a short axis they cancel (with two values the
     * whole Jacobian is ~ε/var), and no float64 evaluation is accurate relative to the tiny result.
     */
    @Override
    public double[][] jacobianMagnitude(double[] x, double[] y) {
        return local(x, true);
    }

    /** The local Jacobian, or with {@code magnitude} the sum of its terms' magnitudes, entry by entry. */
    private double[][] local(double[] x, boolean magnitude) {
        int size = inputSize();
        double[][] jac = new double[size][size];
        double sign = magnitude ? 1.0 : -1.0;
        for (int g = 0; g < groups; g++) {
            int off = g * n;
            double[] mi = moments(x, off);
            double[] xhat = new double[n];
            for (int i = 0; i < n; i++) {
                xhat[i] = (x[off + i] - mi[0]) * mi[1];
            }
            for (int i = 0; i < n; i++) {
                double scale = (magnitude ? Math.abs(gammaAt(i)) : gammaAt(i)) * mi[1];
                for (int j = 0; j < n; j++) {
                    double delta = i == j ? 1.0 : 0.0;
                    double outer = magnitude ? Math.abs(xhat[i] * xhat[j]) : xhat[i] * xhat[j];
                    jac[off + i][off + j] = scale * (delta + sign * (1.0 / n + outer / n));
                }
            }
        }
        return jac;
    }

    /** Per value: a sum, a multiply-add for the two means, and ~3 operations to write the result. */
    @Override
    public long rowCost() {
        return 5L * inputSize();
    }

    @Override
    public long forwardCost() {
        return 5L * inputSize();
    }

    private String xhatField() {
        return id() + "Xhat";
    }

    private String invField() {
        return id() + "Inv";
    }

    private String gammaField() {
        return id() + "Gamma";
    }

    private String betaField() {
        return id() + "Beta";
    }

    @Override
    public void declare(Members members) {
        if (gamma != null) {
            members.weightVector(gammaField(), id() + ".gamma", gamma);
        }
        if (beta != null) {
            members.weightVector(betaField(), id() + ".beta", beta);
        }
        members.scratch(xhatField(), inputSize());
        members.scratch(invField(), groups);
    }

    /** {@code gamma[i] * expr}, or {@code expr} without scale. */
    private String gammaTimes(String expr) {
        return gamma == null ? expr : "gm[i] * " + expr;
    }

    /** Declares gm (and bt) for the method body. */
    private void weights(CodeBlock.Builder code, boolean withBeta) {
        if (gamma != null) {
            code.addStatement("double[] gm = $L", gammaField());
        }
        if (withBeta && beta != null) {
            code.addStatement("double[] bt = $L", betaField());
        }
    }

    /** Sets {@code mean} and {@code inv} for the group at {@code off} of {@code x}; same order as the reference. */
    private CodeBlock moments() {
        return CodeBlock.builder()
                .addStatement("double sum = 0.0")
                .beginControlFlow("for (int i = off; i < off + $L; i++)", n)
                .addStatement("sum += x[i]")
                .endControlFlow()
                .addStatement("double mean = sum / $L", n)
                .addStatement("double squares = 0.0")
                .beginControlFlow("for (int i = off; i < off + $L; i++)", n)
                .addStatement("double d = x[i] - mean")
                .addStatement("squares += d * d")
                .endControlFlow()
                .addStatement("double inv = 1.0 / $T.sqrt(squares / $L + $L)", Math.class, n, Literals.of(epsilon))
                .build();
    }

    @Override
    public CodeBlock forwardCode() {
        CodeBlock.Builder code = CodeBlock.builder()
                .add("// per group of $L: y = (x - mean) * (gamma / sqrt(var + eps)) + beta\n", n);
        weights(code, true);
        return code.beginControlFlow("for (int g = 0; g < $L; g++)", groups)
                .addStatement("int off = g * $L", n)
                .add(moments())
                .beginControlFlow("for (int i = 0; i < $L; i++)", n)
                .addStatement("y[off + i] = (x[off + i] - mean) * ($L)$L", gammaTimes("inv"), beta == null ? "" : " + bt[i]")
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    @Override
    public boolean hasDerivative() {
        return true;
    }

    @Override
    public CodeBlock derivativeCode() {
        return CodeBlock.builder()
                .add("// x-hat and 1 / sqrt(var + eps) per group, read by propagation\n")
                .addStatement("double[] xh = $L", xhatField())
                .addStatement("double[] iv = $L", invField())
                .beginControlFlow("for (int g = 0; g < $L; g++)", groups)
                .addStatement("int off = g * $L", n)
                .add(moments())
                .addStatement("iv[g] = inv")
                .beginControlFlow("for (int i = off; i < off + $L; i++)", n)
                .addStatement("xh[i] = (x[i] - mean) * inv")
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    @Override
    public CodeBlock tangentCode() {
        CodeBlock.Builder code = CodeBlock.builder()
                .add("// t -> gamma * inv * (t - mean(t) - xhat * mean(xhat * t)), per group\n")
                .addStatement("double[] xh = $L", xhatField())
                .addStatement("double[] iv = $L", invField());
        weights(code, false);
        return code.beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]")
                .beginControlFlow("for (int g = 0; g < $L; g++)", groups)
                .addStatement("int off = g * $L", n)
                .addStatement("double st = 0.0")
                .addStatement("double sx = 0.0")
                .beginControlFlow("for (int k = off; k < off + $L; k++)", n)
                .addStatement("double t = a[k]")
                .addStatement("st += t")
                .addStatement("sx += xh[k] * t")
                .endControlFlow()
                .addStatement("double mt = st / $L", n)
                .addStatement("double mx = sx / $L", n)
                .addStatement("double inv = iv[g]")
                .beginControlFlow("for (int i = 0; i < $L; i++)", n)
                .addStatement("int k = off + i")
                .addStatement("o[k] = $L", gammaTimes("inv * (a[k] - mt - xh[k] * mx)"))
                .endControlFlow()
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    @Override
    public CodeBlock cotangentCode() {
        CodeBlock.Builder code = CodeBlock.builder()
                .add("// g -> inv * (h - mean(h) - xhat * mean(xhat * h)), h = gamma * g, per group\n")
                .addStatement("double[] xh = $L", xhatField())
                .addStatement("double[] iv = $L", invField());
        weights(code, false);
        return code.beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]")
                .beginControlFlow("for (int g = 0; g < $L; g++)", groups)
                .addStatement("int off = g * $L", n)
                .addStatement("double sh = 0.0")
                .addStatement("double sx = 0.0")
                .beginControlFlow("for (int i = 0; i < $L; i++)", n)
                .addStatement("int k = off + i")
                .addStatement("double h = $L", gammaTimes("a[k]"))
                .addStatement("sh += h")
                .addStatement("sx += xh[k] * h")
                .endControlFlow()
                .addStatement("double mh = sh / $L", n)
                .addStatement("double mx = sx / $L", n)
                .addStatement("double inv = iv[g]")
                .beginControlFlow("for (int i = 0; i < $L; i++)", n)
                .addStatement("int k = off + i")
                .addStatement("o[k] = inv * ($L - mh - xh[k] * mx)", gammaTimes("a[k]"))
                .endControlFlow()
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    @Override
    public boolean propagatesInPlace() {
        return true;
    }
}
