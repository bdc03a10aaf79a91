package dev.netjac.benchmarks;

import dev.netjac.Netjac;
import dev.netjac.graph.JacobianMode;
import dev.netjac.runtime.Network;
import java.nio.file.Path;
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

@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SeedBenchmark {
    @Param({"scaled"})
    String variant;

    Network net;
    double[] x;
    double[] y;
    double[] jac;

    @Setup
    public void setup() {
        net = Netjac.load(Path.of(System.getProperty("netjac.home", "."), "samples", "seed", variant, "seed.json"),
                Netjac.Options.defaults().withJacobianMode(JacobianMode.REVERSE));
        x = new double[500];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 500; i++) {
            x[i] = r.nextDouble();
        }
        y = new double[10];
        jac = new double[5000];
    }

    @Benchmark
    public double[] forward() {
        net.forward(x, y);
        return y;
    }

    @Benchmark
    public double[] jacobian() {
        net.jacobian(x, y, jac);
        return jac;
    }
}
