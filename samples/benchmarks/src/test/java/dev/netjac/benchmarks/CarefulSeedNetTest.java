package dev.netjac.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.layers.Dense;
import dev.netjac.runtime.Kernels;
import dev.netjac.runtime.Network;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The careful peer computes what netjac computes: at the blog's input (saturated softmax, outputs down to
 * 1e-181) and at jittered copies of it, every Jacobian row within 1e-13 of its largest entry, the outputs
 * within 1e-15. The test JVM runs the plain kernels (no Vector API module), whose summation order the peer
 * shares.
 */
class CarefulSeedNetTest {
    @BeforeAll
    static void repositoryRoot() {
        if (System.getProperty("netjac.home") == null) {
            System.setProperty("netjac.home", "../..");   // surefire runs in samples/benchmarks
        }
    }

    @Test
    void agreesWithNetjacRowByRow() {
        Graph graph = Networks.graph("seed-blog");
        Network net = JaninoCompiler.instantiate(Netjac.generate(graph, Netjac.Options.defaults()));
        Dense d1 = (Dense) graph.layers().get(0);
        Dense d2 = (Dense) graph.layers().get(2);
        CarefulSeedNet careful = new CarefulSeedNet(d1.kernel().toArray(), d1.bias().toArray(), d2.kernel().toArray(),
                d2.bias().toArray());
        double[] x0 = Networks.input("seed-blog", 500);
        Random random = new Random(17);
        double worst = 0;
        for (int trial = 0; trial < 6; trial++) {
            double[] x = x0.clone();
            if (trial > 0) {
                for (int j = 0; j < x.length; j++) {
                    x[j] *= 1 + 0.1 * random.nextGaussian();
                }
            }
            double[] y = new double[10];
            double[] jac = new double[5000];
            double[] py = new double[10];
            double[] pjac = new double[5000];
            net.jacobian(x, y, jac);
            careful.jacobian(x, py, pjac);
            assertArrayEquals(y, py, 1e-15, "outputs, trial " + trial);
            worst = Math.max(worst, Interleaved.rowError(jac, pjac, 10, 500));
        }
        System.out.printf("CarefulSeedNetTest: worst row-relative difference %.2e (kernels %s)%n", worst,
                Kernels.implementation());
        assertTrue(worst <= 1e-13, "row-relative difference " + worst);
    }
}
