package dev.netjac.hipparchus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.runtime.Network;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.util.Pair;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter's values and Jacobians: equal to the network's own for the plain function, and to central finite
 * differences of its own values through the box map and the Tikhonov rows (so the chain rule is checked by
 * something that does not use it). Also: one fused call per evaluation, and what a call allocates.
 */
class NetworkFunctionTest {
    static final double[][] W1 = {{0.8, -0.3, 0.5}, {0.2, 0.9, -0.4}, {-0.6, 0.1, 0.7}, {0.3, 0.3, 0.3}};
    static final double[] B1 = {0.1, -0.2, 0.05, 0.0};
    static final double[][] W2 = {{1.0, -0.5, 0.25, 0.8}, {-0.3, 0.6, 0.9, -0.2}};
    static final double[] B2 = {0.05, -0.1};

    @TempDir
    static Path dir;

    static Network net;

    @BeforeAll
    static void compile() {
        net = TestNetworks.compile(dir, "ThreeToTwo", 3, TestNetworks.dense(W1, B1, "tanh"), TestNetworks.dense(W2, B2, "linear"));
    }

    @Test
    void valueAndJacobianComeFromOneFusedCall() {
        CountingNetwork counting = new CountingNetwork(net.newInstance());
        NetworkFunction f = NetworkFunction.of(counting);
        double[] x = {0.3, -0.7, 1.1};
        Pair<RealVector, RealMatrix> v = f.value(new ArrayRealVector(x));
        assertEquals(1, counting.jacobianCalls);
        assertEquals(0, counting.forwardCalls + counting.otherCalls);
        assertEquals(1, f.evaluations());

        double[] y = new double[2];
        double[] jac = new double[6];
        net.jacobian(x, y, jac);
        assertArrayEquals(y, v.getFirst().toArray(), 0);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(jac[i * 3 + j], v.getSecond().getEntry(i, j), 0);
            }
        }
        // The outputs also agree with the closed form the spec was written from.
        double[] h = TestNetworks.affine(W1, B1, x);
        for (int k = 0; k < h.length; k++) {
            h[k] = Math.tanh(h[k]);
        }
        assertArrayEquals(TestNetworks.affine(W2, B2, h), v.getFirst().toArray(), 1e-14);
    }

    @Test
    void eachCallReturnsFreshArraysBecauseSolversKeepEarlierEvaluations() {
        NetworkFunction f = NetworkFunction.of(net.newInstance());
        Pair<RealVector, RealMatrix> a = f.value(new ArrayRealVector(new double[] {0.1, 0.2, 0.3}));
        double[] before = a.getFirst().toArray();
        double entry = a.getSecond().getEntry(1, 2);
        f.value(new ArrayRealVector(new double[] {-2, 1, 0.5}));
        assertArrayEquals(before, a.getFirst().toArray(), 0);
        assertEquals(entry, a.getSecond().getEntry(1, 2), 0);
    }

    @Test
    void boundedJacobianIsTheChainRuleThroughTheBox() {
        double[] lower = {-1, 0, 2};
        double[] upper = {1, 0.5, 5};
        NetworkFunction f = NetworkFunction.of(net.newInstance()).withBounds(lower, upper);
        RealVector z = new ArrayRealVector(new double[] {0.4, -1.3, 2.2});
        double[] x = f.toInput(z);
        for (int j = 0; j < 3; j++) {
            assertTrue(x[j] > lower[j] && x[j] < upper[j], "input " + j + " = " + x[j]);
            assertEquals(lower[j] + (upper[j] - lower[j]) / (1 + Math.exp(-z.getEntry(j))), x[j], 1e-15);
        }
        assertArrayEquals(z.toArray(), f.toParameters(x).toArray(), 1e-12);
        assertMatchesFiniteDifferences(f, z);
    }

    @Test
    void tikhonovRowsAreScaledDistancesToThePrior() {
        double[] lower = {-1, 0, 2};
        double[] upper = {1, 0.5, 5};
        double[] prior = {0.2, 0.1, 3};
        double lambda = 0.09;
        NetworkFunction f = NetworkFunction.of(net.newInstance()).withBounds(lower, upper).withTikhonov(lambda, prior);
        assertEquals(5, f.observationSize());
        RealVector z = new ArrayRealVector(new double[] {-0.4, 0.8, 0.1});
        double[] x = f.toInput(z);
        RealVector values = f.value(z).getFirst();
        for (int j = 0; j < 3; j++) {
            assertEquals(0.3 * (x[j] - prior[j]), values.getEntry(2 + j), 1e-15);
        }
        assertArrayEquals(new double[] {1, 2, 0, 0, 0}, f.target(new double[] {1, 2}).toArray(), 0);
        assertMatchesFiniteDifferences(f, z);
        // Without bounds the rows' Jacobian is sqrt(λ)·I.
        NetworkFunction plain = NetworkFunction.of(net.newInstance()).withTikhonov(lambda, prior);
        RealMatrix j = plain.value(new ArrayRealVector(prior)).getSecond();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(r == c ? 0.3 : 0, j.getEntry(2 + r, c), 1e-15);
            }
        }
    }

    private static void assertMatchesFiniteDifferences(NetworkFunction f, RealVector z) {
        RealMatrix jac = f.value(z).getSecond();
        double h = 1e-5;
        for (int j = 0; j < z.getDimension(); j++) {
            RealVector plus = z.copy();
            RealVector minus = z.copy();
            plus.addToEntry(j, h);
            minus.addToEntry(j, -h);
            RealVector fd = f.value(plus).getFirst().subtract(f.value(minus).getFirst()).mapDivide(2 * h);
            for (int i = 0; i < f.observationSize(); i++) {
                assertEquals(fd.getEntry(i), jac.getEntry(i, j), 1e-9, "entry (" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void aCallAllocatesOnlyWhatItReturns() {
        NetworkFunction f = NetworkFunction.of(net.newInstance()).withBounds(new double[] {-1, -1, -1}, new double[] {1, 1, 1});
        RealVector z = new ArrayRealVector(new double[] {0.1, 0.2, 0.3});
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        Object sink = null;
        for (int i = 0; i < 20_000; i++) {
            sink = f.value(z);
        }
        int calls = 10_000;
        long before = bean.getThreadAllocatedBytes(tid);
        for (int i = 0; i < calls; i++) {
            sink = f.value(z);
        }
        long perCall = (bean.getThreadAllocatedBytes(tid) - before) / calls;
        assertTrue(sink != null);
        // The value array (2 doubles) and the flat Jacobian (6 doubles) with their headers, two wrappers and a
        // Pair: well under 300 bytes; a copy of the input or of the Jacobian as rows would add ~100 more.
        long returned = 2 * 8 + 6 * 8;
        assertTrue(perCall >= returned && perCall <= returned + 200, "bytes allocated per call: " + perCall);
    }

    @Test
    void badArgumentsAreNamed() {
        NetworkFunction f = NetworkFunction.of(net);
        assertEquals("lower has length 2, expected 3 (the network's inputs)",
                assertThrows(IllegalArgumentException.class, () -> f.withBounds(new double[2], new double[3])).getMessage());
        assertEquals("bounds of input 1: expected finite lower < upper, found [1.0, 1.0]",
                assertThrows(IllegalArgumentException.class,
                        () -> f.withBounds(new double[] {0, 1, 0}, new double[] {1, 1, 1})).getMessage());
        assertEquals("lambda: expected a finite value > 0, found -1.0",
                assertThrows(IllegalArgumentException.class, () -> f.withTikhonov(-1, new double[3])).getMessage());
        assertEquals("point has dimension 2, expected 3",
                assertThrows(IllegalArgumentException.class, () -> f.value(new ArrayRealVector(2))).getMessage());
        NetworkFunction boxed = f.withBounds(new double[] {0, 0, 0}, new double[] {1, 1, 1});
        assertEquals("input 2 is 1.0, expected strictly inside (0.0, 1.0)",
                assertThrows(IllegalArgumentException.class, () -> boxed.toParameters(new double[] {0.5, 0.5, 1})).getMessage());
    }
}
