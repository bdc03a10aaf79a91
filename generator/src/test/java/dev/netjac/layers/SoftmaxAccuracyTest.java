package dev.netjac.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.runtime.Network;
import dev.netjac.spec.ReadOptions;
import dev.netjac.testing.HighPrecisionChain;
import dev.netjac.weights.Npy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Softmax and log_softmax derivatives through a saturated softmax, per Jacobian row, against a 50-digit
 * {@link HighPrecisionChain} reference. The blog network's randn weights drive the top probability to within
 * 1 (1 − s_max from 5e-9 down to below 1e-16); the textbook s ⊙ (g − s·g) loses ~8 digits in the top row at
 * 1 − s_max = 5e-9 (relative error ~6e-9) and all of them beyond 1e-16; the pivoted rules keep every row within
 * 1e-13 of its largest entry.
 */
class SoftmaxAccuracyTest {
    static final Path SEED = Path.of("..", "samples", "seed");

    @ParameterizedTest
    @CsvSource({"softmax, REVERSE", "softmax, FORWARD", "log_softmax, REVERSE", "log_softmax, FORWARD"})
    void everyJacobianRowKeepsItsDigitsThroughASaturatedSoftmax(String last, JacobianMode mode) {
        Graph graph = blogNetwork(last);
        Network net = JaninoCompiler.instantiate(Netjac.generate(graph, Netjac.Options.defaults().withJacobianMode(mode)));
        double[] benchmark = Arrays.copyOfRange(Npy.read(SEED.resolve("scaled/reference/x.npy")).toArray(), 0, 500);
        // The benchmark input scaled so that 1 - s_max is 5e-9 (the case), 1e-12 and 1e-15.
        for (double gap : new double[] {5e-9, 1e-12, 1e-15}) {
            double[] x = scaledToSaturation(net, last, benchmark, gap);
            Rows rows = compare(graph, net, last, x);
            assertTrue(Math.abs(rows.saturation - gap) < 0.5 * gap, "1 - s_max = " + rows.saturation + ", wanted " + gap);
            for (int i = 0; i < 10; i++) {
                assertTrue(rows.error[i] < 1e-13, last + " " + mode + " at 1 - s_max = " + gap + ": row " + i
                        + " off by " + rows.error[i] + " of its largest entry");
            }
        }
        // The blog's own inputs saturate far more (other outputs down to 1e-180). A row of an output s_i that
        // small is s_i times an O(1) row, so it is exactly as accurate as s_i = exp(z_i - z_max) itself, whose
        // relative error is the absolute error of z_i - z_max in the double forward pass (~1e-13 for |z| ~ 200).
        // The derivative rules must add nothing to that (the textbook rule's top row is off by ~1 there).
        double[] blog = Npy.read(SEED.resolve("blog/reference/x.npy")).toArray();
        for (int p = 0; p < 8; p++) {
            Rows rows = compare(graph, net, last, Arrays.copyOfRange(blog, p * 500, (p + 1) * 500));
            // The top row is s_m Σ_j s_j (G_m − G_j), as accurate as the other outputs it is made of.
            double outputs = Arrays.stream(rows.outputError).max().getAsDouble();
            for (int i = 0; i < 10; i++) {
                assertTrue(rows.error[i] < 1e-14 + 1.5 * outputs, last + " " + mode + ", blog input " + p
                        + ": row " + i + " off by " + rows.error[i] + ", the outputs by up to " + outputs);
            }
        }
    }

    /** Per output i: the Jacobian row's error relative to its largest entry, and the output's relative error. */
    private record Rows(double[] error, double[] outputError, double saturation) {}

    /** References by network and input: each mode reuses them (a 500-input reference takes ~1 s). */
    private static final java.util.Map<String, double[][]> REFERENCES = new java.util.concurrent.ConcurrentHashMap<>();

    private static Rows compare(Graph graph, Network net, String last, double[] x) {
        double[][] ref = REFERENCES.computeIfAbsent(last + Arrays.hashCode(x), k -> HighPrecisionChain.evaluate(graph, x));
        double[] y = new double[10];
        double[] jac = new double[5000];
        net.jacobian(x, y, jac);
        double[] error = new double[10];
        double[] outputError = new double[10];
        for (int i = 0; i < 10; i++) {
            error[i] = HighPrecisionChain.worstRowError(Arrays.copyOfRange(jac, i * 500, (i + 1) * 500),
                    Arrays.copyOfRange(ref[1], i * 500, (i + 1) * 500), 1, 500);
            outputError[i] = Math.abs(y[i] - ref[0][i]) / Math.abs(ref[0][i]);
        }
        return new Rows(error, outputError, saturation(last, ref[0]));
    }

    /** 1 - s_max = the sum of the other probabilities, from the outputs (probabilities or their logarithms). */
    private static double saturation(String last, double[] y) {
        int m = 0;
        for (int i = 1; i < y.length; i++) {
            m = y[i] > y[m] ? i : m;
        }
        double rest = 0;
        for (int i = 0; i < y.length; i++) {
            rest += i == m ? 0 : last.equals("softmax") ? y[i] : Math.exp(y[i]);
        }
        return rest;
    }

    /** α·x with α in (0, 1] found by bisection on log(1 - s_max), which falls as α grows along this ray. */
    private static double[] scaledToSaturation(Network net, String last, double[] x, double gap) {
        double lo = 0;
        double hi = 1;
        double[] y = new double[10];
        double[] scaled = x.clone();
        for (int step = 0; step < 60; step++) {
            double mid = 0.5 * (lo + hi);
            for (int i = 0; i < x.length; i++) {
                scaled[i] = mid * x[i];
            }
            net.forward(scaled, y);
            if (saturation(last, y) > gap) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return scaled;
    }

    /** The blog network (500-100-10, randn weights) ending in softmax or log_softmax. */
    private static Graph blogNetwork(String last) {
        Graph seed = Netjac.read(SEED.resolve("blog/seed.json"), ReadOptions.defaults());
        List<Layer> layers = new ArrayList<>(seed.layers().subList(0, seed.layers().size() - 1));
        layers.add(last.equals("softmax") ? new Softmax("softmax3", 10) : new LogSoftmax("logSoftmax3", 10));
        return new Graph(seed.name(), seed.source(), seed.inputShape(), layers, JacobianMode.AUTO);
    }

}
