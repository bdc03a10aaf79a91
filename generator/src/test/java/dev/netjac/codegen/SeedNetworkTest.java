package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.graph.JacobianMode;
import dev.netjac.runtime.Network;
import dev.netjac.weights.Npy;
import dev.netjac.weights.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The blog's network against the golden outputs and Jacobians computed by the blog's own NumPy backprop
 * (samples/seed/make_seed.py), for both weight variants and both Jacobian modes.
 */
class SeedNetworkTest {
    static final Path SEED = Path.of("..", "samples", "seed");

    @ParameterizedTest
    @CsvSource({"scaled, AUTO", "scaled, REVERSE", "scaled, FORWARD", "scaled, MIXED", "blog, AUTO", "blog, REVERSE"})
    void matchesNumpyReference(String variant, JacobianMode mode) {
        Path dir = SEED.resolve(variant);
        Network net = Netjac.load(dir.resolve("seed.json"), Netjac.Options.defaults().withJacobianMode(mode));
        assertEquals(500, net.inputSize());
        assertEquals(10, net.outputSize());
        Tensor xs = Npy.read(dir.resolve("reference/x.npy"));
        double[] ys = Npy.read(dir.resolve("reference/y.npy")).toArray();
        // Jacobians against the 50-digit mpmath reference (make_exact_reference.py): NumPy's blog method
        // cancels in the saturated softmax rows of the blog variant (its top rows are 0 where the truth is ~1e-26).
        double[] js = Npy.read(dir.resolve("reference/jac_exact.npy")).toArray();
        double[] all = xs.toArray();
        double[] y = new double[10];
        double[] jac = new double[5000];
        double worstY = 0;
        double worstJ = 0;
        for (int p = 0; p < xs.dim(0); p++) {
            double[] x = Arrays.copyOfRange(all, p * 500, (p + 1) * 500);
            net.jacobian(x, y, jac);
            for (int i = 0; i < 10; i++) {
                worstY = Math.max(worstY, Math.abs(y[i] - ys[p * 10 + i]) / Math.abs(ys[p * 10 + i]));
                // Per row, relative to the row's largest entry: saturated rows of the blog variant are ~1e-60.
                double rowMax = 0;
                double rowErr = 0;
                for (int j = 0; j < 500; j++) {
                    double ref = js[p * 5000 + i * 500 + j];
                    rowMax = Math.max(rowMax, Math.abs(ref));
                    rowErr = Math.max(rowErr, Math.abs(jac[i * 500 + j] - ref));
                }
                worstJ = Math.max(worstJ, rowErr / rowMax);
            }
        }
        // Outputs: same float64 math as NumPy up to summation order. Jacobian rows: as accurate as the outputs
        // they scale with (the blog variant's outputs go down to 1e-235, exp(z_i - z_max) with |z| ~ 200).
        assertTrue(worstY < 1e-12, "outputs off by " + worstY);
        assertTrue(worstJ < 1e-12, "Jacobian rows off by " + worstJ);
    }

    /**
     * Forward mode through a saturated softmax computes s ⊙ (t − s·t) with s ≈ (1, 0, ...): the subtraction
     * cancels, so entries of ~1e-60 come out with errors of ~1e-13 relative to the largest entry (6.9), not to themselves.
     * Reverse mode (the planner's choice here) keeps them; forward mode is accurate in absolute terms only.
     */
    @org.junit.jupiter.api.Test
    void forwardModeOnSaturatedSoftmaxIsAccurateInAbsoluteTerms() {
        Path dir = SEED.resolve("blog");
        Network net = Netjac.load(dir.resolve("seed.json"), Netjac.Options.defaults().withJacobianMode(JacobianMode.FORWARD));
        double[] all = Npy.read(dir.resolve("reference/x.npy")).toArray();
        double[] js = Npy.read(dir.resolve("reference/jac.npy")).toArray();
        double[] y = new double[10];
        double[] jac = new double[5000];
        double worst = 0;
        double largest = 0;
        for (double j : js) {
            largest = Math.max(largest, Math.abs(j));
        }
        for (int p = 0; p < 8; p++) {
            net.jacobian(Arrays.copyOfRange(all, p * 500, (p + 1) * 500), y, jac);
            for (int k = 0; k < 5000; k++) {
                worst = Math.max(worst, Math.abs(jac[k] - js[p * 5000 + k]));
            }
        }
        assertTrue(worst < 1e-12 * largest, "Jacobian error " + worst + " with entries up to " + largest);
    }
}
