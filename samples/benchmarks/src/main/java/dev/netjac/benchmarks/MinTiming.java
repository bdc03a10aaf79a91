package dev.netjac.benchmarks;

import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Dense;
import dev.netjac.runtime.Kernels;
import dev.netjac.runtime.Network;
import java.util.Arrays;

/**
 * A load-tolerant companion to the JMH runs for the seed network: many short batches of calls, reporting the
 * minimum and median time per call of each batch. On a shared, overloaded machine JMH's means mostly measure
 * the other tenants; the minimum over batches measures the code. Run after a JMH run, not instead of it:
 * {@code java [--add-modules jdk.incubator.vector] -cp benchmarks.jar dev.netjac.benchmarks.MinTiming [rounds]}.
 */
public final class MinTiming {
    private MinTiming() {}

    interface Call {
        void run();
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        Graph graph = Networks.graph("seed-scaled");
        Network net = Networks.compile(graph, JacobianMode.AUTO);
        Dense d1 = (Dense) graph.layers().get(0);
        Dense d2 = (Dense) graph.layers().get(2);
        double[] w1 = d1.kernel().toArray();
        double[] b1 = d1.bias().toArray();
        double[] w2 = d2.kernel().toArray();
        double[] b2 = d2.bias().toArray();
        HandWrittenSeedNet hand = new HandWrittenSeedNet(w1, b1, w2, b2);
        double[] x = Networks.input("seed-scaled", 500);
        double[] y = new double[10];
        double[] jac = new double[5000];
        boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        System.out.println("netjac kernels: " + Kernels.implementation() + "; " + rounds + " batches of 20 calls; us per call");
        String[] names = {"netjac forward", "netjac forward+Jacobian", "hand-written Java forward+Jacobian",
                "hand-written Vector API forward+Jacobian"};
        Call[] calls = {() -> net.forward(x, y), () -> net.jacobian(x, y, jac), () -> hand.jacobian(x, y, jac), null};
        if (vector) {
            HandWrittenVectorSeedNet handVector = new HandWrittenVectorSeedNet(w1, b1, w2, b2);
            calls[3] = () -> handVector.jacobian(x, y, jac);
        }
        long[][] times = new long[calls.length][rounds];
        for (int pass = 0; pass < 2; pass++) {   // the first pass warms up
            for (int r = 0; r < rounds; r++) {
                for (int c = 0; c < calls.length; c++) {
                    if (calls[c] == null) {
                        continue;
                    }
                    long t0 = System.nanoTime();
                    for (int i = 0; i < 20; i++) {
                        calls[c].run();
                    }
                    times[c][r] = (System.nanoTime() - t0) / 20;
                }
            }
        }
        for (int c = 0; c < calls.length; c++) {
            if (calls[c] == null) {
                continue;
            }
            long[] t = times[c];
            Arrays.sort(t);
            System.out.printf("%-42s min %7.2f  p10 %7.2f  median %7.2f%n", names[c], t[0] / 1e3, t[rounds / 10] / 1e3, t[rounds / 2] / 1e3);
        }
    }
}
