package dev.netjac.spark;

import dev.netjac.runtime.Network;
import java.io.Serializable;

/**
 * One column computed per row from the network at that row's input: the full Jacobian, or something much
 * smaller than its M·N values. A billion-row job rarely wants the full matrix (docs/scale.md); these give the
 * usual questions an answer of M or N values per row. Every value is a plain loop in a fixed order, so it is
 * the same bit for bit wherever and however often a row is evaluated.
 *
 * <p>Column layouts ({@code J} is the row's M×N Jacobian, {@code J[i][j] = ∂y_i/∂x_j}):
 * <ul>
 * <li>{@link #jacobian()}: {@code jacobian}, array&lt;double&gt; of M·N, row-major: {@code J[i][j]} at {@code i·N + j}.
 * <li>{@link #meanAbsJacobian()}: {@code mean_abs_jacobian}, array&lt;double&gt; of N: (Σ_i |J[i][j]|) / M.
 * <li>{@link #rowNorms()}: {@code jacobian_row_norms}, array&lt;double&gt; of M: sqrt(Σ_j J[i][j]²).
 * <li>{@link #topInputs(int)}: {@code top_inputs}, array&lt;int&gt; of M·k, row-major: for output i the k input
 *     indices of largest |J[i][j]|, largest first, ties to the lower index.
 * <li>{@link #vjp(double[])}: {@code vjp}, array&lt;double&gt; of N: vᵀJ.
 * <li>{@link #jvp(double[])}: {@code jvp}, array&lt;double&gt; of M: J·u.
 * </ul>
 */
public abstract class Reduction implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String column;
    private final boolean needsJacobian;
    private final boolean integral;

    /**
     * @param needsJacobian the value is computed from the row's full Jacobian (evaluated in batches)
     * @param integral      an int column, else a double column
     */
    Reduction(String column, boolean needsJacobian, boolean integral) {
        this.column = column;
        this.needsJacobian = needsJacobian;
        this.integral = integral;
    }

    /** The full Jacobian, M·N values per row. */
    public static Reduction jacobian() {
        return new FullJacobian();
    }

    /** Per-input sensitivity: the mean of |J[i][j]| over the outputs i, N values per row. */
    public static Reduction meanAbsJacobian() {
        return new MeanAbsJacobian();
    }

    /** The Euclidean norm of each Jacobian row (each output's gradient), M values per row. */
    public static Reduction rowNorms() {
        return new RowNorms();
    }

    /** The k most influential inputs of each output, M·k indices per row. */
    public static Reduction topInputs(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("top_inputs: k must be at least 1, found " + k);
        }
        return new TopInputs(k);
    }

    /** vᵀJ for a cotangent v of M values (one reverse pass per row), N values per row. */
    public static Reduction vjp(double[] v) {
        return new VectorProduct("vjp", true, v);
    }

    /** J·u for a tangent u of N values (one forward pass per row), M values per row. */
    public static Reduction jvp(double[] u) {
        return new VectorProduct("jvp", false, u);
    }

    /** The column's name. */
    public String column() {
        return column;
    }

    /** True when the value is computed from the row's full Jacobian (evaluated in batches). */
    final boolean needsJacobian() {
        return needsJacobian;
    }

    /** True for int columns, false for double columns. */
    final boolean integral() {
        return integral;
    }

    /** Refuses a reduction that does not fit the model, on the driver before any task runs. */
    void check(NetjacModel model) {}

    /** Values per row. */
    abstract int length(int m, int n);

    /**
     * This row's value: a new double[] or int[] (the result is the one allocation per row). {@code jacs} holds
     * the row's Jacobian at {@code jacOff} when {@link #needsJacobian()}; {@code x} is the row's input.
     */
    abstract Object value(Network net, double[] x, double[] jacs, int jacOff, int m, int n);

    @Override
    public String toString() {
        return column;
    }
}
