package dev.netjac.benchmarks;

import dev.netjac.runtime.Activations;
import dev.netjac.runtime.RowActivations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Issue 13 item 4: {@link RowActivations} (the Vector API's math stubs when the JVM has the module) against
 * the scalar {@link Activations} loop it replaces, on rows of 512 typical pre-activations, interleaved in one
 * JVM; prints ns per element and the median per-round ratio.
 *
 * <p>{@code java [--add-modules jdk.incubator.vector] -cp benchmarks.jar dev.netjac.benchmarks.RowActivationTrials [rounds]}
 */
public final class RowActivationTrials {
    private RowActivationTrials() {}

    private static final int N = 512;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        Random random = new Random(3);
        double[] x = new double[N];
        for (int j = 0; j < N; j++) {
            x[j] = 2 * random.nextGaussian();
        }
        double[] y = new double[N];
        double[] s = new double[N];
        double[] d = new double[N];
        for (int j = 0; j < N; j++) {
            y[j] = Activations.tanh(x[j]);
            s[j] = Activations.sigmoid(x[j]);
        }
        List<Interleaved.Case> cases = new ArrayList<>();
        pair(cases, "tanh", () -> {
            for (int j = 0; j < N; j++) {
                d[j] = Activations.tanh(x[j]);
            }
        }, () -> RowActivations.tanh(x, d, N));
        pair(cases, "tanhDerivative", () -> {
            for (int j = 0; j < N; j++) {
                d[j] = Activations.tanhDerivative(x[j], y[j]);
            }
        }, () -> RowActivations.tanhDerivative(x, y, d, N));
        pair(cases, "sigmoid", () -> {
            for (int j = 0; j < N; j++) {
                d[j] = Activations.sigmoid(x[j]);
            }
        }, () -> RowActivations.sigmoid(x, d, N));
        pair(cases, "sigmoidDerivative", () -> {
            for (int j = 0; j < N; j++) {
                d[j] = Activations.sigmoidDerivative(x[j], s[j]);
            }
        }, () -> RowActivations.sigmoidDerivative(x, s, d, N));
        pair(cases, "exponential", () -> {
            for (int j = 0; j < N; j++) {
                d[j] = Activations.exponential(x[j]);
            }
        }, () -> RowActivations.exponential(x, d, N));
        // Vector API code is slow until C2 compiles it (C1 boxes every vector), and a 512-element row call is
        // too slow in C1 to reach C2's invocation threshold within the harness's 300 ms warm-up: call each
        // case often enough first.
        for (Interleaved.Case c : cases) {
            for (int i = 0; i < 15_000; i++) {
                c.call.run();
            }
        }
        Interleaved.run(cases, rounds);
        System.out.printf(Locale.ROOT, "%s %s; RowActivations %s; %d interleaved rounds; load average %s%n",
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                RowActivations.implementation(), rounds, PlainKernelTrials.loadAverage());
        for (Interleaved.Case c : cases) {
            String ratio = c.baseline == null ? "" : String.format(Locale.ROOT, "%.2f× the scalar loop", Interleaved.median(c.ratios));
            System.out.printf(Locale.ROOT, "  %-18s %-16s %6.2f ns per element  %s%n", c.network, c.operation,
                    c.median() / N, ratio);
        }
    }

    private static void pair(List<Interleaved.Case> cases, String name, Interleaved.Call scalar, Interleaved.Call row) {
        Interleaved.Case a = new Interleaved.Case(name, "scalar loop", scalar, 1, 0, 0, 0);
        Interleaved.Case b = new Interleaved.Case(name, "RowActivations", row, 1, 0, 0, 0);
        b.baseline = a;
        cases.add(a);
        cases.add(b);
    }
}
