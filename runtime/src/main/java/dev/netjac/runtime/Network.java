package dev.netjac.runtime;

/**
 * A compiled neural network: y = f(x) with x of {@link #inputSize()} values and y of {@link #outputSize()}
 * values, and its Jacobian J = ∂y/∂x, an M×N matrix stored row-major: {@code jac[i * N + j] = ∂y_i/∂x_j}.
 *
 * <p><b>Threading.</b> An instance owns scratch buffers, so it must be used by one thread at a time.
 * Weights are immutable and shared: {@link #newInstance()} gives another instance over the same weights at
 * the cost of its scratch buffers only, so give each thread its own (for example through a
 * {@code ThreadLocal}).
 *
 * <p><b>Arrays.</b> Calls read {@code x} and write the output arrays; outputs must not alias {@code x}.
 * Array lengths are checked on every call ({@link IllegalArgumentException}); once warmed up, no call
 * allocates.
 */
public interface Network {

    /** N, the number of input values (the model's input shape, flattened in the model's own order). */
    int inputSize();

    /** M, the number of output values. */
    int outputSize();

    /** The model's input shape, for example {@code [500]} or {@code [28, 28, 1]}. */
    int[] inputShape();

    /** The model's output shape. */
    int[] outputShape();

    /** y = f(x). */
    void forward(double[] x, double[] y);

    /** y = f(x) and the full M×N Jacobian at x, row-major, in one pass. */
    void jacobian(double[] x, double[] y, double[] jac);

    /** out = vᵀ·J (length N): the vector–Jacobian product for a cotangent v of length M. */
    void vjp(double[] x, double[] v, double[] out);

    /** out = J·u (length M): the Jacobian–vector product for a tangent u of length N. */
    void jvp(double[] x, double[] u, double[] out);

    /**
     * Evaluates {@code count} inputs stored back to back in {@code xs} ({@code count·N} values) into {@code ys}
     * ({@code count·M} values). Inputs go through each layer in blocks, so every weight row is read once per
     * block instead of once per input. The arrays may be longer than needed.
     */
    void forwardBatch(double[] xs, double[] ys, int count);

    /**
     * Outputs and Jacobians of {@code count} inputs stored back to back in {@code xs}: {@code ys} gets
     * {@code count·M} values, {@code jacs} one row-major M×N matrix per input ({@code count·M·N} values).
     */
    void jacobianBatch(double[] xs, double[] ys, double[] jacs, int count);

    /** A new instance sharing this one's immutable weights, with its own scratch buffers; cheap. */
    Network newInstance();
}
