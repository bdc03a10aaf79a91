package dev.netjac.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both kernel implementations against a naive triple loop, on random shapes that hit every strip, tail and
 * row-block case, with zero patterns like those of ReLU (whole columns) and of identity seeds.
 */
class KernelsTest {

    static List<Kernels.Impl> implementations() {
        List<Kernels.Impl> impls = new ArrayList<>();
        impls.add(new PlainKernels());
        // This module's tests run with --add-modules jdk.incubator.vector (see pom.xml).
        impls.add(new VectorKernels());
        return impls;
    }

    @Test
    void rowsTimesMatrixMatchesNaiveProduct() {
        Random random = new Random(42);
        for (Kernels.Impl impl : implementations()) {
            for (int trial = 0; trial < 400; trial++) {
                int rows = 1 + random.nextInt(11);
                int inner = 1 + random.nextInt(70);
                int width = 1 + random.nextInt(70);
                double[][] in = new double[rows][Kernels.padded(inner)];
                int pattern = random.nextInt(3);
                for (int r = 0; r < rows; r++) {
                    for (int k = 0; k < inner; k++) {
                        boolean zero = pattern == 1 ? k % 3 == 0 : pattern == 2 && k != r;
                        in[r][k] = zero ? 0.0 : random.nextGaussian();
                    }
                }
                double[][] w = new double[inner][Kernels.padded(width)];
                for (double[] row : w) {
                    for (int j = 0; j < width; j++) {
                        row[j] = random.nextGaussian();
                    }
                }
                double[] bias = null;
                if (random.nextBoolean()) {
                    bias = new double[Kernels.padded(width)];
                    for (int j = 0; j < width; j++) {
                        bias[j] = random.nextGaussian();
                    }
                }
                double[][] out = new double[rows][Kernels.padded(width)];
                for (double[] row : out) {
                    java.util.Arrays.fill(row, Double.NaN);
                }
                int[] scratch = new int[inner];
                impl.rowsTimesMatrix(in, rows, inner, w, width, bias, out, scratch);
                double[] single = new double[Kernels.padded(width)];
                impl.vectorTimesMatrix(in[0], inner, w, width, bias, single, scratch);
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < width; j++) {
                        double expected = bias == null ? 0.0 : bias[j];
                        double scale = Math.abs(expected);
                        for (int k = 0; k < inner; k++) {
                            expected += in[r][k] * w[k][j];
                            scale += Math.abs(in[r][k] * w[k][j]);
                        }
                        String where = impl.name() + " trial " + trial + " row " + r + " col " + j;
                        assertEquals(expected, out[r][j], 1e-14 * scale, where);
                        if (r == 0) {
                            assertEquals(expected, single[j], 1e-14 * scale, where + " (vectorTimesMatrix)");
                        }
                    }
                }
            }
        }
    }

    @Test
    void vectorKernelsAreSelectedOnlyWithTheModule() {
        boolean hasModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertTrue(Kernels.implementation().startsWith(hasModule ? "vector" : "plain"), Kernels.implementation());
    }
}
