package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netjac.Netjac;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.layers.Activation;
import dev.netjac.layers.Gru;
import dev.netjac.layers.Lstm;
import dev.netjac.testing.RecurrentNetworks;
import dev.netjac.graph.JacobianMode;
import dev.netjac.runtime.Network;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Once warmed up, forward, jacobian, vjp and jvp allocate nothing. */
class AllocationTest {

    @ParameterizedTest
    @EnumSource(value = JacobianMode.class, names = {"REVERSE", "FORWARD"})
    void callsAllocateNothingAfterWarmUp(JacobianMode mode) {
        Network net = Netjac.load(Path.of("..", "samples", "seed", "scaled", "seed.json"),
                Netjac.Options.defaults().withJacobianMode(mode));
        assertEquals(0, leastBytesAllocated(net, 500, 10), "bytes allocated by 800 calls");
    }

    /** Recurrent layers keep their per-step states in buffers allocated with the instance, not per call. */
    @ParameterizedTest
    @EnumSource(value = JacobianMode.class, names = {"REVERSE", "FORWARD"})
    void recurrentCallsAllocateNothingAfterWarmUp(JacobianMode mode) {
        Random random = new Random(3);
        int[] input = {6, 3};
        Lstm lstm = new Lstm("lstm0", input, 4, Activation.TANH,
                Activation.SIGMOID, RecurrentNetworks.matrix(3, 16, random),
                RecurrentNetworks.matrix(4, 16, random), null, true, false);
        Gru gru = new Gru("gru1", lstm.outputShape(), 3, Activation.TANH,
                Activation.SIGMOID, RecurrentNetworks.matrix(4, 9, random),
                RecurrentNetworks.matrix(3, 9, random), null, null, true, false, true);
        Graph graph = new Graph("RnnAlloc", "rnn-alloc", input,
                List.of(lstm, gru), JacobianMode.AUTO);
        Network net = JaninoCompiler.instantiate(
                Netjac.generate(graph, Netjac.Options.defaults().withJacobianMode(mode)));
        assertEquals(0, leastBytesAllocated(net, 18, 3), "bytes allocated by 800 calls");
    }

    private static long leastBytesAllocated(Network net, int n, int m) {
        double[] x = new double[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i);
        }
        double[] y = new double[m];
        double[] jac = new double[m * n];
        double[] v = new double[m];
        double[] out = new double[n];
        double[] outM = new double[m];
        v[m / 2] = 1;
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
        return least;
    }
}
