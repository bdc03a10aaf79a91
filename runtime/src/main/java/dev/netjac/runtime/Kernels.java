package dev.netjac.runtime;

/**
 * The dense-layer kernel generated classes call: a block of rows times a matrix held as row arrays. It is the
 * one hot loop of every network (forward pass, tangent and cotangent propagation all reduce to it), so it is
 * hand-written once here rather than emitted per layer, and comes in two implementations chosen when this
 * class loads:
 * <ul>
 *   <li>{@code VectorKernels}, with explicit SIMD through the Vector API, when the JVM runs with
 *       {@code --add-modules jdk.incubator.vector} (and {@code -Dnetjac.simd=false} is not set);</li>
 *   <li>{@link PlainKernels} otherwise: plain loops that C2 auto-vectorizes; always correct, always there.</li>
 * </ul>
 * Keeping SIMD here, not in generated code, keeps generated sources Java-6 simple (Janino compiles them) and
 * lets the same class run on any JVM.
 */
public final class Kernels {
    private Kernels() {}

    /** One implementation of the kernel. */
    public interface Impl {
        /** See {@link Kernels#rowsTimesMatrix}. */
        void rowsTimesMatrix(double[][] in, int rows, int inner, double[][] w, int width, double[] bias, double[][] out, int[] scratch);

        /** See {@link Kernels#vectorTimesMatrix}. */
        void vectorTimesMatrix(double[] x, int inner, double[][] w, int width, double[] bias, double[] y, int[] scratch);

        /** See {@link Kernels#vectorTimesMatrix(double[], int, double[][], double[][], int, double[], double[], int[])}. */
        void vectorTimesMatrix(double[] x, int inner, double[][] w, double[][] wT, int width, double[] bias, double[] y, int[] scratch);

        /** A short name for reports: {@code plain} or {@code vector-512}. */
        String name();
    }

    private static final Impl IMPL = select();

    /**
     * {@code out[r][j] = bias[j] + Σ_k in[r][k] · w[k][j]} for r &lt; rows, j &lt; width, k &lt; inner, with
     * {@code bias == null} meaning zero. Terms whose multiplier {@code in[r][k]} is zero for every row are
     * skipped, which skips inactive ReLU units and most of an identity seed. {@code out} must not share rows
     * with {@code in}; {@code scratch} holds at least {@code inner} ints (the caller owns it, so calls
     * allocate nothing). Rows of {@code w} and {@code out}, and {@code bias}, are {@link #padded} with zeros
     * to a multiple of 8 values, so that SIMD code needs no scalar tail; what lies past {@code width} in
     * {@code out} is unspecified.
     */
    public static void rowsTimesMatrix(double[][] in, int rows, int inner, double[][] w, int width, double[] bias,
                                       double[][] out, int[] scratch) {
        IMPL.rowsTimesMatrix(in, rows, inner, w, width, bias, out, scratch);
    }

    /** {@code y = bias + x · w}: {@link #rowsTimesMatrix} for one row. */
    public static void vectorTimesMatrix(double[] x, int inner, double[][] w, int width, double[] bias, double[] y,
                                         int[] scratch) {
        IMPL.vectorTimesMatrix(x, inner, w, width, bias, y, scratch);
    }

    /**
     * {@code y = bias + x · w}, given {@code w} both as rows ({@code inner} rows of {@code width} values) and
     * transposed ({@code wT}: {@code width} rows of {@code inner} values, each {@link #padded}); the
     * implementation reads whichever it computes faster from. The Vector API kernels take dot products with
     * the rows of {@code wT}, the same rows a dense layer's cotangent pass reads, so that a Jacobian call
     * streams one copy of the weights through the cache instead of two; the plain kernels read {@code w}
     * (C2 vectorizes axpy loops, not dot products). Only {@code y[0..width)} is written; {@code x} may be
     * unpadded (it is read up to {@code inner}).
     */
    public static void vectorTimesMatrix(double[] x, int inner, double[][] w, double[][] wT, int width, double[] bias,
                                         double[] y, int[] scratch) {
        IMPL.vectorTimesMatrix(x, inner, w, wT, width, bias, y, scratch);
    }

    /** Rows and vectors the kernels read or write hold at least this many values: a multiple of 8 doubles. */
    public static int padded(int length) {
        return (length + 7) & ~7;
    }

    /** The implementation in use, for benchmark reports. */
    public static String implementation() {
        return IMPL.name();
    }

    private static Impl select() {
        boolean wanted = !"false".equals(System.getProperty("netjac.simd"));
        if (wanted && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (Impl) Class.forName("dev.netjac.runtime.VectorKernels").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                // The Vector API is present but unusable here: the plain kernels are always correct.
            }
        } else if (wanted) {
            // Once per JVM (this class initializes once), at first use, like Lucene's notice: how to go faster.
            System.getLogger("dev.netjac.runtime").log(System.Logger.Level.INFO,
                    "netjac: plain Java kernels in use; the JVM option --add-modules jdk.incubator.vector makes"
                            + " netjac's dense layers about 2x faster (-Dnetjac.simd=false silences this)");
        }
        return new PlainKernels();
    }
}
