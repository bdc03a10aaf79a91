package dev.netjac.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels with explicit SIMD (Vector API, JDK 17+ incubator; loaded only when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}). Shapes, each chosen because it measured fastest here
 * (docs/benchmarks.md):
 * <ul>
 *   <li>blocks of rows ({@link #rowsTimesMatrix}): register-blocked micro-kernels as in BLAS. R output rows
 *       (R = 10, 8, 6, 4 or 2) times a strip of 2 to 4 vectors ({@link VectorBlocks}, generated from one table by
 *       {@code VectorBlocksGenerator}) are accumulated in registers across every
 *       nonzero multiplier k and stored once, so each weight vector loaded feeds R fused multiply-adds and
 *       the weights stream through the cache once per block instead of once per row. The block's nonzero
 *       multipliers are first packed contiguously ({@code p[t*R + r]}), so the inner loop reads one array of
 *       multipliers and one weight row per step. Ten-row blocks exist because ten outputs (a classifier's
 *       Jacobian) is the common case: no leftover rows fall back to the slow single-row path;</li>
 *   <li>single rows of a matrix given as rows ({@link #vectorTimesMatrix}): axpy over the whole row, four
 *       weight rows per pass, {@code o += a0*w0 + a1*w1 + a2*w2 + a3*w3} with fused multiply-adds;</li>
 *   <li>single rows with the transposed matrix at hand (the dense forward pass,
 *       {@link #vectorTimesMatrix(double[], int, double[][], double[][], int, double[], double[], int[])}):
 *       dot products of x with the rows of Wᵀ, eight output units at a time sharing each load of x, with
 *       vector accumulators reduced once at the end. The forward pass then reads the same Wᵀ rows the
 *       cotangent pass reads, so a Jacobian call touches one copy of the weights instead of two.</li>
 * </ul>
 * Rows are padded to whole vectors (see {@link Kernels#padded}), so the row kernels have no scalar tail.
 * The packed multipliers and a zero bias live in a per-thread scratch, grown on first use; no call allocates
 * once warm. Every Vector API call here is one C2 intrinsifies on JDK 17 (unmasked loads, stores,
 * broadcasts, {@code fma} and {@code reduceLanes(ADD)}); vectors are never merged across branches.
 */
final class VectorKernels implements Kernels.Impl {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    /** Per-thread scratch: packed multipliers and a zero row standing in for a missing bias. */
    private static final class Scratch {
        double[] packed = new double[0];
        double[] zeros = new double[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    public void vectorTimesMatrix(double[] x, int inner, double[][] w, int width, double[] bias, double[] y, int[] scratch) {
        row(x, inner, w, width, bias, y, scratch);
    }

    @Override
    public void vectorTimesMatrix(double[] x, int inner, double[][] w, double[][] wT, int width, double[] bias,
                                  double[] y, int[] scratch) {
        dots(x, inner, wT, width, bias, y);
    }

    /** How many rows the next register block takes, of {@code left} rows still to do. */
    static int blockRows(int left) {
        if (left >= 10 && left != 16) {
            return 10;
        }
        return left >= 8 ? 8 : left >= 6 ? 6 : left >= 4 ? 4 : left >= 2 ? 2 : 1;
    }

    @Override
    public void rowsTimesMatrix(double[][] in, int rows, int inner, double[][] w, int width, double[] bias,
                                double[][] out, int[] scratch) {
        if (rows == 1) {
            row(in[0], inner, w, width, bias, out[0], scratch);
            return;
        }
        int end = (width + V - 1) / V * V;
        Scratch s = SCRATCH.get();
        double[] b = bias;
        if (b == null) {
            if (s.zeros.length < end) {
                s.zeros = new double[end];
            }
            b = s.zeros;
        }
        int r = 0;
        while (r < rows) {
            int size = blockRows(rows - r);
            if (size == 1) {
                row(in[r], inner, w, width, bias, out[r], scratch);
                r++;
                continue;
            }
            if (s.packed.length < size * inner) {
                s.packed = new double[Math.max(size * inner, 10 * inner)];
            }
            double[] p = s.packed;
            int n = pack(in, r, size, inner, p, scratch);
            switch (size) {
                case 10:
                    VectorBlocks.block10(p, scratch, n, w, b, end, out, r);
                    break;
                case 8:
                    VectorBlocks.block8(p, scratch, n, w, b, end, out, r);
                    break;
                case 6:
                    VectorBlocks.block6(p, scratch, n, w, b, end, out, r);
                    break;
                case 4:
                    VectorBlocks.block4(p, scratch, n, w, b, end, out, r);
                    break;
                default:
                    VectorBlocks.block2(p, scratch, n, w, b, end, out, r);
                    break;
            }
            r += size;
        }
    }

    /**
     * Lists in {@code idx} the k where any of rows r0..r0+size-1 is nonzero, and packs those rows' values
     * there into {@code p[t*size + r]}; returns how many.
     */
    private static int pack(double[][] in, int r0, int size, int inner, double[] p, int[] idx) {
        int n = 0;
        int q = 0;
        for (int k = 0; k < inner; k++) {
            boolean any = false;
            for (int r = 0; r < size; r++) {
                if (in[r0 + r][k] != 0.0) {
                    any = true;
                    break;
                }
            }
            if (any) {
                for (int r = 0; r < size; r++) {
                    p[q + r] = in[r0 + r][k];
                }
                q += size;
                idx[n++] = k;
            }
        }
        return n;
    }

    /** One row, axpy style: the output row is read and written once per four nonzero multipliers. */
    private static void row(double[] a, int inner, double[][] w, int width, double[] bias, double[] o, int[] idx) {
        int end = (width + V - 1) / V * V;
        if (bias == null) {
            java.util.Arrays.fill(o, 0, end, 0.0);
        } else {
            System.arraycopy(bias, 0, o, 0, end);
        }
        int n = 0;
        for (int k = 0; k < inner; k++) {
            if (a[k] != 0.0) {
                idx[n++] = k;
            }
        }
        int t = 0;
        for (; t + 3 < n; t += 4) {
            DoubleVector a0 = DoubleVector.broadcast(S, a[idx[t]]);
            DoubleVector a1 = DoubleVector.broadcast(S, a[idx[t + 1]]);
            DoubleVector a2 = DoubleVector.broadcast(S, a[idx[t + 2]]);
            DoubleVector a3 = DoubleVector.broadcast(S, a[idx[t + 3]]);
            double[] w0 = w[idx[t]];
            double[] w1 = w[idx[t + 1]];
            double[] w2 = w[idx[t + 2]];
            double[] w3 = w[idx[t + 3]];
            for (int j = 0; j < end; j += V) {
                DoubleVector c = DoubleVector.fromArray(S, o, j);
                c = DoubleVector.fromArray(S, w0, j).fma(a0, c);
                c = DoubleVector.fromArray(S, w1, j).fma(a1, c);
                c = DoubleVector.fromArray(S, w2, j).fma(a2, c);
                c = DoubleVector.fromArray(S, w3, j).fma(a3, c);
                c.intoArray(o, j);
            }
        }
        for (; t < n; t++) {
            DoubleVector a0 = DoubleVector.broadcast(S, a[idx[t]]);
            double[] w0 = w[idx[t]];
            for (int j = 0; j < end; j += V) {
                DoubleVector.fromArray(S, w0, j).fma(a0, DoubleVector.fromArray(S, o, j)).intoArray(o, j);
            }
        }
    }

    /**
     * {@code y[j] = bias[j] + x · wT[j]} for j &lt; width: eight dot products at a time, each x vector loaded
     * once for eight rows of Wᵀ; lanes reduced at the end, the last {@code inner % V} terms added in scalar
     * code (x is the caller's unpadded input).
     */
    private static void dots(double[] x, int inner, double[][] wT, int width, double[] bias, double[] y) {
        int vend = inner / V * V;
        int j = 0;
        for (; j + 8 <= width; j += 8) {
            double[] w0 = wT[j];
            double[] w1 = wT[j + 1];
            double[] w2 = wT[j + 2];
            double[] w3 = wT[j + 3];
            double[] w4 = wT[j + 4];
            double[] w5 = wT[j + 5];
            double[] w6 = wT[j + 6];
            double[] w7 = wT[j + 7];
            DoubleVector c0 = DoubleVector.zero(S);
            DoubleVector c1 = c0;
            DoubleVector c2 = c0;
            DoubleVector c3 = c0;
            DoubleVector c4 = c0;
            DoubleVector c5 = c0;
            DoubleVector c6 = c0;
            DoubleVector c7 = c0;
            for (int i = 0; i < vend; i += V) {
                DoubleVector xv = DoubleVector.fromArray(S, x, i);
                c0 = DoubleVector.fromArray(S, w0, i).fma(xv, c0);
                c1 = DoubleVector.fromArray(S, w1, i).fma(xv, c1);
                c2 = DoubleVector.fromArray(S, w2, i).fma(xv, c2);
                c3 = DoubleVector.fromArray(S, w3, i).fma(xv, c3);
                c4 = DoubleVector.fromArray(S, w4, i).fma(xv, c4);
                c5 = DoubleVector.fromArray(S, w5, i).fma(xv, c5);
                c6 = DoubleVector.fromArray(S, w6, i).fma(xv, c6);
                c7 = DoubleVector.fromArray(S, w7, i).fma(xv, c7);
            }
            double s0 = c0.reduceLanes(VectorOperators.ADD);
            double s1 = c1.reduceLanes(VectorOperators.ADD);
            double s2 = c2.reduceLanes(VectorOperators.ADD);
            double s3 = c3.reduceLanes(VectorOperators.ADD);
            double s4 = c4.reduceLanes(VectorOperators.ADD);
            double s5 = c5.reduceLanes(VectorOperators.ADD);
            double s6 = c6.reduceLanes(VectorOperators.ADD);
            double s7 = c7.reduceLanes(VectorOperators.ADD);
            for (int i = vend; i < inner; i++) {
                double xi = x[i];
                s0 += xi * w0[i];
                s1 += xi * w1[i];
                s2 += xi * w2[i];
                s3 += xi * w3[i];
                s4 += xi * w4[i];
                s5 += xi * w5[i];
                s6 += xi * w6[i];
                s7 += xi * w7[i];
            }
            if (bias != null) {
                s0 += bias[j];
                s1 += bias[j + 1];
                s2 += bias[j + 2];
                s3 += bias[j + 3];
                s4 += bias[j + 4];
                s5 += bias[j + 5];
                s6 += bias[j + 6];
                s7 += bias[j + 7];
            }
            y[j] = s0;
            y[j + 1] = s1;
            y[j + 2] = s2;
            y[j + 3] = s3;
            y[j + 4] = s4;
            y[j + 5] = s5;
            y[j + 6] = s6;
            y[j + 7] = s7;
        }
        for (; j < width; j++) {
            double[] w0 = wT[j];
            DoubleVector c0 = DoubleVector.zero(S);
            for (int i = 0; i < vend; i += V) {
                c0 = DoubleVector.fromArray(S, w0, i).fma(DoubleVector.fromArray(S, x, i), c0);
            }
            double s0 = c0.reduceLanes(VectorOperators.ADD);
            for (int i = vend; i < inner; i++) {
                s0 += x[i] * w0[i];
            }
            y[j] = bias == null ? s0 : s0 + bias[j];
        }
    }
}
