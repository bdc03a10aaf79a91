package dev.netjac.hipparchus;

import dev.netjac.runtime.Network;
import java.nio.file.Path;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * y = W2·tanh(W1·x + b1) + b2 with invertible 3 × 3 matrices: a nonlinear network whose inverse is known in
 * closed form, x = W1⁻¹·(atanh(W2⁻¹·(y − b2)) − b1), wherever |W2⁻¹(y − b2)| < 1.
 */
final class SquareNet {
    static final double[][] W1 = {{1.2, -0.4, 0.3}, {0.5, 0.9, -0.2}, {-0.3, 0.6, 1.1}};
    static final double[] B1 = {0.1, -0.3, 0.2};
    static final double[][] W2 = {{0.9, 0.2, -0.1}, {-0.3, 1.1, 0.4}, {0.2, -0.5, 0.8}};
    static final double[] B2 = {0.05, 0.0, -0.1};

    private SquareNet() {}

    static Network compile(Path dir) {
        return TestNetworks.compile(dir, "SquareTanh", 3, TestNetworks.dense(W1, B1, "tanh"), TestNetworks.dense(W2, B2, "linear"));
    }

    /** f(x) by plain loops. */
    static double[] forward(double[] x) {
        double[] h = TestNetworks.affine(W1, B1, x);
        for (int k = 0; k < h.length; k++) {
            h[k] = Math.tanh(h[k]);
        }
        return TestNetworks.affine(W2, B2, h);
    }

    /** f⁻¹(y) in closed form. */
    static double[] inverse(double[] y) {
        double[] u = new double[3];
        for (int i = 0; i < 3; i++) {
            u[i] = y[i] - B2[i];
        }
        double[] t = solve(W2, u);
        for (int i = 0; i < 3; i++) {
            t[i] = 0.5 * Math.log((1 + t[i]) / (1 - t[i])) - B1[i];   // atanh
        }
        return solve(W1, t);
    }

    private static double[] solve(double[][] w, double[] b) {
        RealMatrix m = MatrixUtils.createRealMatrix(w);
        return new LUDecomposition(m).getSolver().solve(MatrixUtils.createRealVector(b)).toArray();
    }
}
