package dev.netjac.check;

import dev.netjac.graph.Graph;
import dev.netjac.reference.ReferenceEvaluator;
import dev.netjac.runtime.Network;
import java.util.Random;

/**
 * Checks a compiled network against the reference evaluator and against central finite differences at
 * random inputs, the way {@code netjac check} and the differential tests do.
 *
 * <p>Errors are relative to the largest entry of the quantity compared (max-norm), which is what "agrees to
 * 1e-12" means for a vector or matrix whose entries span many orders of magnitude. Finite differences are
 * compared against the scale of the function, max(max|J|, max|y|), because their rounding error scales
 * with |y|, not |J| (see {@link FiniteDifferences}).
 */
public final class Verifier {
    /** Generated vs reference: both are exact float64 math in different summation orders. */
    public static final double REFERENCE_TOLERANCE = 1e-11;
    /** Finite differences vs reference: four orders of magnitude above their ~1e-10 error. */
    public static final double FD_TOLERANCE = 1e-6;

    private Verifier() {}

    /**
     * What a check found; errors are maxima over all points. {@code foldedPoints} counts the inputs drawn as
     * |N(0,1)| because the model's outputs were not finite at the signed draw (sqrt, log, pow of negatives).
     */
    public record Report(int points, double forwardError, double jacobianError, double vjpError, double jvpError,
                         double batchError, double fdError, long fdUnresolved, long fdEntries, int foldedPoints) {

        public boolean referenceAgrees() {
            return forwardError <= REFERENCE_TOLERANCE && jacobianError <= REFERENCE_TOLERANCE
                    && vjpError <= REFERENCE_TOLERANCE && jvpError <= REFERENCE_TOLERANCE
                    && batchError <= REFERENCE_TOLERANCE;
        }

        public boolean finiteDifferencesAgree() {
            return fdError <= FD_TOLERANCE && fdUnresolved <= Math.max(2, fdEntries / 100);
        }

        public boolean passed() {
            return referenceAgrees() && finiteDifferencesAgree();
        }
    }

    /** Checks {@code network} (compiled from {@code graph}) at {@code points} standard-normal inputs. */
    public static Report check(Graph graph, Network network, int points, long seed) {
        return check(graph, network, points, seed, dev.netjac.Progress.none());
    }

    /** As {@link #check(Graph, Network, int, long)}, advancing {@code progress} by one per point checked. */
    public static Report check(Graph graph, Network network, int points, long seed, dev.netjac.Progress progress) {
        Random random = new Random(seed);
        int n = graph.inputSize();
        int m = graph.outputSize();
        long compared = (long) m * n * (points + 1);
        if (compared > dev.netjac.spec.Limits.MAX_JACOBIAN_ENTRIES) {
            throw new dev.netjac.NetjacException(String.format(java.util.Locale.ROOT, "%s: checking %d points compares"
                    + " %,d Jacobian entries, more than one Java array holds; check fewer points, or the outputs at"
                    + " your inputs with --input X.npy --expect Y.npy", graph.source(), points, compared));
        }
        ReferenceEvaluator reference = new ReferenceEvaluator(graph);
        double forwardError = 0;
        double jacobianError = 0;
        double vjpError = 0;
        double jvpError = 0;
        double fdError = 0;
        long unresolved = 0;
        long entries = 0;
        double[] y = new double[m];
        double[] jac = new double[m * n];
        double[] out = new double[n];
        double[] outM = new double[m];
        double batchError = 0;
        // Batches of `points` inputs, with room for more: the calls must use only the first `points`.
        double[] xs = new double[(points + 1) * n];
        double[] ys = new double[(points + 1) * m];
        double[] jacs = new double[(points + 1) * m * n];
        double[] ysFromJacobian = new double[(points + 1) * m];
        double[][] inputs = new double[points][];
        double[][] referenceOutputs = new double[points][];
        int folded = 0;
        for (int p = 0; p < points; p++) {
            inputs[p] = gaussian(random, n);
            referenceOutputs[p] = reference.forward(inputs[p]);
            if (!allFinite(referenceOutputs[p])) {
                fold(inputs[p]);
                folded++;
                referenceOutputs[p] = reference.forward(inputs[p]);
                if (!allFinite(referenceOutputs[p])) {
                    throw new dev.netjac.NetjacException(graph.source() + ": the outputs are not finite at a random"
                            + " input, drawn from N(0,1) and folded to |x|; check the model at inputs of its domain"
                            + " with --input X.npy --expect Y.npy");
                }
            }
            System.arraycopy(inputs[p], 0, xs, p * n, n);
        }
        network.forwardBatch(xs, ys, points);
        network.jacobianBatch(xs, ysFromJacobian, jacs, points);
        for (int p = 0; p < points; p++) {
            double[] x = inputs[p];
            double[] yRef = referenceOutputs[p];
            double[][] jRef = reference.jacobian(x);
            double[][] magnitude = reference.jacobianMagnitude(x);
            batchError = Math.max(batchError, relativeError(java.util.Arrays.copyOfRange(ys, p * m, (p + 1) * m), yRef));
            batchError = Math.max(batchError, relativeError(java.util.Arrays.copyOfRange(ysFromJacobian, p * m, (p + 1) * m), yRef));
            batchError = Math.max(batchError, jacobianError(java.util.Arrays.copyOfRange(jacs, p * m * n, (p + 1) * m * n), flatten(jRef), magnitude));
            network.forward(x, y);
            forwardError = Math.max(forwardError, relativeError(y, yRef));
            network.jacobian(x, y, jac);
            forwardError = Math.max(forwardError, relativeError(y, yRef));
            jacobianError = Math.max(jacobianError, jacobianError(jac, flatten(jRef), magnitude));

            double[] v = gaussian(random, m);
            network.vjp(x, v, out);
            vjpError = Math.max(vjpError, productError(out, reference.vjp(x, v), Math.max(vjpScale(jRef, v), ROUNDING_SCALE * vjpScale(magnitude, v))));
            double[] u = gaussian(random, n);
            network.jvp(x, u, outM);
            jvpError = Math.max(jvpError, productError(outM, reference.jvp(x, u), Math.max(jvpScale(jRef, u), ROUNDING_SCALE * jvpScale(magnitude, u))));

            double[][] fd = FiniteDifferences.jacobian(reference::forward, x, 1.0);
            double[][] fdHalf = FiniteDifferences.jacobian(reference::forward, x, 0.5);
            double scale = Math.max(maxAbs(flatten(jRef)), maxAbs(yRef));
            scale = scale == 0 ? 1 : scale;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    entries++;
                    if (Math.abs(fd[i][j] - fdHalf[i][j]) > FD_TOLERANCE * scale) {
                        unresolved++;
                        continue;
                    }
                    fdError = Math.max(fdError, Math.abs(fdHalf[i][j] - jRef[i][j]) / scale);
                }
            }
            progress.advance(1);
        }
        return new Report(points, forwardError, jacobianError, vjpError, jvpError, batchError, fdError, unresolved, entries,
                folded);
    }

    /**
     * How far below the rounding scale (see {@link ReferenceEvaluator#jacobianMagnitude}) errors are measured.
     * An error of {@link #REFERENCE_TOLERANCE} relative to ROUNDING_SCALE times the magnitude is ~45 units of
     * float64 rounding of the terms, so a wrong rule is still caught, while results that cancel to far below
     * their terms (a saturated softmax, f(x) − g(x) with f ≈ g) are judged by the accuracy float64 allows.
     */
    static final double ROUNDING_SCALE = 1e-3;

    /**
     * Max-norm error of a Jacobian relative to its largest entry, or to {@link #ROUNDING_SCALE} times the
     * largest entry of its magnitude when that is larger (the terms cancel).
     */
    static double jacobianError(double[] jac, double[] reference, double[][] magnitude) {
        double scale = Math.max(maxAbs(reference), ROUNDING_SCALE * maxAbs(flatten(magnitude)));
        return productError(jac, reference, scale);
    }

    /**
     * Error of a vector–Jacobian or Jacobian–vector product relative to the largest Σ|v||J| term, the scale
     * of its rounding error: products can cancel to far below the size of their terms (softmax rows sum to
     * zero), and then no order of summation is accurate relative to the result itself.
     */
    static double productError(double[] a, double[] b, double scale) {
        double diff = maxDifference(a, b);
        return scale == 0 ? diff : diff / scale;
    }

    private static double vjpScale(double[][] jac, double[] v) {
        double scale = 0;
        for (int j = 0; j < (jac.length == 0 ? 0 : jac[0].length); j++) {
            double sum = 0;
            for (int i = 0; i < jac.length; i++) {
                sum += Math.abs(v[i] * jac[i][j]);
            }
            scale = Math.max(scale, sum);
        }
        return scale;
    }

    private static double jvpScale(double[][] jac, double[] u) {
        double scale = 0;
        for (double[] row : jac) {
            double sum = 0;
            for (int j = 0; j < row.length; j++) {
                sum += Math.abs(row[j] * u[j]);
            }
            scale = Math.max(scale, sum);
        }
        return scale;
    }

    private static boolean allFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** |x|, in place: where a model is defined only for positive inputs, the folded normal stays inside it. */
    private static void fold(double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.abs(x[i]);
        }
    }

    public static double[] gaussian(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    /** max|a − b| / max|b|, or max|a − b| when b is all zeros; infinite when only one side holds NaN. */
    public static double relativeError(double[] a, double[] b) {
        return productError(a, b, maxAbs(b));
    }

    /** max|a − b|, where NaN on both sides agrees and NaN on one side is an infinite difference. */
    private static double maxDifference(double[] a, double[] b) {
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            if (Double.isNaN(d)) {
                if (Double.isNaN(a[i]) && Double.isNaN(b[i])) {
                    continue;
                }
                return Double.POSITIVE_INFINITY;
            }
            diff = Math.max(diff, d);
        }
        return diff;
    }

    public static double maxAbs(double[] a) {
        double max = 0;
        for (double v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    public static double[] flatten(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return flat;
    }
}
