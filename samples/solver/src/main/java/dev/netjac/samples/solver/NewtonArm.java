package dev.netjac.samples.solver;

import dev.netjac.Netjac;
import dev.netjac.hipparchus.NewtonSolver;
import dev.netjac.runtime.Network;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Newton's method on a square network: the joint angles q of a 2-link arm whose neural surrogate
 * (arm2/arm2.json, 2 angles → 2 coordinates) puts the hand on a target, f(q) = y*. Each Newton step is one fused
 * forward + Jacobian call. The 2-link arm has a closed-form inverse, printed beside Newton's answer: the two
 * differ by the surrogate's own error, not the solver's.
 *
 * <p>Run from the repository root: {@code java -cp samples/solver/target/solver-samples.jar
 * dev.netjac.samples.solver.NewtonArm}
 */
public final class NewtonArm {
    static final double[] START = {0.25, 1.45};
    static final double[][] TARGETS = {{1.2, 0.6}, {0.3, 1.1}, {1.5, -0.2}, {0.6, 0.8}};
    /** Largest distance to the target (by the exact kinematics) the surrogate's accuracy allows. */
    static final double TOLERANCE = 0.05;

    private NewtonArm() {}

    public static void main(String[] args) {
        System.exit(run(Arm.folder(args), System.out) ? 0 : 1);
    }

    static boolean run(Path folder, PrintStream out) {
        Network surrogate = Netjac.load(folder.resolve("arm2").resolve("arm2.json"));
        NewtonSolver newton = NewtonSolver.of(surrogate).tolerance(1e-12);
        out.println("Newton's method on a 2-link arm's neural surrogate (arm2/arm2.json): f(q) = target, from q = "
                + InverseKinematics.format(START));
        out.printf(Locale.ROOT, "%-16s %-16s %-16s %10s %6s %6s %9s%n", "target", "Newton q", "closed-form q",
                "|f(q)-y*|", "iters", "evals", "exact err");
        boolean ok = true;
        for (double[] target : TARGETS) {
            NewtonSolver.Result r = newton.solve(target, START);
            double error = Arm.distance(Arm.hand(r.x(), Arm.LINKS2), target);
            boolean good = r.converged() && error <= TOLERANCE;
            ok &= good;
            out.printf(Locale.ROOT, "%-16s %-16s %-16s %10.1e %6d %6d %9.4f  %s%n", InverseKinematics.format(target),
                    InverseKinematics.format(r.x()), InverseKinematics.format(Arm.inverse2(target)), r.residual(),
                    r.iterations(), r.evaluations(), error, good ? "ok" : "FAILED " + r.status());
        }
        out.println("(|f(q)-y*|: the surrogate's residual, quadratic convergence to 1e-12; exact err: the exact"
                + " kinematics at Newton's q, i.e. the surrogate's error)");
        return ok;
    }
}
