package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netjac.Netjac;
import dev.netjac.graph.JacobianMode;
import dev.netjac.runtime.Network;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Once warmed up, forward, jacobian, vjp and jvp allocate nothing. */
class AllocationTest {

    @ParameterizedTest
    @EnumSource(value = JacobianMode.class, names = {"REVERSE", "FORWARD"})
    void callsAllocateNothingAfterWarmUp(JacobianMode mode) {
        Network net = Netjac.load(Path.of("..", "samples", "seed", "scaled", "seed.json"),
                Netjac.Options.defaults().withJacobianMode(mode));
        double[] x = new double[500];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i);
        }
        double[] y = new double[10];
        double[] jac = new double[5000];
        double[] v = new double[10];
        double[] out = new double[500];
        double[] outM = new double[10];
        v[3] = 1;
        Runnable calls = () -> {
            net.forward(x, y);
            net.jacobian(x, y, jac);
            net.vjp(x, v, out);
            net.jvp(x, out, outM);
        };
        for (int i = 0; i < 20_000; i++) {
            calls.run();
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        // Calibrate: the measurement itself may allocate a few bytes.
        long before0 = threads.getThreadAllocatedBytes(tid);
        long after0 = threads.getThreadAllocatedBytes(tid);
        // A call that allocates does so in every window; the JIT (deoptimization, a late compile) may
        // allocate once in a while, so the quietest of five windows is what the calls themselves cost.
        long least = Long.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 200; i++) {
                calls.run();
            }
            long after = threads.getThreadAllocatedBytes(tid);
            least = Math.min(least, (after - before) - (after0 - before0));
        }
        assertEquals(0, least, "bytes allocated by 800 calls");
    }
}
