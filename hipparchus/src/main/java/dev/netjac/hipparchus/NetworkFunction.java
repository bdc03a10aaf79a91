package dev.netjac.hipparchus;

import dev.netjac.runtime.Network;
import java.util.Arrays;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.MultivariateJacobianFunction;
import org.hipparchus.util.Pair;

/**
 * A generated network as Hipparchus's {@link MultivariateJacobianFunction}: {@link #value} makes ONE fused
 * {@link Network#jacobian} call, which yields the outputs and the full Jacobian together, so a
 * Levenberg–Marquardt or Gauss–Newton iteration costs one network pass instead of a forward pass plus a
 * Jacobian pass.
 *
 * <p>Two optional transformations serve inverse design:
 * <ul>
 *   <li>{@link #withBounds}: the solver's parameters z are unbounded and the network's input is
 *       {@code x = lower + (upper − lower) · logistic(z)}, so every input the network sees lies in the box (strictly inside but
 *       for rounding at |z| > ~37) and the solver needs no constraint handling; the Jacobian is scaled by dx/dz (chain rule).</li>
 *   <li>{@link #withTikhonov}: N extra residual rows {@code sqrt(λ)·(x − prior)} pull an underdetermined or
 *       ill-conditioned problem towards {@code prior}; their target is zero (see {@link #target}).</li>
 * </ul>
 *
 * <p><b>Threads.</b> One instance per thread: it owns scratch buffers and calls a {@link Network} instance,
 * which owns scratch of its own. For several threads build one function per thread, each over its own
 * {@code network.newInstance()} (weights are shared, so that is cheap). {@code withBounds}/{@code withTikhonov}
 * return a new function over the same network instance: use it instead of, not beside, the one it came from.
 *
 * <p><b>Allocation.</b> Hipparchus's evaluations keep the vector and matrix a call returns (Levenberg–Marquardt
 * returns to an earlier evaluation after a rejected step), so every call must return fresh ones. A call
 * allocates exactly those: the value array, the Jacobian's flat array (which the network writes into directly,
 * no copy), their two thin wrappers and the {@link Pair}. The input is read into a scratch buffer.
 */
public final class NetworkFunction implements MultivariateJacobianFunction {
    private final Network network;
    private final int n;
    private final int m;
    private final double[] lower;
    private final double[] upper;
    private final double sqrtLambda;
    private final double[] prior;
    private final double[] z;
    private final double[] x;
    private final double[] dxdz;
    private final double[] yScratch;
    private final double[] jacScratch;
    private long evaluations;

    private NetworkFunction(Network network, double[] lower, double[] upper, double lambda, double[] prior) {
        this.network = network;
        this.n = network.inputSize();
        this.m = network.outputSize();
        this.lower = lower;
        this.upper = upper;
        this.sqrtLambda = Math.sqrt(lambda);
        this.prior = prior;
        this.z = new double[n];
        this.x = lower == null ? z : new double[n];
        this.dxdz = new double[n];
        if (lower == null) {
            Arrays.fill(dxdz, 1.0);   // dx/dz of the identity map, read by the Tikhonov rows
        }
        boolean extraRows = prior != null;
        this.yScratch = extraRows ? new double[m] : null;
        this.jacScratch = extraRows ? new double[m * n] : null;
    }

    /** The network's outputs as a function of its inputs. */
    public static NetworkFunction of(Network network) {
        if (network == null) {
            throw new IllegalArgumentException("network is null");
        }
        return new NetworkFunction(network, null, null, 0, null);
    }

    /**
     * The same network with its inputs confined to the open box (lower, upper) by the logistic map: the
     * parameters become z with {@code x_j = lower_j + (upper_j − lower_j) / (1 + exp(−z_j))}.
     * Convert a start point with {@link #toParameters} and a solution with {@link #toInput}.
     */
    public NetworkFunction withBounds(double[] lower, double[] upper) {
        requireLength("lower", lower);
        requireLength("upper", upper);
        for (int j = 0; j < n; j++) {
            if (!(lower[j] < upper[j]) || !Double.isFinite(lower[j]) || !Double.isFinite(upper[j])) {
                throw new IllegalArgumentException("bounds of input " + j + ": expected finite lower < upper, found ["
                        + lower[j] + ", " + upper[j] + "]");
            }
        }
        return new NetworkFunction(network, lower.clone(), upper.clone(), sqrtLambda * sqrtLambda, prior);
    }

    /**
     * Adds N residual rows {@code sqrt(lambda)·(x_j − prior_j)} (Tikhonov regularization towards
     * {@code prior}); the residual vector the solver sees becomes [f(x) − y*; sqrt(λ)(x − prior)].
     */
    public NetworkFunction withTikhonov(double lambda, double[] prior) {
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda: expected a finite value > 0, found " + lambda);
        }
        requireLength("prior", prior);
        return new NetworkFunction(network, lower, upper, lambda, prior.clone());
    }

    /** Number of solver parameters (the network's N inputs). */
    public int parameterSize() {
        return n;
    }

    /** Number of residual rows: M, plus N with a Tikhonov term. */
    public int observationSize() {
        return prior == null ? m : m + n;
    }

    /** The solver's target for network outputs {@code y}: y itself, then zeros for the Tikhonov rows. */
    public RealVector target(double[] y) {
        if (y == null || y.length != m) {
            throw new IllegalArgumentException("target has length " + (y == null ? "null" : y.length) + ", expected " + m);
        }
        return new ArrayRealVector(Arrays.copyOf(y, observationSize()), false);
    }

    /** The network input for solver parameters {@code params} (the box map when bounded, else a copy). */
    public double[] toInput(RealVector params) {
        read(params);
        return x.clone();
    }

    /** Solver parameters whose input is {@code input}; with bounds the input must lie strictly inside them. */
    public RealVector toParameters(double[] input) {
        requireLength("input", input);
        double[] p = input.clone();
        if (lower != null) {
            for (int j = 0; j < n; j++) {
                if (!(input[j] > lower[j] && input[j] < upper[j])) {
                    throw new IllegalArgumentException("input " + j + " is " + input[j] + ", expected strictly inside ("
                            + lower[j] + ", " + upper[j] + ")");
                }
                double u = (input[j] - lower[j]) / (upper[j] - lower[j]);
                p[j] = Math.log(u / (1 - u));
            }
        }
        return new ArrayRealVector(p, false);
    }

    /** How many fused network calls {@link #value} has made (each gives outputs and Jacobian). */
    public long evaluations() {
        return evaluations;
    }

    /** Values and Jacobian at {@code point} from one {@link Network#jacobian} call. */
    @Override
    public Pair<RealVector, RealMatrix> value(RealVector point) {
        read(point);
        int rows = observationSize();
        double[] values = new double[rows];
        double[] jac = new double[rows * n];
        if (prior == null) {
            network.jacobian(x, values, jac);
        } else {
            network.jacobian(x, yScratch, jacScratch);
            System.arraycopy(yScratch, 0, values, 0, m);
            System.arraycopy(jacScratch, 0, jac, 0, m * n);
        }
        evaluations++;
        if (lower != null) {
            // Chain rule through the box map: column j of J times dx_j/dz_j.
            for (int i = 0; i < m; i++) {
                int row = i * n;
                for (int j = 0; j < n; j++) {
                    jac[row + j] *= dxdz[j];
                }
            }
        }
        if (prior != null) {
            for (int j = 0; j < n; j++) {
                values[m + j] = sqrtLambda * (x[j] - prior[j]);
                jac[(m + j) * n + j] = sqrtLambda * dxdz[j];
            }
        }
        return new Pair<>(new ArrayRealVector(values, false), new RowMajorMatrix(rows, n, jac));
    }

    /** Reads {@code point} into z, and maps it into x (and dx/dz) through the box when bounded. */
    private void read(RealVector point) {
        if (point.getDimension() != n) {
            throw new IllegalArgumentException("point has dimension " + point.getDimension() + ", expected " + n);
        }
        for (int j = 0; j < n; j++) {
            z[j] = point.getEntry(j);
        }
        if (lower == null) {
            return;
        }
        for (int j = 0; j < n; j++) {
            double width = upper[j] - lower[j];
            // logistic(z) written so that it neither overflows nor loses the tiny side for large |z|
            double s = z[j] >= 0 ? 1 / (1 + Math.exp(-z[j])) : Math.exp(z[j]) / (1 + Math.exp(z[j]));
            x[j] = lower[j] + width * s;
            dxdz[j] = width * s * (1 - s);
        }
    }

    private void requireLength(String name, double[] array) {
        if (array == null || array.length != n) {
            throw new IllegalArgumentException(name + " has length " + (array == null ? "null" : array.length)
                    + ", expected " + n + " (the network's inputs)");
        }
    }
}
