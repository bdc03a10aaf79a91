package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.netjac.Netjac;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.runtime.Network;
import dev.netjac.testing.RandomNetworks;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The threading rule holds: per-thread instances over shared weights give bit-identical results to a
 * single-threaded run, and the in-process compiler's cache is safe under concurrent compiles.
 */
class ConcurrencyTest {
    static final int THREADS = 8;
    /** Calls per thread: forward, jacobian, vjp and jvp in turn. */
    static final int CALLS = 100_000;

    @Test
    void perThreadInstancesAreBitIdenticalToOneThread() throws Exception {
        Graph graph = RandomNetworks.create(7);
        Network shared = JaninoCompiler.instantiate(Netjac.generate(graph, Netjac.Options.defaults()));
        int n = shared.inputSize();
        int m = shared.outputSize();
        Random random = new Random(9);
        double[][] inputs = new double[16][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = dev.netjac.check.Verifier.gaussian(random, n);
        }
        double[][] expected = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            expected[i] = run(shared, inputs[i], m, n);
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Network mine = shared.newInstance();
                results.add(pool.submit(() -> {
                    int calls = 0;
                    for (int round = 0; round < CALLS / 4; round++) {
                        int i = round % inputs.length;
                        assertArrayEquals(expected[i], run(mine, inputs[i], m, n));
                        calls += 4;
                    }
                    return calls;
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(CALLS, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** forward, jacobian, vjp and jvp at x, concatenated. */
    private static double[] run(Network net, double[] x, int m, int n) {
        double[] y = new double[m];
        double[] jac = new double[m * n];
        double[] v = new double[m];
        java.util.Arrays.fill(v, 0.5);
        double[] grad = new double[n];
        double[] dy = new double[m];
        net.forward(x, y);
        net.jacobian(x, y, jac);
        net.vjp(x, v, grad);
        net.jvp(x, x, dy);
        double[] all = new double[m + m * n + n + m];
        System.arraycopy(y, 0, all, 0, m);
        System.arraycopy(jac, 0, all, m, m * n);
        System.arraycopy(grad, 0, all, m + m * n, n);
        System.arraycopy(dy, 0, all, m + m * n + n, m);
        return all;
    }

    @Test
    void compilerCacheIsSafeUnderConcurrentCompiles() throws Exception {
        List<Graph> graphs = new ArrayList<>();
        for (int seed = 300; seed < 304; seed++) {
            graphs.add(RandomNetworks.create(seed));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Class<? extends Network>>> classes = new ArrayList<>();
            for (int task = 0; task < 32; task++) {
                Graph graph = graphs.get(task % graphs.size());
                String name = "Concurrent" + (task % graphs.size());
                Callable<Class<? extends Network>> compile = () -> JaninoCompiler.compile(
                        Netjac.generate(graph, Netjac.Options.defaults().withClassName(name)));
                classes.add(pool.submit(compile));
            }
            for (int task = 0; task < 32; task++) {
                // The same source gives the same class, compiled once, whichever thread got there first.
                assertSame(classes.get(task % graphs.size()).get(), classes.get(task).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
