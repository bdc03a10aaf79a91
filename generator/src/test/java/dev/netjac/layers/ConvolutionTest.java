package dev.netjac.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.testing.RandomConvNetworks;
import dev.netjac.weights.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Padding arithmetic, the local Jacobian against central differences, and the cost count of convolutions. */
class ConvolutionTest {

    @ParameterizedTest(name = "{0} n={1} k={2} s={3} d={4}")
    @CsvSource({
            // padding, in, kernel, stride, dilation, expected out, expected pad before
            "valid, 7, 3, 1, 1, 5, 0",
            "valid, 7, 3, 2, 1, 3, 0",
            "valid, 8, 3, 3, 1, 2, 0",
            "valid, 9, 3, 1, 2, 5, 0",
            "valid, 3, 5, 1, 1, 0, 0",
            "same, 5, 3, 1, 1, 5, 1",
            "same, 5, 2, 1, 1, 5, 0",   // even kernel: total 1, all of it after (TF's asymmetric split)
            "same, 6, 4, 2, 1, 3, 1",   // total 2: 1 before, 1 after
            "same, 7, 4, 2, 1, 4, 1",   // total 3: 1 before, 2 after
            "same, 8, 3, 3, 1, 3, 0",   // total 1: 0 before, 1 after
            "same, 3, 5, 2, 1, 2, 2",   // kernel larger than the input: total 4
            "same, 6, 3, 1, 2, 6, 2",   // dilated extent 5
            "causal, 8, 3, 1, 2, 8, 4",
            "causal, 7, 2, 2, 1, 4, 1",
    })
    void tensorflowPadding(String padding, int in, int k, int s, int d, int out, int before) {
        ConvPadding p = ConvPadding.parse(padding);
        assertEquals(out, p.outputSize(in, k, s, d), "output size");
        assertEquals(before, p.padBefore(in, k, s, d), "pad before");
    }

    @Test
    void axisRefusesAnEmptyOutput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ConvAxis(3, 3, 1, 2, ConvPadding.VALID));
        assertTrue(e.getMessage().contains("spans 5 cells, more than the 3 input cells"), e.getMessage());
    }

    @Test
    void localJacobianMatchesCentralDifferences() {
        Random random = new Random(11);
        double worst = 0;
        for (int trial = 0; trial < 60; trial++) {
            Convolution layer = trial % 2 == 0
                    ? RandomConvNetworks.conv2d("c", new int[] {1 + random.nextInt(7), 1 + random.nextInt(7), 1 + random.nextInt(3)}, random)
                    : RandomConvNetworks.conv1d("c", new int[] {1 + random.nextInt(10), 1 + random.nextInt(3)}, random);
            double[] x = gaussian(random, layer.inputSize());
            double[] y = new double[layer.outputSize()];
            layer.forward(x, y);
            double[][] jac = layer.jacobian(x, y);
            double h = 1e-5;
            double scale = 1;
            double error = 0;
            double[] plus = new double[layer.outputSize()];
            double[] minus = new double[layer.outputSize()];
            for (int j = 0; j < layer.inputSize(); j++) {
                double saved = x[j];
                x[j] = saved + h;
                layer.forward(x, plus);
                x[j] = saved - h;
                layer.forward(x, minus);
                x[j] = saved;
                for (int i = 0; i < layer.outputSize(); i++) {
                    scale = Math.max(scale, Math.abs(jac[i][j]));
                    error = Math.max(error, Math.abs((plus[i] - minus[i]) / (2 * h) - jac[i][j]));
                }
            }
            worst = Math.max(worst, error / scale);
            assertTrue(error / scale < 1e-8, layer + ": FD error " + error / scale);
        }
        System.out.printf("ConvolutionTest: worst local Jacobian vs central differences %.2e%n", worst);
    }

    @Test
    void jacobianEntriesAreKernelWeights() {
        // 1-D, kernel 2, same padding on 3 steps, one channel and filter: y0 = w0 x0 + w1 x1, y1 = w0 x1 + w1 x2, y2 = w0 x2.
        Conv1D conv = new Conv1D("c", new int[] {3, 1}, Tensor.of(new int[] {2, 1, 1}, new double[] {2, 3}), null, 1,
                ConvPadding.SAME, 1);
        double[][] jac = conv.jacobian(new double[3], new double[3]);
        assertEquals(java.util.Arrays.deepToString(new double[][] {{2, 3, 0}, {0, 2, 3}, {0, 0, 2}}), java.util.Arrays.deepToString(jac));
    }

    @Test
    void rowCostCountsOnlyTapsInsideTheInput() {
        Random random = new Random(2);
        // 28x28x1 -> 3x3 valid, 8 filters: 26*26 positions, 9 taps, 1 channel, 8 filters.
        Conv2D valid = new Conv2D("c", new int[] {28, 28, 1}, RandomConvNetworks.kernel(new int[] {3, 3, 1, 8}, random), null,
                new int[] {1, 1}, ConvPadding.VALID, new int[] {1, 1});
        assertEquals(26L * 26 * 9 * 8, valid.rowCost());
        // same padding on 4x4 with 3x3: per axis 4 outputs x 3 taps minus 2 padded = 10 real taps.
        Conv2D same = new Conv2D("c", new int[] {4, 4, 2}, RandomConvNetworks.kernel(new int[] {3, 3, 2, 5}, random), null,
                new int[] {1, 1}, ConvPadding.SAME, new int[] {1, 1});
        assertEquals(10L * 10 * 2 * 5, same.rowCost());
        assertEquals(3 * 3 * 2 * 5, same.parameterCount());
    }

    private static double[] gaussian(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }
}
