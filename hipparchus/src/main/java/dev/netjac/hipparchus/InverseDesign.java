package dev.netjac.hipparchus;

import dev.netjac.runtime.Network;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;

/**
 * Inverse design with a surrogate network: finds an input x whose output f(x) matches a target y*, by
 * Levenberg–Marquardt least squares on f(x) − y* over a {@link NetworkFunction}, optionally inside a box
 * (a logistic reparametrisation, so the solver itself stays unconstrained) and with a Tikhonov term
 * λ‖x − prior‖² that picks one solution when many inputs reach the target.
 *
 * <pre>{@code
 * InverseDesign.Result r = InverseDesign.of(net)
 *         .target(yStar).start(x0)
 *         .bounds(lower, upper)          // optional
 *         .tikhonov(1e-3, x0)            // optional
 *         .solve();
 * double[] x = r.input();
 * }</pre>
 *
 * A mutable builder, for one thread; it keeps the network instance it was given.
 */
public final class InverseDesign {
    private final Network network;
    private double[] target;
    private double[] start;
    private double[] lower;
    private double[] upper;
    private double lambda;
    private double[] prior;
    private int maxEvaluations = 1000;
    private LeastSquaresOptimizer optimizer = new LevenbergMarquardtOptimizer();

    /**
     * What a solve found. {@code output} is f(input), {@code misfit} the Euclidean norm of f(input) − y*
     * (without the Tikhonov rows); {@code evaluations} counts fused network calls (value and Jacobian each).
     */
    public record Result(double[] input, double[] output, double misfit, int evaluations, int iterations) {}

    private InverseDesign(Network network) {
        this.network = network;
    }

    public static InverseDesign of(Network network) {
        if (network == null) {
            throw new IllegalArgumentException("network is null");
        }
        return new InverseDesign(network);
    }

    /** The output to reach (M values). */
    public InverseDesign target(double[] y) {
        this.target = y.clone();
        return this;
    }

    /** The initial guess (N values; inside the bounds when bounds are set). Default: the box's centre, else zeros. */
    public InverseDesign start(double[] x) {
        this.start = x.clone();
        return this;
    }

    /** Keeps every input inside [lower, upper] (elementwise). */
    public InverseDesign bounds(double[] lower, double[] upper) {
        this.lower = lower.clone();
        this.upper = upper.clone();
        return this;
    }

    /** Adds λ‖x − prior‖² to the objective. */
    public InverseDesign tikhonov(double lambda, double[] prior) {
        this.lambda = lambda;
        this.prior = prior.clone();
        return this;
    }

    /** Most fused evaluations allowed (default 1000); Hipparchus throws when they run out. */
    public InverseDesign maxEvaluations(int count) {
        this.maxEvaluations = count;
        return this;
    }

    /** The least-squares optimizer (default: Hipparchus's Levenberg–Marquardt with its default tolerances). */
    public InverseDesign optimizer(LeastSquaresOptimizer optimizer) {
        this.optimizer = optimizer;
        return this;
    }

    /** The function this design solves over (bounds and regularization applied). */
    public NetworkFunction function() {
        NetworkFunction f = NetworkFunction.of(network);
        if (lower != null) {
            f = f.withBounds(lower, upper);
        }
        if (prior != null) {
            f = f.withTikhonov(lambda, prior);
        }
        return f;
    }

    public Result solve() {
        if (target == null) {
            throw new IllegalStateException("no target: call target(y) first");
        }
        NetworkFunction f = function();
        LeastSquaresOptimizer.Optimum optimum = optimizer.optimize(new LeastSquaresBuilder()
                .model(f)
                .target(f.target(target))
                .start(f.toParameters(startPoint()))
                .maxEvaluations(maxEvaluations)
                .maxIterations(maxEvaluations)
                .build());
        double[] x = f.toInput(optimum.getPoint());
        // Residuals are target − values: the network's output at the optimum without another call.
        RealVector residuals = optimum.getResiduals();
        int m = target.length;
        double[] y = new double[m];
        double misfit = 0;
        for (int i = 0; i < m; i++) {
            double r = residuals.getEntry(i);
            y[i] = target[i] - r;
            misfit += r * r;
        }
        return new Result(x, y, Math.sqrt(misfit), optimum.getEvaluations(), optimum.getIterations());
    }

    private double[] startPoint() {
        if (start != null) {
            return start;
        }
        double[] x = new double[network.inputSize()];
        if (lower != null) {
            for (int j = 0; j < x.length; j++) {
                x[j] = 0.5 * (lower[j] + upper[j]);
            }
        }
        return x;
    }
}
