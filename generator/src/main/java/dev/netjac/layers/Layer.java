package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.graph.Shapes;
import java.util.List;

/**
 * One layer kind, stated in one place: its shapes, its math for the reference evaluator, its cost, and the
 * Java code that generated classes run for the same math.
 *
 * <p>Math conventions. A layer maps x (its input, flattened) to y (its output, flattened). Its local
 * Jacobian is the out×in matrix ∂y/∂x. Generated code never builds that matrix: it propagates rows,
 * either tangent rows t (forward mode: t ↦ J·t, one row per input direction) or cotangent rows g (reverse
 * mode: g ↦ gᵀ·J, one row per output), written so that each row is a contiguous {@code double[]}.
 *
 * <p>Code conventions. Each code block is the body of a private method of the generated class, whose name
 * and parameters are fixed by the emitter's method contract ({@code codegen/LayerMethods}). Member
 * names start with {@link #id()}, which the graph derives from the layer's kind and position, never from
 * text in the model file, so nothing a model file says can reach generated source except numbers.
 */
public abstract class Layer {
    private final String id;
    private final int[] inputShape;
    private final int[] outputShape;

    protected Layer(String id, int[] inputShape, int[] outputShape) {
        this.id = id;
        this.inputShape = inputShape.clone();
        this.outputShape = outputShape.clone();
    }

    /** A Java identifier unique within the network, such as {@code dense0}; generated members start with it. */
    public final String id() {
        return id;
    }

    /** The spec's type name of this layer kind, e.g. {@code dense}. */
    public abstract String kind();

    /** One line for headers and {@code netjac inspect}, e.g. {@code dense 500 -> 100}. */
    public String summary() {
        return kind() + " -> " + Shapes.toString(outputShape);
    }

    public final int[] inputShape() {
        return inputShape.clone();
    }

    public final int[] outputShape() {
        return outputShape.clone();
    }

    public final int inputSize() {
        return Shapes.size(inputShape);
    }

    public final int outputSize() {
        return Shapes.size(outputShape);
    }

    public long parameterCount() {
        return 0;
    }

    /** How many inputs the layer reads: 1, or 2 and more for merges ({@link MergeLayer}). */
    public int arity() {
        return 1;
    }

    /** The shape of each input. */
    public List<int[]> inputShapes() {
        return List.of(inputShape());
    }

    // ---- Reference math: plain and obviously right; the oracle for generated code. ----

    /** y = layer(x). */
    public abstract void forward(double[] x, double[] y);

    /** The local Jacobian ∂y/∂x as a dense out×in matrix, at input x with output y = layer(x). */
    public abstract double[][] jacobian(double[] x, double[] y);

    /**
     * For the rounding-error scale the tests judge against: entry (i, j) is the sum of the magnitudes of the
     * terms that the layer's rules add up to form J_ij (|J| for most layers; softmax's diag(s) − s·sᵀ is
     * computed from two terms that cancel when it saturates, so its magnitude is diag(s) + s·sᵀ).
     */
    public double[][] jacobianMagnitude(double[] x, double[] y) {
        return abs(jacobian(x, y));
    }

    /** {@link #jacobianMagnitude(double[], double[])} for any arity. */
    public double[][] jacobianMagnitude(int input, double[][] inputs, double[] y) {
        return jacobianMagnitude(inputs[0], y);
    }

    /** Replaces every entry by its absolute value; returns {@code a}. */
    protected static double[][] abs(double[][] a) {
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] = Math.abs(row[j]);
            }
        }
        return a;
    }

    /** y = layer(inputs...), for any arity; one input is {@code forward(inputs[0], y)}. */
    public void forward(double[][] inputs, double[] y) {
        forward(inputs[0], y);
    }

    /** The dense local Jacobian ∂y/∂inputs[input], for any arity. */
    public double[][] jacobian(int input, double[][] inputs, double[] y) {
        return jacobian(inputs[0], y);
    }

    // ---- Cost model. ----

    /** Multiply-adds to push one tangent or pull one cotangent row through this layer (an upper bound). */
    public abstract long rowCost();

    /** Multiply-adds (or equivalent scalar function calls) of one forward evaluation. */
    public abstract long forwardCost();

    // ---- Generated code. ----

    /** Declares the fields this layer's code uses: weights (shared, immutable) and scratch (per instance). */
    public void declare(Members members) {}

    /**
     * True when the layer changes only the shape, not the values (flatten, reshape): the generated code
     * then uses its input buffer as its output and emits nothing for it.
     */
    public boolean isView() {
        return false;
    }

    /** Body of {@code void <id>Forward(double[] x, double[] y)}. */
    public abstract CodeBlock forwardCode();

    /**
     * True when the layer has its own code for the forward pass of a block of inputs,
     * {@link #forwardRowsCode()}; otherwise (the default) the class calls {@code <id>Forward} row by row.
     * Layers whose weights can be reused across rows have it.
     */
    public boolean hasForwardRows() {
        return false;
    }

    /**
     * Body of {@code void <id>ForwardRows(double[][] x, double[][] y, int rows)}, the forward pass of a block
     * of inputs; asked for only when {@link #hasForwardRows()}.
     */
    public CodeBlock forwardRowsCode() {
        throw new UnsupportedOperationException(kind() + " has no code of its own for blocks of rows");
    }

    /**
     * True when propagation reads scratch that {@link #derivativeCode()} fills after the forward pass (an
     * activation's slopes, a max-pooling's argmax); false (the default) when it needs none.
     */
    public boolean hasDerivative() {
        return false;
    }

    /**
     * Body of {@code void <id>Derivative(double[] x, double[] y)}, which runs after the forward pass and
     * before propagation; asked for only when {@link #hasDerivative()}.
     */
    public CodeBlock derivativeCode() {
        throw new UnsupportedOperationException(kind() + " has no derivative code");
    }

    /**
     * Body of {@code void <id>Tangent(double[] x, double[] y, double[][] in, double[][] out, int rows)}:
     * {@code out[r] = J · in[r]} for r &lt; rows, where {@code in[r]} has {@link #inputSize()} values.
     */
    public abstract CodeBlock tangentCode();

    /**
     * Body of {@code void <id>Cotangent(double[] x, double[] y, double[][] in, double[][] out, int rows)}:
     * {@code out[r] = in[r]ᵀ · J} for r &lt; rows, where {@code in[r]} has {@link #outputSize()} values.
     */
    public abstract CodeBlock cotangentCode();

    /**
     * True when the local Jacobian is symmetric (diagonal for elementwise layers, diag(s) − s·sᵀ for softmax):
     * tangent and cotangent rules then coincide and the class gets one {@code <id>Propagate} method for both.
     */
    public boolean hasSymmetricJacobian() {
        return false;
    }

    /** True when tangent and cotangent code may be called with {@code in == out}. */
    public boolean propagatesInPlace() {
        return false;
    }

    @Override
    public String toString() {
        return id + ": " + summary();
    }
}
