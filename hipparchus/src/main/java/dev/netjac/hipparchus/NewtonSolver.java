package dev.netjac.hipparchus;

import dev.netjac.runtime.Network;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.RealVector;

/**
 * Newton's method for f(x) = y* with a square network (N inputs, N outputs): x ← x − t·J(x)⁻¹(f(x) − y*), the
 * linear system solved by Hipparchus's LU decomposition. Two safeguards keep it from running away when started
 * far from the root, where a saturated unit makes the Newton step huge: the step is shortened so that no input
 * moves by more than {@link #maxStep} (default 1, the scale of standardized inputs), and its length t then starts
 * at 1 and is halved until ‖f(x) − y*‖ decreases (Armijo backtracking). Near a regular root neither acts and
 * convergence is quadratic. Each trial point costs one fused
 * {@link Network#jacobian} call, whose Jacobian is the next step's when the point is accepted.
 *
 * <p>For one thread at a time (it owns scratch buffers and uses the network instance it was given).
 */
public final class NewtonSolver {
    private final Network network;
    private final int n;
    private double tolerance = 1e-10;
    private int maxIterations = 50;
    private double maxStep = 1;

    /** Why a solve stopped. */
    public enum Status {
        /** max |f(x) − y*| reached the tolerance. */
        CONVERGED,
        /** The iteration limit was reached first. */
        MAX_ITERATIONS,
        /** J(x) is singular to working precision (a pivot below 1e-13 of its largest entry): no Newton step. */
        SINGULAR_JACOBIAN,
        /** No step length down to 2⁻⁴⁰ decreased the residual (a local minimum of ‖f − y*‖ that is no root). */
        STALLED
    }

    /**
     * What a solve found: the last accepted x, max |f(x) − y*| there, the Newton iterations taken and the fused
     * network calls made (including rejected trial points).
     */
    public record Result(Status status, double[] x, double residual, int iterations, int evaluations) {
        public boolean converged() {
            return status == Status.CONVERGED;
        }
    }

    private NewtonSolver(Network network) {
        this.network = network;
        this.n = network.inputSize();
    }

    public static NewtonSolver of(Network network) {
        if (network.inputSize() != network.outputSize()) {
            throw new IllegalArgumentException("Newton's method needs a square network, found " + network.outputSize()
                    + " outputs for " + network.inputSize() + " inputs; use InverseDesign (least squares) instead");
        }
        return new NewtonSolver(network);
    }

    /** Stop when max |f(x) − y*| ≤ tolerance (default 1e-10). */
    public NewtonSolver tolerance(double tolerance) {
        this.tolerance = tolerance;
        return this;
    }

    /** Most Newton iterations (default 50). */
    public NewtonSolver maxIterations(int count) {
        this.maxIterations = count;
        return this;
    }

    /**
     * The largest change of any one input per iteration (default 1); {@code Double.POSITIVE_INFINITY} gives
     * plain damped Newton, which from a saturated start can jump across to where tanh' underflows to zero.
     */
    public NewtonSolver maxStep(double maxStep) {
        if (!(maxStep > 0)) {
            throw new IllegalArgumentException("maxStep: expected a value > 0, found " + maxStep);
        }
        this.maxStep = maxStep;
        return this;
    }

    public Result solve(double[] target, double[] start) {
        if (target.length != n || start.length != n) {
            throw new IllegalArgumentException("target and start need " + n + " values, found " + target.length
                    + " and " + start.length);
        }
        double[] x = start.clone();
        double[] y = new double[n];
        double[] jac = new double[n * n];
        double[] trialX = new double[n];
        double[] trialY = new double[n];
        double[] trialJac = new double[n * n];
        network.jacobian(x, y, jac);
        int evaluations = 1;
        double norm = norm2(y, target);
        for (int iteration = 0; ; iteration++) {
            if (maxAbsDifference(y, target) <= tolerance) {
                return new Result(Status.CONVERGED, x, maxAbsDifference(y, target), iteration, evaluations);
            }
            if (iteration == maxIterations) {
                return new Result(Status.MAX_ITERATIONS, x, maxAbsDifference(y, target), iteration, evaluations);
            }
            // Singular relative to the Jacobian's own scale: saturated units make all entries tiny, and a tiny
            // but regular Jacobian still gives a good (backtracked) step.
            DecompositionSolver lu = new LUDecomposition(new RowMajorMatrix(n, n, jac), 1e-13 * maxAbs(jac)).getSolver();
            if (!lu.isNonSingular()) {
                return new Result(Status.SINGULAR_JACOBIAN, x, maxAbsDifference(y, target), iteration, evaluations);
            }
            double[] residual = new double[n];
            for (int i = 0; i < n; i++) {
                residual[i] = y[i] - target[i];
            }
            RealVector step = lu.solve(new ArrayRealVector(residual, false));
            double longest = step.getLInfNorm();
            double first = longest > maxStep ? maxStep / longest : 1;
            double t = first;
            while (true) {
                for (int j = 0; j < n; j++) {
                    trialX[j] = x[j] - t * step.getEntry(j);
                }
                network.jacobian(trialX, trialY, trialJac);
                evaluations++;
                double trialNorm = norm2(trialY, target);
                if (trialNorm <= (1 - 1e-4 * t) * norm) {
                    norm = trialNorm;
                    break;
                }
                t *= 0.5;
                if (t < 0x1p-40 * first) {
                    return new Result(Status.STALLED, x, maxAbsDifference(y, target), iteration, evaluations);
                }
            }
            double[] swap = x;
            x = trialX;
            trialX = swap;
            swap = y;
            y = trialY;
            trialY = swap;
            swap = jac;
            jac = trialJac;
            trialJac = swap;
        }
    }

    private static double norm2(double[] y, double[] target) {
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double d = y[i] - target[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    private static double maxAbs(double[] a) {
        double max = 0;
        for (double v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static double maxAbsDifference(double[] y, double[] target) {
        double max = 0;
        for (int i = 0; i < y.length; i++) {
            max = Math.max(max, Math.abs(y[i] - target[i]));
        }
        return max;
    }
}
