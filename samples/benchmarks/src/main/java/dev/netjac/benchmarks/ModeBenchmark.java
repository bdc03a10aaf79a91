package dev.netjac.benchmarks;

import dev.netjac.graph.JacobianMode;
import dev.netjac.runtime.Network;
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

/** The planner's choice checked by measurement: forward + Jacobian in each mode, same network, same run. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ModeBenchmark {
    @Param({"wide", "seed-scaled", "deep"})
    String network;

    @Param({"REVERSE", "FORWARD"})
    JacobianMode mode;

    Network net;
    double[] x;
    double[] y;
    double[] jac;

    @Setup
    public void setup() {
        net = Networks.compile(Networks.graph(network), mode);
        x = Networks.input(network, net.inputSize());
        y = new double[net.outputSize()];
        jac = new double[net.outputSize() * net.inputSize()];
    }

    @Benchmark
    public double[] jacobian() {
        net.jacobian(x, y, jac);
        return jac;
    }
}
