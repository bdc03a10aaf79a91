package dev.netjac.runtime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Batch calls of one network spread over several threads. Each worker owns its own instance
 * ({@link Network#newInstance()}: shared immutable weights, private scratch) and its own staging arrays, so
 * workers share nothing mutable but a block counter; inputs go in blocks of {@value #BLOCK}, aligned with the
 * blocks a generated class's own batch calls use, so results are bit-identical to
 * {@code network.forwardBatch}/{@code jacobianBatch} on one thread. Workers take the next block as they
 * finish one, which balances the load when other processes share the cores.
 *
 * <pre>{@code
 * try (ParallelBatch batch = ParallelBatch.withThreads(net, 2)) {   // or withExecutor(net, pool, 4)
 *     batch.jacobianBatch(xs, ys, jacs, count);
 * }
 * }</pre>
 *
 * <p>One call at a time per {@code ParallelBatch} (calls are serialized on it); the caller's arrays are read
 * and written only inside the call. A call allocates a latch and one task per worker, nothing per input.
 */
public final class ParallelBatch implements AutoCloseable {
    /** Inputs per block: the generated classes' batch block, so blocks (and their arithmetic) coincide. */
    public static final int BLOCK = 16;

    private final Executor executor;
    private final ExecutorService owned;
    private final Worker[] workers;
    private final int inputSize;
    private final int outputSize;

    private ParallelBatch(Network network, Executor executor, ExecutorService owned, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.executor = executor;
        this.owned = owned;
        this.inputSize = network.inputSize();
        this.outputSize = network.outputSize();
        this.workers = new Worker[parallelism];
        for (int i = 0; i < parallelism; i++) {
            workers[i] = new Worker(network.newInstance());
        }
    }

    /** {@code threads} worker threads of its own (daemon threads, stopped by {@link #close()}). */
    public static ParallelBatch withThreads(Network network, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        AtomicInteger made = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "netjac-batch-" + made.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return new ParallelBatch(network, pool, pool, threads);
    }

    /** {@code parallelism} tasks per call on the caller's executor, which this class never shuts down. */
    public static ParallelBatch withExecutor(Network network, Executor executor, int parallelism) {
        if (executor == null) {
            throw new IllegalArgumentException("executor must not be null");
        }
        return new ParallelBatch(network, executor, null, parallelism);
    }

    /** How many workers (instances) a call uses. */
    public int parallelism() {
        return workers.length;
    }

    /** {@link Network#forwardBatch} over the workers. */
    public synchronized void forwardBatch(double[] xs, double[] ys, int count) {
        Checks.batch("xs", xs, count, inputSize);
        Checks.batch("ys", ys, count, outputSize);
        run(xs, ys, null, count);
    }

    /** {@link Network#jacobianBatch} over the workers. */
    public synchronized void jacobianBatch(double[] xs, double[] ys, double[] jacs, int count) {
        Checks.batch("xs", xs, count, inputSize);
        Checks.batch("ys", ys, count, outputSize);
        Checks.batch("jacs", jacs, count, (long) outputSize * inputSize);
        run(xs, ys, jacs, count);
    }

    private void run(double[] xs, double[] ys, double[] jacs, int count) {
        int blocks = (count + BLOCK - 1) / BLOCK;
        int tasks = Math.min(workers.length, blocks);
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(tasks);
        for (int i = 0; i < tasks; i++) {
            Worker worker = workers[i];
            executor.execute(() -> {
                try {
                    for (int b = next.getAndIncrement(); b < blocks && failure.get() == null; b = next.getAndIncrement()) {
                        worker.block(xs, ys, jacs, b * BLOCK, Math.min(BLOCK, count - b * BLOCK));
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            });
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for batch workers", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    /** Stops the threads of {@link #withThreads}; a caller's executor is left alone. */
    @Override
    public void close() {
        if (owned != null) {
            owned.shutdown();
        }
    }

    /** One worker's instance and staging arrays for one block, grown on first use. */
    private final class Worker {
        final Network net;
        double[] x = new double[0];
        double[] y = new double[0];
        double[] jac = new double[0];

        Worker(Network net) {
            this.net = net;
        }

        void block(double[] xs, double[] ys, double[] jacs, int start, int rows) {
            if (x.length < BLOCK * inputSize) {
                x = new double[BLOCK * inputSize];
                y = new double[BLOCK * outputSize];
            }
            System.arraycopy(xs, start * inputSize, x, 0, rows * inputSize);
            if (jacs == null) {
                net.forwardBatch(x, y, rows);
            } else {
                int size = outputSize * inputSize;
                if (jac.length < BLOCK * size) {
                    jac = new double[BLOCK * size];
                }
                net.jacobianBatch(x, y, jac, rows);
                System.arraycopy(jac, 0, jacs, start * size, rows * size);
            }
            System.arraycopy(y, 0, ys, start * outputSize, rows * outputSize);
        }
    }
}
