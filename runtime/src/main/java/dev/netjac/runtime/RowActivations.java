package dev.netjac.runtime;

/**
 * Activations over whole rows, for generated code: {@code y[j] = f(x[j])} and {@code d[j] = f'(x[j])} for
 * j &lt; n, with exactly the definitions of the scalar {@link Activations} (same branches, same tails, same
 * NaN and infinity conventions). With the Vector API in use ({@link Kernels#implementation()} is a
 * {@code vector-…} one) the rows run through {@code VectorActivations}, whose lanewise {@code TANH} and
 * {@code EXP} are C2's vector math stubs: 5–10× faster than {@link Math#tanh} and {@link Math#exp} here and
 * within 2 ulp of them (measured in {@code RowActivationsTest}, docs/benchmarks.md). Otherwise, and for the
 * last {@code n mod lanes} elements, each element goes through {@link Activations}, so stock JVMs get
 * bit-identical results to the scalar functions.
 *
 * <p>Only the activations whose cost is a transcendental function the Vector API has get a row form
 * (tanh, sigmoid, exponential); erf (GELU) has no lanewise operation and stays scalar.
 */
public final class RowActivations {
    private RowActivations() {}

    /** One implementation of the row loops. */
    interface Impl {
        void tanh(double[] x, double[] y, int n);

        void tanhDerivative(double[] x, double[] y, double[] d, int n);

        void sigmoid(double[] x, double[] y, int n);

        void sigmoidDerivative(double[] x, double[] y, double[] d, int n);

        void exponential(double[] x, double[] y, int n);
    }

    private static final Impl IMPL = select();

    /** {@code y[j] = Activations.tanh(x[j])}, j &lt; n. */
    public static void tanh(double[] x, double[] y, int n) {
        IMPL.tanh(x, y, n);
    }

    /** {@code d[j] = Activations.tanhDerivative(x[j], y[j])}, j &lt; n. */
    public static void tanhDerivative(double[] x, double[] y, double[] d, int n) {
        IMPL.tanhDerivative(x, y, d, n);
    }

    /** {@code y[j] = Activations.sigmoid(x[j])}, j &lt; n. */
    public static void sigmoid(double[] x, double[] y, int n) {
        IMPL.sigmoid(x, y, n);
    }

    /** {@code d[j] = Activations.sigmoidDerivative(x[j], y[j])}, j &lt; n. */
    public static void sigmoidDerivative(double[] x, double[] y, double[] d, int n) {
        IMPL.sigmoidDerivative(x, y, d, n);
    }

    /** {@code y[j] = Activations.exponential(x[j])}, j &lt; n. */
    public static void exponential(double[] x, double[] y, int n) {
        IMPL.exponential(x, y, n);
    }

    /** {@code vector} or {@code scalar}, for reports and tests. */
    public static String implementation() {
        return IMPL instanceof Scalar ? "scalar" : "vector";
    }

    private static Impl select() {
        // One decision per JVM, the kernels' one (module present, -Dnetjac.simd not false), and one notice.
        if (Kernels.implementation().startsWith("vector")) {
            try {
                return (Impl) Class.forName("dev.netjac.runtime.VectorActivations").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                // The Vector API is present but unusable here: the scalar loops are always correct.
            }
        }
        return new Scalar();
    }

    /** The scalar loops: the {@link Activations} functions element by element. */
    static final class Scalar implements Impl {
        @Override
        public void tanh(double[] x, double[] y, int n) {
            for (int j = 0; j < n; j++) {
                y[j] = Activations.tanh(x[j]);
            }
        }

        @Override
        public void tanhDerivative(double[] x, double[] y, double[] d, int n) {
            for (int j = 0; j < n; j++) {
                d[j] = Activations.tanhDerivative(x[j], y[j]);
            }
        }

        @Override
        public void sigmoid(double[] x, double[] y, int n) {
            for (int j = 0; j < n; j++) {
                y[j] = Activations.sigmoid(x[j]);
            }
        }

        @Override
        public void sigmoidDerivative(double[] x, double[] y, double[] d, int n) {
            for (int j = 0; j < n; j++) {
                d[j] = Activations.sigmoidDerivative(x[j], y[j]);
            }
        }

        @Override
        public void exponential(double[] x, double[] y, int n) {
            for (int j = 0; j < n; j++) {
                y[j] = Activations.exponential(x[j]);
            }
        }
    }
}
