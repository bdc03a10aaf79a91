package dev.netjac.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.check.FiniteDifferences;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reference {@code jacobian} of every pooling layer against central finite differences of its own
 * {@code forward}, over a grid of geometries (1D and 2D, valid and same, strides 1 to 3, odd and even
 * pools, asymmetric padding, pools as large as the input). Inputs are distinct values (a shuffled ramp plus
 * noise, every gap ≥ 0.01), so no window has a tie and no perturbation of 1e-5 changes a maximum: finite
 * differences are then exact up to rounding, and the Jacobians must agree to 1e-9.
 */
class PoolingJacobianTest {
    static final double TOLERANCE = 1e-9;

    /** Distinct values: a permutation of 0.05·(k - n/2), each moved by less than 0.02. */
    static double[] distinct(int n, Random random) {
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            order.add(k);
        }
        java.util.Collections.shuffle(order, random);
        double[] x = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = 0.05 * (order.get(k) - n / 2.0) + 0.019 * random.nextDouble();
        }
        return x;
    }

    static List<Layer> layers() {
        List<Layer> layers = new ArrayList<>();
        int[][] shapes2d = {{5, 7, 2}, {6, 6, 1}, {4, 4, 3}, {1, 5, 2}, {3, 3, 1}};
        int[][] pools2d = {{2, 2}, {3, 3}, {2, 3}, {4, 1}, {1, 1}};
        int[][] strides2d = {{1, 1}, {2, 2}, {3, 3}, {1, 2}, {3, 1}};
        int id = 0;
        for (int[] shape : shapes2d) {
            for (int[] pool : pools2d) {
                for (int[] stride : strides2d) {
                    for (boolean same : new boolean[] {false, true}) {
                        if (!same && (pool[0] > shape[0] || pool[1] > shape[1])) {
                            continue;
                        }
                        PoolGeometry g = PoolGeometry.of(shape, pool, stride, same);
                        layers.add(new MaxPooling("max" + id, shape, g));
                        layers.add(new AveragePooling("avg" + id++, shape, g));
                    }
                }
            }
        }
        int[][] shapes1d = {{7, 2}, {8, 1}, {3, 3}};
        for (int[] shape : shapes1d) {
            for (int pool = 1; pool <= 4; pool++) {
                for (int stride = 1; stride <= 3; stride++) {
                    for (boolean same : new boolean[] {false, true}) {
                        if (!same && pool > shape[0]) {
                            continue;
                        }
                        PoolGeometry g = PoolGeometry.of(shape, new int[] {pool}, new int[] {stride}, same);
                        layers.add(new MaxPooling("max" + id, shape, g));
                        layers.add(new AveragePooling("avg" + id++, shape, g));
                    }
                }
            }
        }
        for (int[] shape : new int[][] {{5, 3}, {1, 2}, {4, 3, 2}, {1, 1, 3}}) {
            for (boolean max : new boolean[] {false, true}) {
                for (boolean keepdims : new boolean[] {false, true}) {
                    layers.add(new GlobalPooling("global" + id++, shape, max, keepdims));
                }
            }
        }
        return layers;
    }

    @Test
    void localJacobiansMatchFiniteDifferences() {
        Random random = new Random(11);
        List<Layer> layers = layers();
        assertTrue(layers.size() > 300, "only " + layers.size() + " layers");
        double worst = 0;
        List<String> failures = new ArrayList<>();
        for (Layer layer : layers) {
            double[] x = distinct(layer.inputSize(), random);
            double[] y = new double[layer.outputSize()];
            layer.forward(x, y);
            double[][] jac = layer.jacobian(x, y);
            double[][] fd = FiniteDifferences.jacobian(v -> {
                double[] out = new double[layer.outputSize()];
                layer.forward(v, out);
                return out;
            }, x, 1.0);
            assertEquals(layer.outputSize(), jac.length);
            double error = 0;
            for (int i = 0; i < jac.length; i++) {
                assertEquals(layer.inputSize(), jac[i].length);
                for (int j = 0; j < jac[i].length; j++) {
                    error = Math.max(error, Math.abs(jac[i][j] - fd[i][j]));
                }
            }
            worst = Math.max(worst, error);
            if (error > TOLERANCE) {
                failures.add(layer + ": max |J - FD| = " + error);
            }
        }
        System.out.printf("PoolingJacobianTest: %d layers; worst |J - FD| %.2e%n", layers.size(), worst);
        assertEquals(List.of(), failures);
    }

    /** Max pooling's Jacobian selects: every row holds exactly one 1; average pooling's rows sum to 1. */
    @Test
    void rowsSelectOrAverage() {
        Random random = new Random(5);
        for (Layer layer : layers()) {
            double[] x = distinct(layer.inputSize(), random);
            double[] y = new double[layer.outputSize()];
            layer.forward(x, y);
            boolean max = layer instanceof MaxPooling || layer instanceof GlobalPooling g && g.isMax();
            for (double[] row : layer.jacobian(x, y)) {
                double sum = 0;
                int nonzero = 0;
                for (double v : row) {
                    sum += v;
                    nonzero += v != 0 ? 1 : 0;
                }
                assertEquals(1.0, sum, 1e-12, layer.toString());
                if (max) {
                    assertEquals(1, nonzero, layer.toString());
                }
            }
        }
    }
}
