package dev.netjac.samples.solver;

import dev.netjac.Netjac;
import dev.netjac.hipparchus.NetworkFunction;
import dev.netjac.runtime.Network;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealVector;

/**
 * What the Hipparchus adapter costs over a bare fused call, on the blog's 500-100-10 network: rounds of
 * A = {@code network.jacobian(x, y, jac)} and B = {@code NetworkFunction.value(point)} (the same call plus the fresh
 * value and Jacobian arrays Hipparchus needs), interleaved A, B, A, B, …; prints the median of per-round B/A ratios.
 *
 * <p>Run from the repository root: {@code java -cp samples/solver/target/solver-samples.jar
 * dev.netjac.samples.solver.AdapterOverhead}
 */
public final class AdapterOverhead {
    private AdapterOverhead() {}

    public static void main(String[] args) {
        Network net = Netjac.load(Path.of(args.length > 0 ? args[0] : "samples/seed/scaled/seed.json"));
        NetworkFunction f = NetworkFunction.of(net.newInstance());
        double[] x = new double[net.inputSize()];
        Random random = new Random(3);
        for (int j = 0; j < x.length; j++) {
            x[j] = Math.abs(random.nextGaussian()) * 0.5;
        }
        RealVector point = new ArrayRealVector(x);
        double[] y = new double[net.outputSize()];
        double[] jac = new double[net.outputSize() * net.inputSize()];
        int calls = 2000;
        int rounds = 31;
        double[] ratio = new double[rounds];
        double[] bare = new double[rounds];
        double[] adapted = new double[rounds];
        double sink = 0;
        for (int r = -5; r < rounds; r++) {   // 5 warm-up rounds
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                net.jacobian(x, y, jac);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += f.value(point).getSecond().getEntry(0, 0);
            }
            long t2 = System.nanoTime();
            if (r >= 0) {
                bare[r] = (t1 - t0) / 1e3 / calls;
                adapted[r] = (t2 - t1) / 1e3 / calls;
                ratio[r] = adapted[r] / bare[r];
            }
        }
        Arrays.sort(ratio);
        Arrays.sort(bare);
        Arrays.sort(adapted);
        System.out.printf(Locale.ROOT, "%s, %d x %d Jacobian, %d rounds of %d calls each%n", net.getClass().getSimpleName(),
                net.outputSize(), net.inputSize(), rounds, calls);
        System.out.printf(Locale.ROOT, "  network.jacobian        median %.2f µs/call%n", bare[rounds / 2]);
        System.out.printf(Locale.ROOT, "  NetworkFunction.value   median %.2f µs/call%n", adapted[rounds / 2]);
        System.out.printf(Locale.ROOT, "  ratio (median of per-round ratios) %.3f  [%.3f .. %.3f]  (%s)%n", ratio[rounds / 2],
                ratio[0], ratio[rounds - 1], sink != 0 ? "ok" : "?");
    }
}
