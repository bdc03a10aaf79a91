package dev.netjac.samples.solver;

import dev.netjac.Netjac;
import dev.netjac.hipparchus.InverseDesign;
import dev.netjac.runtime.Network;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Inverse design with Levenberg–Marquardt: which joint angles of a redundant 3-link arm put its hand on a target,
 * asking only a neural surrogate of the arm's forward kinematics (arm3/arm3.json, 3 angles → 2 coordinates)?
 *
 * <p>Infinitely many postures reach a point, and the surrogate is trustworthy only on the angles it was trained
 * on. So the solve keeps every angle inside those joint limits (bounds, by a logistic reparametrisation) and adds
 * a Tikhonov term λ‖q − q_rest‖² that picks the posture nearest a rest posture. The answers are checked with the
 * exact kinematics, which the solver never saw.
 *
 * <p>Run from the repository root: {@code java -cp samples/solver/target/solver-samples.jar
 * dev.netjac.samples.solver.InverseKinematics}
 */
public final class InverseKinematics {
    static final double[] LOWER = {-1.0, 0.0, -1.5};
    static final double[] UPPER = {1.5, 2.0, 1.5};
    static final double[] REST = {0.3, 1.0, 0.2};
    static final double LAMBDA = 1e-4;
    static final double[][] TARGETS = {{1.2, 0.9}, {0.4, 1.5}, {1.9, 0.4}, {-0.3, 1.2}};
    /** Largest distance to the target (by the exact kinematics) the surrogate's accuracy allows. */
    static final double TOLERANCE = 0.1;

    private InverseKinematics() {}

    public static void main(String[] args) {
        System.exit(run(Arm.folder(args), System.out) ? 0 : 1);
    }

    /** Solves every target, prints a table, and says whether each answer lands within {@link #TOLERANCE}. */
    static boolean run(Path folder, PrintStream out) {
        Network surrogate = Netjac.load(folder.resolve("arm3").resolve("arm3.json"));
        out.println("inverse kinematics of a 3-link arm through its neural surrogate (arm3/arm3.json)");
        out.printf(Locale.ROOT, "Levenberg-Marquardt, joint limits %s..%s, Tikhonov lambda %.0e towards rest posture %s%n",
                format(LOWER), format(UPPER), LAMBDA, format(REST));
        out.printf(Locale.ROOT, "%-16s %-24s %-16s %-16s %8s %6s%n", "target", "joint angles", "surrogate hand", "exact hand",
                "error", "evals");
        boolean ok = true;
        for (double[] target : TARGETS) {
            InverseDesign.Result r = InverseDesign.of(surrogate)
                    .target(target)
                    .start(REST)
                    .bounds(LOWER, UPPER)
                    .tikhonov(LAMBDA, REST)
                    .solve();
            double[] exact = Arm.hand(r.input(), Arm.LINKS3);
            double error = Arm.distance(exact, target);
            boolean inside = true;
            for (int j = 0; j < 3; j++) {
                inside &= r.input()[j] >= LOWER[j] && r.input()[j] <= UPPER[j];
            }
            boolean good = error <= TOLERANCE && inside;
            ok &= good;
            out.printf(Locale.ROOT, "%-16s %-24s %-16s %-16s %8.4f %6d  %s%n", format(target), format(r.input()),
                    format(r.output()), format(exact), error, r.evaluations(), good ? "ok" : "FAILED");
        }
        out.println("(evals: fused forward + Jacobian calls, one per Levenberg-Marquardt evaluation; the error is the"
                + " surrogate's, it is trained to ~1e-2)");
        return ok;
    }

    static String format(double[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", v[i]));
        }
        return sb.append(')').toString();
    }
}
