package dev.netjac.samples.solver;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The exact planar-arm kinematics the surrogates were trained on (make_surrogates.py), for checking what the
 * solvers found: hand position = Σ_k l_k·(cos, sin)(q_1 + … + q_k).
 */
final class Arm {
    static final double[] LINKS2 = {1.0, 0.7};
    static final double[] LINKS3 = {1.0, 0.7, 0.5};

    private Arm() {}

    static double[] hand(double[] q, double[] links) {
        double angle = 0;
        double x = 0;
        double y = 0;
        for (int k = 0; k < q.length; k++) {
            angle += q[k];
            x += links[k] * Math.cos(angle);
            y += links[k] * Math.sin(angle);
        }
        return new double[] {x, y};
    }

    /** The 2-link arm's inverse in closed form (elbow posture q2 > 0). */
    static double[] inverse2(double[] hand) {
        double l1 = LINKS2[0];
        double l2 = LINKS2[1];
        double c2 = (hand[0] * hand[0] + hand[1] * hand[1] - l1 * l1 - l2 * l2) / (2 * l1 * l2);
        double q2 = Math.acos(c2);
        double q1 = Math.atan2(hand[1], hand[0]) - Math.atan2(l2 * Math.sin(q2), l1 + l2 * Math.cos(q2));
        return new double[] {q1, q2};
    }

    static double distance(double[] a, double[] b) {
        return Math.hypot(a[0] - b[0], a[1] - b[1]);
    }

    /** samples/solver: the first argument, else found from the working directory (the repository or this folder). */
    static Path folder(String[] args) {
        if (args.length > 0) {
            return Path.of(args[0]);
        }
        for (Path candidate : new Path[] {Path.of("samples", "solver"), Path.of(".")}) {
            if (Files.isDirectory(candidate.resolve("arm2"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("run from the repository root or give the samples/solver folder as argument");
    }
}
