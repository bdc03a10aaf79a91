package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netjac.Netjac;
import dev.netjac.runtime.Network;
import dev.netjac.runtime.ParallelBatch;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@link ParallelBatch} against the generated class's own batch calls on one thread, bit for bit. */
class ParallelBatchTest {
    static final Network SEED = Netjac.load(Path.of("..", "samples", "seed", "scaled", "seed.json"));
    static final Network CNN = Netjac.load(Path.of("..", "samples", "cnn", "model.json"));

    @Test
    void threadsGiveTheSequentialBitsForEveryCount() {
        for (Network net : new Network[] {SEED, CNN}) {
            for (int count : new int[] {0, 1, 15, 16, 17, 77}) {
                double[] xs = inputs(net, count, count);
                try (ParallelBatch batch = ParallelBatch.withThreads(net, 3)) {
                    assertSame(net, batch, xs, count);
                }
            }
        }
    }

    @Test
    void aCallersExecutorGivesTheSameBitsAndStaysOpen() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            double[] xs = inputs(SEED, 64, 3);
            ParallelBatch batch = ParallelBatch.withExecutor(SEED, pool, 4);   // more tasks than threads
            assertSame(SEED, batch, xs, 64);
            batch.close();
            pool.submit(() -> { }).get();   // close() did not shut the caller's pool down
        } finally {
            pool.shutdown();
        }
    }

    /**
     * No shared mutable state: two ParallelBatch objects over one network, and the network itself, all busy
     * at once on different inputs, still give each input's sequential bits.
     */
    @Test
    void concurrentUsersDoNotDisturbEachOther() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try (ParallelBatch a = ParallelBatch.withThreads(SEED, 2); ParallelBatch b = ParallelBatch.withThreads(SEED, 2)) {
            Network own = SEED.newInstance();
            Future<?>[] runs = new Future<?>[3];
            for (int round = 0; round < 5; round++) {
                int seed = round;
                runs[0] = callers.submit(() -> assertSame(SEED, a, inputs(SEED, 48, 100 + seed), 48));
                runs[1] = callers.submit(() -> assertSame(SEED, b, inputs(SEED, 40, 200 + seed), 40));
                runs[2] = callers.submit(() -> {
                    double[] xs = inputs(SEED, 32, 300 + seed);
                    double[] ys = new double[32 * 10];
                    double[] jacs = new double[32 * 5000];
                    own.jacobianBatch(xs, ys, jacs, 32);
                    double[] y = new double[10];
                    double[] jac = new double[5000];
                    for (int i = 0; i < 32; i++) {
                        double[] x = java.util.Arrays.copyOfRange(xs, i * 500, (i + 1) * 500);
                        SEED.newInstance().jacobian(x, y, jac);
                        assertArrayEquals(jac, java.util.Arrays.copyOfRange(jacs, i * 5000, (i + 1) * 5000));
                    }
                });
                for (Future<?> run : runs) {
                    run.get();
                }
            }
        } finally {
            callers.shutdown();
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ParallelBatch.withThreads(SEED, 0));
        assertThrows(IllegalArgumentException.class, () -> ParallelBatch.withExecutor(SEED, null, 2));
        try (ParallelBatch batch = ParallelBatch.withThreads(SEED, 2)) {
            assertThrows(IllegalArgumentException.class, () -> batch.forwardBatch(new double[500], new double[10], 2));
        }
    }

    /** Sequential batch calls on a fresh instance against the parallel ones: identical bits. */
    private static void assertSame(Network net, ParallelBatch batch, double[] xs, int count) {
        int n = net.inputSize();
        int m = net.outputSize();
        Network sequential = net.newInstance();
        double[] ys = new double[count * m];
        double[] jacs = new double[count * m * n];
        sequential.jacobianBatch(xs, ys, jacs, count);
        double[] ys2 = new double[count * m];
        double[] jacs2 = new double[count * m * n];
        batch.jacobianBatch(xs, ys2, jacs2, count);
        assertArrayEquals(ys, ys2);
        assertArrayEquals(jacs, jacs2);
        sequential.forwardBatch(xs, ys, count);
        batch.forwardBatch(xs, ys2, count);
        assertArrayEquals(ys, ys2);
    }

    private static double[] inputs(Network net, int count, long seed) {
        Random random = new Random(seed);
        double[] xs = new double[count * net.inputSize()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = random.nextGaussian();
        }
        return xs;
    }
}
