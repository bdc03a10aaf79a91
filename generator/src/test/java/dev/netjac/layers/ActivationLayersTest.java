package dev.netjac.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.check.FiniteDifferences;
import dev.netjac.runtime.Activations;
import dev.netjac.weights.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reference math of the standalone activation layers on its own: local Jacobians against central finite
 * differences away from kinks, the conventions at kinks, and the runtime functions generated code calls
 * agreeing with the layers' own (independently written) reference at every kink and at NaN and infinities.
 */
class ActivationLayersTest {

    /** Resamples entries of x within 1e-3 of a kink, where finite differences say nothing. */
    static double[] awayFrom(Random random, int n, double... kinks) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            boolean near;
            do {
                x[i] = 3 * random.nextGaussian();
                near = false;
                for (double k : kinks) {
                    near |= Math.abs(x[i] - k) < 1e-3;
                }
            } while (near);
        }
        return x;
    }

    static void assertJacobianMatchesFiniteDifferences(Layer layer, double[] x) {
        double[] y = new double[layer.outputSize()];
        layer.forward(x, y);
        double[][] jac = layer.jacobian(x, y);
        double[][] fd = FiniteDifferences.jacobian(v -> {
            double[] out = new double[layer.outputSize()];
            layer.forward(v, out);
            return out;
        }, x, 1.0);
        double scale = 1.0;
        for (double v : y) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < jac.length; i++) {
            for (int j = 0; j < jac[i].length; j++) {
                assertEquals(fd[i][j], jac[i][j], 1e-8 * scale, layer + " d y" + i + " / d x" + j);
            }
        }
    }

    @Test
    void localJacobiansMatchFiniteDifferences() {
        Random random = new Random(5);
        for (int trial = 0; trial < 40; trial++) {
            int[] shape = {1 + random.nextInt(3), 1 + random.nextInt(4), 1 + random.nextInt(4)};
            int n = shape[0] * shape[1] * shape[2];
            double maxValue = 0.5 + 3 * random.nextDouble();
            double threshold = random.nextDouble();
            double theta = random.nextDouble() * 2 - 0.5;
            assertJacobianMatchesFiniteDifferences(new KerasRelu("r", shape, 0.2, maxValue, threshold),
                    awayFrom(random, n, threshold, maxValue));
            assertJacobianMatchesFiniteDifferences(new KerasRelu("r", shape, 0.0, Double.POSITIVE_INFINITY, threshold),
                    awayFrom(random, n, threshold));
            assertJacobianMatchesFiniteDifferences(new ThresholdedRelu("t", shape, theta), awayFrom(random, n, theta));
            assertJacobianMatchesFiniteDifferences(dev.netjac.testing.ActivationChains.prelu(random, "p", shape), awayFrom(random, n, 0.0));
            assertJacobianMatchesFiniteDifferences(new Softmax("s", shape), awayFrom(random, n));
            assertJacobianMatchesFiniteDifferences(new LogSoftmax("l", shape), awayFrom(random, n));
        }
    }

    @Test
    void softmaxNormalizesEveryLastAxisRowAndIsBlockDiagonal() {
        Softmax softmax = new Softmax("s", new int[] {2, 3});
        double[] x = {1, 2, 3, 1000, 1000, -1000};
        double[] y = new double[6];
        softmax.forward(x, y);
        assertEquals(1.0, y[0] + y[1] + y[2], 1e-15);
        assertArrayEquals(new double[] {0.5, 0.5, 0.0}, new double[] {y[3], y[4], y[5]}, 0.0);
        double[][] jac = softmax.jacobian(x, y);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                if (i / 3 != j / 3) {
                    assertEquals(0.0, jac[i][j], 0.0, "entry across groups " + i + ", " + j);
                }
            }
        }
    }

    @Test
    void reluOptionsConventionsAtKinks() {
        KerasRelu relu = new KerasRelu("r", new int[] {1}, 0.1, 4.0, 0.5);
        // value at the threshold is Keras's x * (x > threshold) = 0, the slope there the lower piece's
        assertEquals(0.0, relu.value(0, 0.5), 0.0);
        assertEquals(0.1, relu.slope(0, 0.5, 0.0), 0.0);
        assertEquals(1.0, relu.slope(0, Math.nextUp(0.5), 0.5), 0.0);
        assertEquals(4.0, relu.value(0, 4.0), 0.0);
        assertEquals(0.0, relu.slope(0, 4.0, 4.0), 0.0);
        assertEquals(1.0, relu.slope(0, Math.nextDown(4.0), 4.0), 0.0);
        assertEquals(-0.25, relu.value(0, -2.0), 1e-16);
        ThresholdedRelu thresholded = new ThresholdedRelu("t", new int[] {1}, 1.0);
        assertEquals(0.0, thresholded.value(0, 1.0), 0.0);
        assertEquals(0.0, thresholded.slope(0, 1.0, 0.0), 0.0);
        assertEquals(1.0, thresholded.slope(0, Math.nextUp(1.0), 1.0), 0.0);
        PRelu prelu = new PRelu("p", new int[] {2}, new int[0], Tensor.of(new int[] {2}, new double[] {0.25, -0.5}));
        assertEquals(0.25, prelu.slope(0, 0.0, 0.0), 0.0);
        assertEquals(-0.5, prelu.slope(1, -0.0, 0.0), 0.0);
    }

    @Test
    void preluAlphaIndexBroadcastsOverSharedAxes() {
        // shape (2, 3, 4), shared axis 1: alpha (2, 1, 4); element (a, b, c) uses alpha (a, 0, c).
        PRelu prelu = new PRelu("p", new int[] {2, 3, 4}, new int[] {1}, Tensor.of(new int[] {2, 1, 4}, new double[8]));
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 3; b++) {
                for (int c = 0; c < 4; c++) {
                    assertEquals(a * 4 + c, prelu.alphaIndex(a * 12 + b * 4 + c));
                }
            }
        }
    }

    /** What generated code computes (the runtime) equals the layers' reference, kinks and specials included. */
    @Test
    void runtimeFunctionsAgreeWithTheReference() {
        double[] slopes = {0.0, 0.1, 1.5};
        double[] caps = {Double.POSITIVE_INFINITY, 0.0, 0.5, 4.0};
        double[] thresholds = {0.0, 0.5, 2.0};
        double[] xs = {Double.NEGATIVE_INFINITY, -3, -0.0, 0.0, 1e-300, 0.5, Math.nextUp(0.5), 1, 2, 3.9999999999999996, 4,
                5, Double.POSITIVE_INFINITY, Double.NaN};
        for (double slope : slopes) {
            for (double cap : caps) {
                for (double threshold : thresholds) {
                    KerasRelu relu = new KerasRelu("r", new int[] {1}, slope, cap, threshold);
                    for (double x : xs) {
                        double y = Activations.relu(x, slope, cap, threshold);
                        String at = "relu(" + x + ", slope " + slope + ", cap " + cap + ", threshold " + threshold + ")";
                        assertEquals(relu.value(0, x), y, 0.0, at);
                        assertEquals(relu.slope(0, x, y), Activations.reluDerivative(x, y, slope, cap, threshold), 0.0, at + "'");
                    }
                }
            }
        }
        for (double theta : new double[] {-1.0, 0.0, 1.0}) {
            ThresholdedRelu t = new ThresholdedRelu("t", new int[] {1}, theta);
            for (double x : xs) {
                double y = Activations.thresholdedRelu(x, theta);
                assertEquals(t.value(0, x), y, 0.0, "thresholded_relu(" + x + ")");
                assertEquals(t.slope(0, x, y), Activations.thresholdedReluDerivative(x, y, theta), 0.0);
            }
        }
        // Plain relu's special values carry over: -inf gives 0, +inf slope 1, NaN stays NaN.
        assertEquals(0.0, Activations.relu(Double.NEGATIVE_INFINITY, 0.0, Double.POSITIVE_INFINITY, 0.0), 0.0);
        assertEquals(1.0, Activations.reluDerivative(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0.0,
                Double.POSITIVE_INFINITY, 0.0), 0.0);
        assertTrue(Double.isNaN(Activations.reluDerivative(Double.NaN, Double.NaN, 0.1, 6.0, 0.5)));
        assertTrue(Double.isNaN(Activations.thresholdedReluDerivative(Double.NaN, Double.NaN, 1.0)));
    }
}
