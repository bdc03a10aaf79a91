package dev.netjac.hipparchus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.runtime.Network;
import java.nio.file.Path;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Levenberg–Marquardt through {@link InverseDesign}: targets produced by known inputs, a regularized linear
 * problem against its normal-equations solution, and bounds that are active at the solution.
 */
class InverseDesignTest {
    @TempDir
    static Path dir;

    static Network square;
    static Network threeToTwo;

    @BeforeAll
    static void compile() {
        square = SquareNet.compile(dir);
        threeToTwo = TestNetworks.compile(dir, "ThreeToTwo", 3,
                TestNetworks.dense(NetworkFunctionTest.W1, NetworkFunctionTest.B1, "tanh"),
                TestNetworks.dense(NetworkFunctionTest.W2, NetworkFunctionTest.B2, "linear"));
    }

    @Test
    void recoversTheInputThatProducedTheTarget() {
        double[] known = {0.4, -0.8, 0.6};
        double[] target = SquareNet.forward(known);
        CountingNetwork counting = new CountingNetwork(square.newInstance());
        InverseDesign.Result r = InverseDesign.of(counting).target(target).start(new double[3]).solve();
        assertArrayEquals(known, r.input(), 1e-8);
        assertArrayEquals(target, r.output(), 1e-10);
        assertTrue(r.misfit() < 1e-10, "misfit " + r.misfit());
        assertTrue(r.evaluations() >= 3 && r.evaluations() <= 40, "evaluations " + r.evaluations());
        // One fused jacobian call per evaluation Hipparchus counted; nothing else was called.
        assertEquals(r.evaluations(), counting.jacobianCalls);
        assertEquals(0, counting.forwardCalls + counting.otherCalls);
    }

    @Test
    void tikhonovSolutionOfALinearNetworkIsTheNormalEquationsSolution() {
        double[][] a = {{1.0, 2.0, -0.5, 0.3}, {0.4, -1.0, 0.8, 1.5}};
        double[] b = {0.2, -0.1};
        Network linear = TestNetworks.compile(dir, "Linear4to2", 4, TestNetworks.dense(a, b, "linear"));
        double[] target = {1.5, -0.7};
        double[] prior = {0.5, 0.5, -0.5, 0.0};
        double lambda = 0.3;

        InverseDesign.Result r = InverseDesign.of(linear).target(target).start(prior).tikhonov(lambda, prior).solve();

        // x = (AᵀA + λI)⁻¹ (Aᵀ(y* − b) + λ·prior)
        RealMatrix am = MatrixUtils.createRealMatrix(a);
        RealMatrix normal = am.transposeMultiply(am).add(MatrixUtils.createRealIdentityMatrix(4).scalarMultiply(lambda));
        RealVector rhs = am.transpose().operate(MatrixUtils.createRealVector(target).subtract(MatrixUtils.createRealVector(b)))
                .add(MatrixUtils.createRealVector(prior).mapMultiply(lambda));
        double[] expected = new LUDecomposition(normal).getSolver().solve(rhs).toArray();
        assertArrayEquals(expected, r.input(), 1e-9);
        // A linear least-squares problem: Levenberg–Marquardt needs only a few evaluations.
        assertTrue(r.evaluations() <= 10, "evaluations " + r.evaluations());
        assertTrue(r.misfit() > 1e-3, "the regularizer keeps the misfit away from zero: " + r.misfit());
    }

    @Test
    void boundedSolveNeverLeavesTheBoxAndReachesAReachableTarget() {
        double[] known = {0.3, 0.1, -0.2};
        double[] target = TestNetworks.affine(NetworkFunctionTest.W2, NetworkFunctionTest.B2, tanh(TestNetworks.affine(
                NetworkFunctionTest.W1, NetworkFunctionTest.B1, known)));
        double[] lower = {-0.5, -0.5, -0.5};
        double[] upper = {0.5, 0.5, 0.5};
        CountingNetwork counting = new CountingNetwork(threeToTwo.newInstance());
        InverseDesign.Result r = InverseDesign.of(counting).target(target).bounds(lower, upper).solve();
        assertTrue(r.misfit() < 1e-9, "misfit " + r.misfit());
        for (int j = 0; j < 3; j++) {
            assertTrue(counting.minSeen[j] >= lower[j] && counting.maxSeen[j] <= upper[j],
                    "input " + j + " went to [" + counting.minSeen[j] + ", " + counting.maxSeen[j] + "]");
        }
        assertEquals(r.evaluations(), counting.jacobianCalls);
    }

    @Test
    void anActiveBoundIsApproachedFromInside() {
        Network identity = TestNetworks.compile(dir, "Identity2", 2,
                TestNetworks.dense(new double[][] {{1, 0}, {0, 1}}, new double[] {0, 0}, "linear"));
        double[] target = {2.0, 0.5};   // unconstrained solution (2, 0.5); the box allows x0 ≤ 1
        InverseDesign.Result free = InverseDesign.of(identity).target(target).solve();
        assertArrayEquals(target, free.input(), 1e-10);

        CountingNetwork counting = new CountingNetwork(identity.newInstance());
        InverseDesign.Result r = InverseDesign.of(counting).target(target)
                .bounds(new double[] {-1, -1}, new double[] {1, 1}).solve();
        assertTrue(r.input()[0] > 0.99 && r.input()[0] <= 1, "x0 = " + r.input()[0]);
        assertEquals(0.5, r.input()[1], 1e-6);
        assertTrue(counting.maxSeen[0] <= 1 && counting.minSeen[0] >= -1);
        assertEquals(1.0, r.misfit(), 0.01);
    }

    private static double[] tanh(double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.tanh(out[i]);
        }
        return out;
    }
}
