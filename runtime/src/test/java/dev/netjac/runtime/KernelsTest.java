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

    /**
     * Every register-block size (10, 8, 6, 4, 2 and single rows, in the combinations up to 24 rows), strips
     * of 2 to 4 vectors and their single-vector tails (widths up to 150), rows that are entirely zero, a
     * block whose multipliers are all zero, bias and no bias, NaN in the padding of the output.
     */
    @Test
    void everyRowBlockAndStripMatchesNaiveProduct() {
        Random random = new Random(7);
        for (Kernels.Impl impl : implementations()) {
            for (int rows = 1; rows <= 24; rows++) {
                for (int trial = 0; trial < 6; trial++) {
                    int inner = 1 + random.nextInt(40);
                    int width = 1 + random.nextInt(150);
                    double[][] in = new double[rows][Kernels.padded(inner)];
                    for (int r = 0; r < rows; r++) {
                        boolean zeroRow = trial == 1 ? true : trial >= 2 && random.nextInt(4) == 0;
                        for (int k = 0; k < inner; k++) {
                            in[r][k] = zeroRow || random.nextInt(3) == 0 ? 0.0 : random.nextGaussian();
                        }
                    }
                    double[][] w = randomRows(random, inner, width);
                    double[] bias = trial % 2 == 0 ? null : randomRows(random, 1, width)[0];
                    double[][] out = new double[rows][Kernels.padded(width)];
                    for (double[] row : out) {
                        java.util.Arrays.fill(row, Double.NaN);
                    }
                    impl.rowsTimesMatrix(in, rows, inner, w, width, bias, out, new int[inner]);
                    for (int r = 0; r < rows; r++) {
                        for (int j = 0; j < width; j++) {
                            String where = impl.name() + " rows " + rows + " trial " + trial + " row " + r + " col " + j;
                            assertClose(naive(in[r], inner, w, j, bias), out[r][j], where);
                        }
                    }
                }
            }
        }
    }

    /**
     * The forward-pass kernel given both layouts: odd and vector-multiple inner sizes with an unpadded x,
     * widths around the eight-unit groups, bias and no bias; results agree with the row-layout kernel.
     */
    @Test
    void vectorTimesMatrixWithTransposeMatchesNaiveProduct() {
        Random random = new Random(11);
        int[] inners = {1, 3, 7, 8, 9, 15, 16, 17, 31, 64, 100, 500};
        int[] widths = {1, 2, 7, 8, 9, 10, 15, 16, 17, 33, 100};
        for (Kernels.Impl impl : implementations()) {
            for (int inner : inners) {
                for (int width : widths) {
                    double[] x = new double[inner];
                    for (int k = 0; k < inner; k++) {
                        x[k] = random.nextInt(4) == 0 ? 0.0 : random.nextGaussian();
                    }
                    double[][] w = randomRows(random, inner, width);
                    double[][] wT = new double[width][Kernels.padded(inner)];
                    for (int k = 0; k < inner; k++) {
                        for (int j = 0; j < width; j++) {
                            wT[j][k] = w[k][j];
                        }
                    }
                    double[] bias = (inner + width) % 2 == 0 ? null : randomRows(random, 1, width)[0];
                    double[] y = new double[Kernels.padded(width)];
                    java.util.Arrays.fill(y, Double.NaN);
                    impl.vectorTimesMatrix(x, inner, w, wT, width, bias, y, new int[inner]);
                    for (int j = 0; j < width; j++) {
                        assertClose(naive(x, inner, w, j, bias), y[j], impl.name() + " inner " + inner + " width " + width + " col " + j);
                    }
                }
            }
        }
    }

    private static double[][] randomRows(Random random, int rows, int width) {
        double[][] w = new double[rows][Kernels.padded(width)];
        for (double[] row : w) {
            for (int j = 0; j < width; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return w;
    }

    /** The naive sum and the sum of absolute terms, for a tolerance relative to the terms' size. */
    private static double[] naive(double[] a, int inner, double[][] w, int j, double[] bias) {
        double sum = bias == null ? 0.0 : bias[j];
        double scale = Math.abs(sum);
        for (int k = 0; k < inner; k++) {
            sum += a[k] * w[k][j];
            scale += Math.abs(a[k] * w[k][j]);
        }
        return new double[] {sum, scale};
    }

    private static void assertClose(double[] expected, double got, String where) {
        assertEquals(expected[0], got, 1e-14 * expected[1], where);
    }

    @Test
    void vectorKernelsAreSelectedOnlyWithTheModule() {
        boolean hasModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertTrue(Kernels.implementation().startsWith(hasModule ? "vector" : "plain"), Kernels.implementation());
    }
}
