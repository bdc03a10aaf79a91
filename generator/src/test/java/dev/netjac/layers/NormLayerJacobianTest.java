package dev.netjac.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.testing.NormNetworks;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reference (dense local) Jacobians of batch/layer normalization, rank &gt; 1 dense and the views against
 * central finite differences of their reference forward passes, at random points; plus the forward values
 * that can be checked by hand.
 */
class NormLayerJacobianTest {
    static final double H = 1e-5;
    static final double TOLERANCE = 1e-7;

    static List<Layer> layers(Random random) {
        List<Layer> layers = new ArrayList<>();
        int[][] shapes = {{6}, {3, 4}, {2, 3, 4}, {1, 5}, {4, 1}};
        for (int[] shape : shapes) {
            for (int axis = 0; axis < shape.length; axis++) {
                layers.add(NormNetworks.batchNorm("bn", shape, axis, random.nextBoolean(), random.nextBoolean(), random));
            }
            for (int axes = 1; axes <= shape.length; axes++) {
                layers.add(NormNetworks.layerNorm("ln", shape, axes, true, true, random));
                layers.add(NormNetworks.layerNorm("ln", shape, axes, false, false, random));
            }
            layers.add(NormNetworks.dense("dense", shape, 3, true, random));
            layers.add(NormNetworks.dense("dense", shape, 1, false, random));
            layers.add(new Reshape("reshape", shape, new int[] {dev.netjac.graph.Shapes.size(shape)}));
            layers.add(new Identity("dropout", shape, "dropout"));
        }
        return layers;
    }

    @Test
    void localJacobiansMatchCentralDifferences() {
        Random random = new Random(42);
        double worst = 0;
        for (Layer layer : layers(random)) {
            for (int trial = 0; trial < 3; trial++) {
                double[] x = new double[layer.inputSize()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = 0.3 + 1.5 * random.nextGaussian();
                }
                double[] y = new double[layer.outputSize()];
                layer.forward(x, y);
                double[][] jac = layer.jacobian(x, y);
                assertEquals(layer.outputSize(), jac.length);
                double scale = 1.0;
                double[] yPlus = new double[y.length];
                double[] yMinus = new double[y.length];
                double error = 0;
                for (int j = 0; j < x.length; j++) {
                    double saved = x[j];
                    x[j] = saved + H;
                    layer.forward(x, yPlus);
                    x[j] = saved - H;
                    layer.forward(x, yMinus);
                    x[j] = saved;
                    for (int i = 0; i < y.length; i++) {
                        double fd = (yPlus[i] - yMinus[i]) / (2 * H);
                        error = Math.max(error, Math.abs(fd - jac[i][j]));
                        scale = Math.max(scale, Math.abs(jac[i][j]));
                    }
                }
                worst = Math.max(worst, error / scale);
                assertTrue(error / scale < TOLERANCE, layer + " shape " + java.util.Arrays.toString(layer.inputShape())
                        + ": Jacobian off finite differences by " + error / scale);
            }
        }
        System.out.printf("NormLayerJacobianTest: worst local Jacobian vs FD %.2e%n", worst);
    }

    @Test
    void batchNormalizationFoldsGammaOverSqrtVariance() {
        Tensor gamma = Tensor.of(new int[] {2}, new double[] {2.0, -1.0});
        Tensor beta = Tensor.of(new int[] {2}, new double[] {0.5, 1.0});
        Tensor mean = Tensor.of(new int[] {2}, new double[] {1.0, -2.0});
        Tensor var = Tensor.of(new int[] {2}, new double[] {3.0, 0.0});
        BatchNormalization bn = new BatchNormalization("bn", new int[] {2, 2}, 1, 1.0, gamma, beta, mean, var);
        double[] y = new double[4];
        bn.forward(new double[] {3.0, 0.0, 1.0, -2.0}, y);
        // channel 0: (x - 1) * 2 / 2 + 0.5; channel 1: (x + 2) * -1 / 1 + 1
        assertEquals(2.5, y[0], 0);
        assertEquals(-1.0, y[1], 0);
        assertEquals(0.5, y[2], 0);
        assertEquals(1.0, y[3], 0);
    }

    @Test
    void layerNormalizationOfAConstantGroupIsBeta() {
        LayerNormalization ln = new LayerNormalization("ln", new int[] {2, 3}, 1, 1e-3, null,
                Tensor.of(new int[] {3}, new double[] {1, 2, 3}));
        double[] y = new double[6];
        ln.forward(new double[] {5, 5, 5, -1, 0, 1}, y);
        assertEquals(1.0, y[0], 0);
        assertEquals(3.0, y[2], 0);
        // second group: mean 0, var 2/3, y = x / sqrt(2/3 + 1e-3) + beta
        assertEquals(-1 / Math.sqrt(2.0 / 3 + 1e-3) + 1, y[3], 1e-15);
    }
}
