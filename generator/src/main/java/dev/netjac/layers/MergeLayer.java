package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.graph.Shapes;
import java.util.ArrayList;
import java.util.List;

/**
 * A layer that reads two or more inputs (add, subtract, multiply, concatenate): where residual branches
 * meet. Its rules are stated per input.
 *
 * <p>Code conventions, with k inputs, in the generated class:
 * <ul>
 *   <li>{@link #forwardCode()}: body of {@code void <id>Forward(double[] x0, ..., double[] x(k-1), double[] y)};</li>
 *   <li>{@link #tangentCode()}: body of {@code void <id>Tangent(double[] x0, ..., double[] y, double[][] in0, ...,
 *       double[][] in(k-1), double[][] out, int rows)} with out[r] = Σᵢ Jᵢ·inᵢ[r];</li>
 *   <li>{@link #cotangentCode(int)}: body of {@code void <id>Cotangent<i>(double[] x0, ..., double[] y,
 *       double[][] in, double[][] out, int rows)} with out[r] = in[r]ᵀ·Jᵢ, for each input where
 *       {@link #isIdentity(int)} is false; where Jᵢ is the identity the emitter hands the cotangent rows on
 *       as they are (adding them where branches meet) and calls no method.</li>
 * </ul>
 * The single-input forms of {@link Layer} do not apply and throw.
 */
public abstract class MergeLayer extends Layer {
    private final List<int[]> inputShapes;

    protected MergeLayer(String id, List<int[]> inputShapes, int[] outputShape) {
        super(id, inputShapes.get(0), outputShape);
        if (inputShapes.size() < 2) {
            throw new IllegalArgumentException(kind() + " needs at least two inputs, found " + inputShapes.size());
        }
        List<int[]> copies = new ArrayList<>();
        for (int[] shape : inputShapes) {
            copies.add(shape.clone());
        }
        this.inputShapes = List.copyOf(copies);
    }

    /** Checks that every input has the same shape, as elementwise merges need; returns it. */
    protected static int[] sameShapes(String kind, List<int[]> shapes) {
        for (int[] shape : shapes) {
            if (!java.util.Arrays.equals(shape, shapes.get(0))) {
                throw new IllegalArgumentException(kind + " needs inputs of one shape, found " + describe(shapes));
            }
        }
        return shapes.get(0);
    }

    /** "(2, 3) and (3, 2)". */
    protected static String describe(List<int[]> shapes) {
        List<String> parts = new ArrayList<>();
        for (int[] shape : shapes) {
            parts.add(Shapes.toString(shape));
        }
        return String.join(" and ", parts);
    }

    @Override
    public final int arity() {
        return inputShapes.size();
    }

    @Override
    public final List<int[]> inputShapes() {
        List<int[]> copies = new ArrayList<>();
        for (int[] shape : inputShapes) {
            copies.add(shape.clone());
        }
        return copies;
    }

    /** The size of input {@code i}, flattened. */
    public final int inputSize(int i) {
        return Shapes.size(inputShapes.get(i));
    }

    @Override
    public String summary() {
        return kind() + " of " + arity() + " -> " + Shapes.toString(outputShape());
    }

    @Override
    public abstract void forward(double[][] inputs, double[] y);

    @Override
    public abstract double[][] jacobian(int input, double[][] inputs, double[] y);

    @Override
    public double[][] jacobianMagnitude(int input, double[][] inputs, double[] y) {
        return abs(jacobian(input, inputs, y));
    }

    @Override
    public final double[][] jacobianMagnitude(double[] x, double[] y) {
        throw new UnsupportedOperationException(kind() + " reads " + arity() + " inputs");
    }

    @Override
    public final void forward(double[] x, double[] y) {
        throw new UnsupportedOperationException(kind() + " reads " + arity() + " inputs");
    }

    @Override
    public final double[][] jacobian(double[] x, double[] y) {
        throw new UnsupportedOperationException(kind() + " reads " + arity() + " inputs");
    }

    /** True when the local Jacobian for input {@code input} is the identity: its cotangent rows pass on unchanged. */
    public boolean isIdentity(int input) {
        return false;
    }

    /** The cotangent rule for input {@code input}; asked for only where {@link #isIdentity(int)} is false. */
    public abstract CodeBlock cotangentCode(int input);

    @Override
    public final CodeBlock cotangentCode() {
        throw new UnsupportedOperationException(kind() + " has one cotangent rule per input");
    }

    /** "x0[j] + x1[j]"-style sums over the inputs: {@code each} formats input i's term, {@code joiner} joins them. */
    protected final String joined(String joiner, java.util.function.IntFunction<String> each) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < arity(); i++) {
            terms.add(each.apply(i));
        }
        return String.join(joiner, terms);
    }

    /** An n×n identity, or its negative, for reference Jacobians. */
    protected static double[][] identity(int n, double value) {
        double[][] jac = new double[n][n];
        for (int j = 0; j < n; j++) {
            jac[j][j] = value;
        }
        return jac;
    }
}
