package dev.netjac.benchmarks;

import dev.netjac.graph.JacobianMode;
import dev.netjac.runtime.Network;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Batch calls: time per call for B inputs (divide by B for the time per input). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BatchBenchmark {
    @Param({"seed-scaled", "mnist"})
    String network;

    @Param({"1", "16", "256"})
    int batch;

    Network net;
    double[] xs;
    double[] ys;
    double[] jacs;

    @Setup
    public void setup() {
        net = Networks.compile(Networks.graph(network), JacobianMode.AUTO);
        int n = net.inputSize();
        int m = net.outputSize();
        double[] x = Networks.input(network, n);
        xs = new double[batch * n];
        Random random = new Random(3);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                xs[b * n + i] = x[i] * (0.5 + random.nextDouble());
            }
        }
        ys = new double[batch * m];
        jacs = new double[batch * m * n];
    }

    @Benchmark
    public double[] forwardBatch() {
        net.forwardBatch(xs, ys, batch);
        return ys;
    }

    @Benchmark
    public double[] jacobianBatch() {
        net.jacobianBatch(xs, ys, jacs, batch);
        return jacs;
    }
}
