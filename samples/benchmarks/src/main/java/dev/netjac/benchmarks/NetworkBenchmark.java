package dev.netjac.benchmarks;

import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.reference.ReferenceEvaluator;
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

/**
 * Generated classes on every benchmark network: forward, forward + Jacobian, vjp and jvp, in the planner's
 * mode, beside the reference evaluator (the plain dense-matrix oracle) on the same weights and input.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NetworkBenchmark {
    @Param({"seed-blog", "seed-scaled", "deep", "wide", "mnist", "cnn"})
    String network;

    Network net;
    ReferenceEvaluator reference;
    double[] x;
    double[] y;
    double[] jac;
    double[] v;
    double[] u;
    double[] grad;
    double[] dy;

    @Setup
    public void setup() {
        Graph graph = Networks.graph(network);
        net = Networks.compile(graph, JacobianMode.AUTO);
        reference = new ReferenceEvaluator(graph);
        int n = net.inputSize();
        int m = net.outputSize();
        x = Networks.input(network, n);
        y = new double[m];
        jac = new double[m * n];
        v = new double[m];
        v[0] = 1.0;
        u = new double[n];
        u[0] = 1.0;
        grad = new double[n];
        dy = new double[m];
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

    @Benchmark
    public double[] referenceForward() {
        return reference.forward(x);
    }

    @Benchmark
    public double[][] referenceJacobian() {
        return reference.jacobian(x);
    }

    @Benchmark
    public double[] vjp() {
        net.vjp(x, v, grad);
        return grad;
    }

    @Benchmark
    public double[] jvp() {
        net.jvp(x, u, dy);
        return dy;
    }
}
