package dev.netjac.hipparchus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.runtime.Network;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Newton's method on networks whose roots are known in closed form; evaluations counted on the network. */
class NewtonSolverTest {
    @TempDir
    static Path dir;

    static Network square;

    @BeforeAll
    static void compile() {
        square = SquareNet.compile(dir);
    }

    @Test
    void convergesToTheClosedFormInverseInFewIterations() {
        double[] target = SquareNet.forward(new double[] {0.4, -0.8, 0.6});
        double[] expected = SquareNet.inverse(target);
        assertArrayEquals(new double[] {0.4, -0.8, 0.6}, expected, 1e-12);

        CountingNetwork counting = new CountingNetwork(square.newInstance());
        NewtonSolver.Result r = NewtonSolver.of(counting).tolerance(1e-12).solve(target, new double[3]);
        assertTrue(r.converged(), r.toString());
        assertArrayEquals(expected, r.x(), 1e-10);
        assertTrue(r.residual() <= 1e-12, "residual " + r.residual());
        // Quadratic convergence from the origin: a handful of steps, each one fused call unless a step is halved.
        assertTrue(r.iterations() >= 2 && r.iterations() <= 8, "iterations " + r.iterations());
        assertTrue(r.evaluations() >= r.iterations() + 1 && r.evaluations() <= 2 * r.iterations() + 1, r.toString());
        assertEquals(r.evaluations(), counting.jacobianCalls);
        assertEquals(0, counting.forwardCalls + counting.otherCalls);
    }

    @Test
    void theStepCapRescuesAStartInTheSaturatedRegion() {
        double[] target = SquareNet.forward(new double[] {0.1, 0.2, -0.3});
        double[] start = {2.5, -2.5, 2.5};   // tanh half saturated: the full Newton step overshoots by far
        CountingNetwork counting = new CountingNetwork(square.newInstance());
        NewtonSolver.Result r = NewtonSolver.of(counting).solve(target, start);
        assertTrue(r.converged(), r.toString());
        assertArrayEquals(SquareNet.inverse(target), r.x(), 1e-9);
        assertTrue(r.iterations() <= 12, r.toString());
        assertEquals(r.evaluations(), counting.jacobianCalls);
        // Without the cap the first steps land where some tanh' underflows to 0 and J is singular.
        NewtonSolver.Result uncapped = NewtonSolver.of(square.newInstance()).maxStep(Double.POSITIVE_INFINITY).solve(target, start);
        assertNotEquals(NewtonSolver.Status.CONVERGED, uncapped.status(), uncapped.toString());
    }

    @Test
    void backtrackingHalvesStepsThatWouldIncreaseTheResidual() {
        double[] target = SquareNet.forward(new double[] {0.1, 0.2, -0.3});
        CountingNetwork counting = new CountingNetwork(square.newInstance());
        NewtonSolver.Result r = NewtonSolver.of(counting).maxStep(Double.POSITIVE_INFINITY).solve(target, new double[] {-1, 1, -1});
        assertTrue(r.converged(), r.toString());
        assertArrayEquals(SquareNet.inverse(target), r.x(), 1e-9);
        assertTrue(r.evaluations() > r.iterations() + 1, "expected rejected trial points: " + r);
        assertEquals(r.evaluations(), counting.jacobianCalls);
    }

    @Test
    void anUnreachableTargetIsReportedNotConverged() {
        // |tanh| < 1, so 3 is out of reach of y = tanh(x).
        Network tanh = TestNetworks.compile(dir, "Tanh1", 1, TestNetworks.dense(new double[][] {{1}}, new double[] {0}, "tanh"));
        NewtonSolver.Result r = NewtonSolver.of(tanh).maxIterations(30).solve(new double[] {3}, new double[] {0});
        assertNotEquals(NewtonSolver.Status.CONVERGED, r.status());
        assertTrue(r.residual() > 1.9, r.toString());
    }

    @Test
    void aSingularJacobianStops() {
        Network rankOne = TestNetworks.compile(dir, "RankOne", 2,
                TestNetworks.dense(new double[][] {{1, 2}, {2, 4}}, new double[] {0, 0}, "linear"));
        NewtonSolver.Result r = NewtonSolver.of(rankOne).solve(new double[] {1, 0}, new double[] {0, 0});
        assertEquals(NewtonSolver.Status.SINGULAR_JACOBIAN, r.status());
        assertEquals(1, r.evaluations());
    }

    @Test
    void aNonSquareNetworkIsRefused() {
        Network wide = TestNetworks.compile(dir, "Wide", 3,
                TestNetworks.dense(new double[][] {{1, 2, 3}, {4, 5, 6}}, new double[] {0, 0}, "linear"));
        assertEquals("Newton's method needs a square network, found 2 outputs for 3 inputs; use InverseDesign (least squares) instead",
                assertThrows(IllegalArgumentException.class, () -> NewtonSolver.of(wide)).getMessage());
    }
}
