package dev.netjac.benchmarks;

import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Dense;
import dev.netjac.reference.ReferenceEvaluator;
import dev.netjac.runtime.Kernels;
import dev.netjac.runtime.Network;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The blog's network (scaled weights, first reference input), forward + Jacobian, by every JVM alternative in
 * one run: netjac's generated class, a hand-written Java implementation, a hand-written Vector API
 * implementation (only with {@code --add-modules jdk.incubator.vector}; exclude it otherwise with
 * {@code -e handWrittenVector}), Hipparchus forward-mode AD, and netjac's reference evaluator. Setup checks
 * that all agree before anything is timed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SeedAlternativesBenchmark {
    Network netjac;
    HandWrittenSeedNet handWritten;
    HipparchusSeedNet hipparchus;
    ReferenceEvaluator reference;
    double[] x;
    double[] y = new double[10];
    double[] jac = new double[5000];

    @Setup
    public void setup() {
        Graph graph = Networks.graph("seed-scaled");
        netjac = Networks.compile(graph, JacobianMode.AUTO);
        Dense d1 = (Dense) graph.layers().get(0);
        Dense d2 = (Dense) graph.layers().get(2);
        handWritten = new HandWrittenSeedNet(d1.kernel().toArray(), d1.bias().toArray(), d2.kernel().toArray(), d2.bias().toArray());
        hipparchus = new HipparchusSeedNet(d1.kernel().toArray(), d1.bias().toArray(), d2.kernel().toArray(), d2.bias().toArray());
        reference = new ReferenceEvaluator(graph);
        x = Networks.input("seed-scaled", 500);

        double[] expected = reference.jacobianFlat(x);
        double[] got = new double[5000];
        double[] yy = new double[10];
        netjac.jacobian(x, yy, got);
        check("netjac", got, expected);
        handWritten.jacobian(x, yy, got);
        check("hand-written", got, expected);
        hipparchus.jacobian(x, yy, got);
        check("Hipparchus", got, expected);
        System.out.println("# netjac kernels: " + Kernels.implementation());
    }

    /** The hand-written Vector API implementation, in its own state so that only its benchmark needs the module. */
    @State(Scope.Thread)
    public static class VectorApi {
        HandWrittenVectorSeedNet net;
        double[] x;
        double[] y = new double[10];
        double[] jac = new double[5000];

        @Setup
        public void setup() {
            if (!ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
                throw new IllegalStateException("the hand-written Vector API benchmark needs --add-modules jdk.incubator.vector"
                        + " (exclude it with -e handWrittenVector)");
            }
            Graph graph = Networks.graph("seed-scaled");
            Dense d1 = (Dense) graph.layers().get(0);
            Dense d2 = (Dense) graph.layers().get(2);
            net = new HandWrittenVectorSeedNet(d1.kernel().toArray(), d1.bias().toArray(), d2.kernel().toArray(), d2.bias().toArray());
            x = Networks.input("seed-scaled", 500);
            double[] got = new double[5000];
            net.jacobian(x, new double[10], got);
            check("hand-written Vector API", got, new ReferenceEvaluator(graph).jacobianFlat(x));
        }
    }

    private static void check(String what, double[] got, double[] expected) {
        double max = 0;
        double err = 0;
        for (int i = 0; i < got.length; i++) {
            max = Math.max(max, Math.abs(expected[i]));
            err = Math.max(err, Math.abs(got[i] - expected[i]));
        }
        if (err > 1e-12 * max) {
            throw new IllegalStateException(what + " disagrees with the reference: " + err);
        }
    }

    @Benchmark
    public double[] netjacJacobian() {
        netjac.jacobian(x, y, jac);
        return jac;
    }

    @Benchmark
    public double[] netjacForward() {
        netjac.forward(x, y);
        return y;
    }

    @Benchmark
    public double[] handWrittenJacobian() {
        handWritten.jacobian(x, y, jac);
        return jac;
    }

    @Benchmark
    public double[] handWrittenForward() {
        handWritten.forward(x, y);
        return y;
    }

    @Benchmark
    public double[] handWrittenVectorJacobian(VectorApi state) {
        state.net.jacobian(state.x, state.y, state.jac);
        return state.jac;
    }

    @Benchmark
    public double[] handWrittenVectorForward(VectorApi state) {
        state.net.forward(state.x, state.y);
        return state.y;
    }

    @Benchmark
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 2)
    public double[] hipparchusJacobian() {
        hipparchus.jacobian(x, y, jac);
        return jac;
    }

    @Benchmark
    public double[][] referenceJacobian() {
        return reference.jacobian(x);
    }
}
