package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.graph.Shapes;
import dev.netjac.weights.Tensor;

/**
 * y = x·scale + offset elementwise, scale and offset broadcast to the input shape (NumPy's rules): a
 * scikit-learn scaler, an ONNX Mul/Add with a constant, a folded normalization. Either may be absent (scale 1,
 * offset 0). The Jacobian is diag(scale), constant, so propagation scales rows by the stretched scale vector,
 * in place, with no derivative pass; without a scale it is I and rows are copied.
 *
 * <p>Both weights are stored stretched to the input's size, so every loop is one contiguous pass.
 */
public final class Affine extends Layer {
    private final Tensor scale; // stretched to the input shape, or null
    private final Tensor offset; // stretched to the input shape, or null
    private final long parameters;

    /**
     * @param scale any shape that broadcasts to {@code shape}, or null for 1
     * @param offset any shape that broadcasts to {@code shape}, or null for 0
     */
    public Affine(String id, int[] shape, Tensor scale, Tensor offset) {
        super(id, shape, shape);
        if (scale == null && offset == null) {
            throw new IllegalArgumentException(id + ": affine needs a scale or an offset");
        }
        this.scale = stretched(id, "scale", scale, shape);
        this.offset = stretched(id, "offset", offset, shape);
        this.parameters = (scale == null ? 0 : scale.size()) + (offset == null ? 0 : offset.size());
    }

    private static Tensor stretched(String id, String what, Tensor weight, int[] shape) {
        if (weight == null) {
            return null;
        }
        if (!Broadcasting.fits(weight.shape(), shape)) {
            throw new IllegalArgumentException(id + ": " + what + " " + weight.shapeString()
                    + " does not broadcast to input " + Shapes.toString(shape));
        }
        return Broadcasting.expand(weight, shape);
    }

    @Override
    public String kind() {
        return "affine";
    }

    @Override
    public String summary() {
        return "affine" + (scale == null ? "" : " scale") + (offset == null ? "" : " offset");
    }

    @Override
    public long parameterCount() {
        return parameters;
    }

    // ---- Reference ----

    @Override
    public void forward(double[] x, double[] y) {
        for (int j = 0; j < inputSize(); j++) {
            y[j] = x[j] * (scale == null ? 1.0 : scale.get(j)) + (offset == null ? 0.0 : offset.get(j));
        }
    }

    @Override
    public double[][] jacobian(double[] x, double[] y) {
        int n = inputSize();
        double[][] jac = new double[n][n];
        for (int j = 0; j < n; j++) {
            jac[j][j] = scale == null ? 1.0 : scale.get(j);
        }
        return jac;
    }

    // ---- Cost: one multiply (or copy) per value ----

    @Override
    public long rowCost() {
        return inputSize();
    }

    @Override
    public long forwardCost() {
        return inputSize();
    }

    // ---- Generated code ----

    private String scaleField() {
        return id() + "Scale";
    }

    private String offsetField() {
        return id() + "Offset";
    }

    @Override
    public void declare(Members members) {
        if (scale != null) {
            members.weightVector(scaleField(), id() + ".scale", scale);
        }
        if (offset != null) {
            members.weightVector(offsetField(), id() + ".offset", offset);
        }
    }

    @Override
    public CodeBlock forwardCode() {
        String value = (scale == null ? "x[j]" : "x[j] * " + scaleField() + "[j]")
                + (offset == null ? "" : " + " + offsetField() + "[j]");
        return CodeBlock.builder()
                .beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                .addStatement("y[j] = $L", value)
                .endControlFlow()
                .build();
    }

    @Override
    public CodeBlock tangentCode() {
        return propagate();
    }

    @Override
    public CodeBlock cotangentCode() {
        return propagate();
    }

    /** J = diag(scale) is symmetric: both directions scale each row (or copy it, when J = I). */
    private CodeBlock propagate() {
        CodeBlock.Builder code = CodeBlock.builder().beginControlFlow("for (int r = 0; r < rows; r++)");
        if (scale == null) {
            code.beginControlFlow("if (in[r] != out[r])")
                    .addStatement("$T.arraycopy(in[r], 0, out[r], 0, $L)", System.class, inputSize())
                    .endControlFlow();
        } else {
            code.addStatement("double[] a = in[r]")
                    .addStatement("double[] o = out[r]")
                    .addStatement("double[] s = $L", scaleField())
                    .beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                    .addStatement("o[j] = a[j] * s[j]")
                    .endControlFlow();
        }
        return code.endControlFlow().build();
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
