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
 *       (R = 10, 8, 6, 4 or 2) times a strip of 2 to 4 vectors are accumulated in registers across every
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
                    block10(p, scratch, n, w, b, end, out, r);
                    break;
                case 8:
                    block8(p, scratch, n, w, b, end, out, r);
                    break;
                case 6:
                    block6(p, scratch, n, w, b, end, out, r);
                    break;
                case 4:
                    block4(p, scratch, n, w, b, end, out, r);
                    break;
                default:
                    block2(p, scratch, n, w, b, end, out, r);
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

    // ---- register-blocked micro-kernels, written out by a script (one per block size) ----
    // Each computes out[r0 + r][j] = b[j] + sum_t p[t*R + r] * w[idx[t]][j] for j < end, r < R.

    /** Rows r0..r0+9: strips of 2 vectors (20 accumulators), then single vectors. */
    private static void block10(double[] p, int[] idx, int n, double[][] w, double[] b, int end, double[][] out, int r0) {
        double[] o0 = out[r0];
        double[] o1 = out[r0 + 1];
        double[] o2 = out[r0 + 2];
        double[] o3 = out[r0 + 3];
        double[] o4 = out[r0 + 4];
        double[] o5 = out[r0 + 5];
        double[] o6 = out[r0 + 6];
        double[] o7 = out[r0 + 7];
        double[] o8 = out[r0 + 8];
        double[] o9 = out[r0 + 9];
        int j = 0;
        for (; j + 2 * V <= end; j += 2 * V) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, j);
            DoubleVector b1 = DoubleVector.fromArray(S, b, j + V);
            DoubleVector c00 = b0; DoubleVector c01 = b1;
            DoubleVector c10 = b0; DoubleVector c11 = b1;
            DoubleVector c20 = b0; DoubleVector c21 = b1;
            DoubleVector c30 = b0; DoubleVector c31 = b1;
            DoubleVector c40 = b0; DoubleVector c41 = b1;
            DoubleVector c50 = b0; DoubleVector c51 = b1;
            DoubleVector c60 = b0; DoubleVector c61 = b1;
            DoubleVector c70 = b0; DoubleVector c71 = b1;
            DoubleVector c80 = b0; DoubleVector c81 = b1;
            DoubleVector c90 = b0; DoubleVector c91 = b1;
            for (int t = 0, q = 0; t < n; t++, q += 10) {
                double[] wk = w[idx[t]];
                DoubleVector w0 = DoubleVector.fromArray(S, wk, j);
                DoubleVector w1 = DoubleVector.fromArray(S, wk, j + V);
                DoubleVector x0 = DoubleVector.broadcast(S, p[q]);
                c00 = w0.fma(x0, c00); c01 = w1.fma(x0, c01);
                DoubleVector x1 = DoubleVector.broadcast(S, p[q + 1]);
                c10 = w0.fma(x1, c10); c11 = w1.fma(x1, c11);
                DoubleVector x2 = DoubleVector.broadcast(S, p[q + 2]);
                c20 = w0.fma(x2, c20); c21 = w1.fma(x2, c21);
                DoubleVector x3 = DoubleVector.broadcast(S, p[q + 3]);
                c30 = w0.fma(x3, c30); c31 = w1.fma(x3, c31);
                DoubleVector x4 = DoubleVector.broadcast(S, p[q + 4]);
                c40 = w0.fma(x4, c40); c41 = w1.fma(x4, c41);
                DoubleVector x5 = DoubleVector.broadcast(S, p[q + 5]);
                c50 = w0.fma(x5, c50); c51 = w1.fma(x5, c51);
                DoubleVector x6 = DoubleVector.broadcast(S, p[q + 6]);
                c60 = w0.fma(x6, c60); c61 = w1.fma(x6, c61);
                DoubleVector x7 = DoubleVector.broadcast(S, p[q + 7]);
                c70 = w0.fma(x7, c70); c71 = w1.fma(x7, c71);
                DoubleVector x8 = DoubleVector.broadcast(S, p[q + 8]);
                c80 = w0.fma(x8, c80); c81 = w1.fma(x8, c81);
                DoubleVector x9 = DoubleVector.broadcast(S, p[q + 9]);
                c90 = w0.fma(x9, c90); c91 = w1.fma(x9, c91);
            }
            c00.intoArray(o0, j);
            c01.intoArray(o0, j + V);
            c10.intoArray(o1, j);
            c11.intoArray(o1, j + V);
            c20.intoArray(o2, j);
            c21.intoArray(o2, j + V);
            c30.intoArray(o3, j);
            c31.intoArray(o3, j + V);
            c40.intoArray(o4, j);
            c41.intoArray(o4, j + V);
            c50.intoArray(o5, j);
            c51.intoArray(o5, j + V);
            c60.intoArray(o6, j);
            c61.intoArray(o6, j + V);
            c70.intoArray(o7, j);
            c71.intoArray(o7, j + V);
            c80.intoArray(o8, j);
            c81.intoArray(o8, j + V);
            c90.intoArray(o9, j);
            c91.intoArray(o9, j + V);
        }
        for (; j < end; j += V) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, j);
            DoubleVector c00 = b0;
            DoubleVector c10 = b0;
            DoubleVector c20 = b0;
            DoubleVector c30 = b0;
            DoubleVector c40 = b0;
            DoubleVector c50 = b0;
            DoubleVector c60 = b0;
            DoubleVector c70 = b0;
            DoubleVector c80 = b0;
            DoubleVector c90 = b0;
            for (int t = 0, q = 0; t < n; t++, q += 10) {
                double[] wk = w[idx[t]];
                DoubleVector w0 = DoubleVector.fromArray(S, wk, j);
                DoubleVector x0 = DoubleVector.broadcast(S, p[q]);
                c00 = w0.fma(x0, c00);
                DoubleVector x1 = DoubleVector.broadcast(S, p[q + 1]);
                c10 = w0.fma(x1, c10);
                DoubleVector x2 = DoubleVector.broadcast(S, p[q + 2]);
                c20 = w0.fma(x2, c20);
                DoubleVector x3 = DoubleVector.broadcast(S, p[q + 3]);
                c30 = w0.fma(x3, c30);
                DoubleVector x4 = DoubleVector.broadcast(S, p[q + 4]);
                c40 = w0.fma(x4, c40);
                DoubleVector x5 = DoubleVector.broadcast(S, p[q + 5]);
                c50 = w0.fma(x5, c50);
                DoubleVector x6 = DoubleVector.broadcast(S, p[q + 6]);
                c60 = w0.fma(x6, c60);
                DoubleVector x7 = DoubleVector.broadcast(S, p[q + 7]);
                c70 = w0.fma(x7, c70);
                DoubleVector x8 = DoubleVector.broadcast(S, p[q + 8]);
                c80 = w0.fma(x8, c80);
                DoubleVector x9 = DoubleVector.broadcast(S, p[q + 9]);
                c90 = w0.fma(x9, c90);
            }
            c00.intoArray(o0, j);
            c10.intoArray(o1, j);
            c20.intoArray(o2, j);
            c30.intoArray(o3, j);
            c40.intoArray(o4, j);
            c50.intoArray(o5, j);
            c60.intoArray(o6, j);
            c70.intoArray(o7, j);
            c80.intoArray(o8, j);
            c90.intoArray(o9, j);
        }
    }

    /** Rows r0..r0+7: strips of 2 vectors (16 accumulators), then single vectors. */
    private static void block8(double[] p, int[] idx, int n, double[][] w, double[] b, int end, double[][] out, int r0) {
        double[] o0 = out[r0];
        double[] o1 = out[r0 + 1];
        double[] o2 = out[r0 + 2];
        double[] o3 = out[r0 + 3];
        double[] o4 = out[r0 + 4];
        double[] o5 = out[r0 + 5];
        double[] o6 = out[r0 + 6];
        double[] o7 = out[r0 + 7];
        int j = 0;
        for (; j + 2 * V <= end; j += 2 * V) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, j);
            DoubleVector b1 = DoubleVector.fromArray(S, b, j + V);
            DoubleVector c00 = b0; DoubleVector c01 = b1;
            DoubleVector c10 = b0; DoubleVector c11 = b1;
            DoubleVector c20 = b0; DoubleVector c21 = b1;
            DoubleVector c30 = b0; DoubleVector c31 = b1;
            DoubleVector c40 = b0; DoubleVector c41 = b1;
            DoubleVector c50 = b0; DoubleVector c51 = b1;
            DoubleVector c60 = b0; DoubleVector c61 = b1;
            DoubleVector c70 = b0; DoubleVector c71 = b1;
            for (int t = 0, q = 0; t < n; t++, q += 8) {
                double[] wk = w[idx[t]];
                DoubleVector w0 = DoubleVector.fromArray(S, wk, j);
                DoubleVector w1 = DoubleVector.fromArray(S, wk, j + V);
                DoubleVector x0 = DoubleVector.broadcast(S, p[q]);
                c00 = w0.fma(x0, c00); c01 = w1.fma(x0, c01);
                DoubleVector x1 = DoubleVector.broadcast(S, p[q + 1]);
                c10 = w0.fma(x1, c10); c11 = w1.fma(x1, c11);
                DoubleVector x2 = DoubleVector.broadcast(S, p[q + 2]);
                c20 = w0.fma(x2, c20); c21 = w1.fma(x2, c21);
                DoubleVector x3 = DoubleVector.broadcast(S, p[q + 3]);
                c30 = w0.fma(x3, c30); c31 = w1.fma(x3, c31);
                DoubleVector x4 = DoubleVector.broadcast(S, p[q + 4]);
                c40 = w0.fma(x4, c40); c41 = w1.fma(x4, c41);
                DoubleVector x5 = DoubleVector.broadcast(S, p[q + 5]);
                c50 = w0.fma(x5, c50); c51 = w1.fma(x5, c51);
                DoubleVector x6 = DoubleVector.broadcast(S, p[q + 6]);
                c60 = w0.fma(x6, c60); c61 = w1.fma(x6, c61);
                DoubleVector x7 = DoubleVector.broadcast(S, p[q + 7]);
                c70 = w0.fma(x7, c70); c71 = w1.fma(x7, c71);
            }
            c00.intoArray(o0, j);
            c01.intoArray(o0, j + V);
            c10.intoArray(o1, j);
            c11.intoArray(o1, j + V);
            c20.intoArray(o2, j);
            c21.intoArray(o2, j + V);
            c30.intoArray(o3, j);
            c31.intoArray(o3, j + V);
            c40.intoArray(o4, j);
            c41.intoArray(o4, j + V);
            c50.intoArray(o5, j);
            c51.intoArray(o5, j + V);
            c60.intoArray(o6, j);
            c61.intoArray(o6, j + V);
            c70.intoArray(o7, j);
            c71.intoArray(o7, j + V);
        }
        for (; j < end; j += V) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, j);
            DoubleVector c00 = b0;
            DoubleVector c10 = b0;
            DoubleVector c20 = b0;
            DoubleVector c30 = b0;
            DoubleVector c40 = b0;
            DoubleVector c50 = b0;
            DoubleVector c60 = b0;
            DoubleVector c70 = b0;
            for (int t = 0, q = 0; t < n; t++, q += 8) {
                double[] wk = w[idx[t]];
                DoubleVector w0 = DoubleVector.fromArray(S, wk, j);
                DoubleVector x0 = DoubleVector.broadcast(S, p[q]);
                c00 = w0.fma(x0, c00);
                DoubleVector x1 = DoubleVector.broadcast(S, p[q + 1]);
                c10 = w0.fma(x1, c10);
                DoubleVector x2 = DoubleVector.broadcast(S, p[q + 2]);
                c20 = w0.fma(x2, c20);
                DoubleVector x3 = DoubleVector.broadcast(S, p[q + 3]);
                c30 = w0.fma(x3, c30);
                DoubleVector x4 = DoubleVector.broadcast(S, p[q + 4]);
                c40 = w0.fma(x4, c40);
                DoubleVector x5 = DoubleVector.broadcast(S, p[q + 5]);
                c50 = w0.fma(x5, c50);
                DoubleVector x6 = DoubleVector.broadcast(S, p[q + 6]);
                c60 = w0.fma(x6, c60);
                DoubleVector x7 = DoubleVector.broadcast(S, p[q + 7]);
                c70 = w0.fma(x7, c70);
            }
            c00.intoArray(o0, j);
            c10.intoArray(o1, j);
            c20.intoArray(o2, j);
            c30.intoArray(o3, j);
            c40.intoArray(o4, j);
            c50.intoArray(o5, j);
            c60.intoArray(o6, j);
            c70.intoArray(o7, j);
        }
    }

    /** Rows r0..r0+5: strips of 3 vectors (18 accumulators), then single vectors. */
    private static void block6(double[] p, int[] idx, int n, double[][] w, double[] b, int end, double[][] out, int r0) {
        double[] o0 = out[r0];
        double[] o1 = out[r0 + 1];
        double[] o2 = out[r0 + 2];
        double[] o3 = out[r0 + 3];
        double[] o4 = out[r0 + 4];
        double[] o5 = out[r0 + 5];
        int j = 0;
        for (; j + 3 * V <= end; j += 3 * V) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, j);
            DoubleVector b1 = DoubleVector.fromArray(S, b, j + V);
            DoubleVector b2 = DoubleVector.fromArray(S, b, j + 2 * V);
            DoubleVector c00 = b0; DoubleVector c01 = b1; DoubleVector c02 = b2;
            DoubleVector c10 = b0; DoubleVector c11 = b1; DoubleVector c12 = b2;
            DoubleVector c20 = b0; DoubleVector c21 = b1; DoubleVector c22 = b2;
            DoubleVector c30 = b0; DoubleVector c31 = b1; DoubleVector c32 = b2;
            DoubleVector c40 = b0; DoubleVector c41 = b1; DoubleVector c42 = b2;
            DoubleVector c50 = b0; DoubleVector c51 = b1; DoubleVector c52 = b2;
            for (int t = 0, q = 0; t < n; t++, q += 6) {
                double[] wk = w[idx[t]];
                DoubleVector w0 = DoubleVector.fromArray(S, wk, j);
                DoubleVector w1 = DoubleVector.fromArray(S, wk, j + V);
                DoubleVector w2 = DoubleVector.fromArray(S, wk, j + 2 * V);
                DoubleVector x0 = DoubleVector.broadcast(S, p[q]);
                c00 = w0.fma(x0, c00); c01 = w1.fma(x0, c01); c02 = w2.fma(x0, c02);
                DoubleVector x1 = DoubleVector.broadcast(S, p[q + 1]);
                c10 = w0.fma(x1, c10); c11 = w1.fma(x1, c11); c12 = w2.fma(x1, c12);
                DoubleVector x2 = DoubleVector.broadcast(S, p[q + 2]);
                c20 = w0.fma(x2, c20); c21 = w1.fma(x2, c21); c22 = w2.fma(x2, c22);
                DoubleVector x3 = DoubleVector.broadcast(S, p[q + 3]);
                c30 = w0.fma(x3, c30); c31 = w1.fma(x3, c31); c32 = w2.fma(x3, c32);
                DoubleVector x4 = DoubleVector.broadcast(S, p[q + 4]);
                c40 = w0.fma(x4, c40); c41 = w1.fma(x4, c41); c42 = w2.fma(x4, c42);
                DoubleVector x5 = DoubleVector.broadcast(S, p[q + 5]);
                c50 = w0.fma(x5, c50); c51 = w1.fma(x5, c51); c52 = w2.fma(x5, c52);
            }
            c00.intoArray(o0, j);
            c01.intoArray(o0, j + V);
            c02.intoArray(o0, j + 2 * V);
            c10.intoArray(o1, j);
            c11.intoArray(o1, j + V);
            c12.intoArray(o1, j + 2 * V);
            c20.intoArray(o2, j);
            c21.intoArray(o2, j + V);
            c22.intoArray(o2, j + 2 * V);
            c30.intoArray(o3, j);
            c31.intoArray(o3, j + V);
            c32.intoArray(o3, j + 2 * V);
            c40.intoArray(o4, j);
            c41.intoArray(o4, j + V);
            c42.intoArray(o4, j + 2 * V);
            c50.intoArray(o5, j);
            c51.intoArray(o5, j + V);
            c52.intoArray(o5, j + 2 * V);
        }
        for (; j < end; j += V) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, j);
            DoubleVector c00 = b0;
            DoubleVector c10 = b0;
            DoubleVector c20 = b0;
            DoubleVector c30 = b0;
            DoubleVector c40 = b0;
            DoubleVector c50 = b0;
            for (int t = 0, q = 0; t < n; t++, q += 6) {
                double[] wk = w[idx[t]];
                DoubleVector w0 = DoubleVector.fromArray(S, wk, j);
                DoubleVector x0 = DoubleVector.broadcast(S, p[q]);
                c00 = w0.fma(x0, c00);
                DoubleVector x1 = DoubleVector.broadcast(S, p[q + 1]);
                c10 = w0.fma(x1, c10);
                DoubleVector x2 = DoubleVector.broadcast(S, p[q + 2]);
                c20 = w0.fma(x2, c20);
                DoubleVector x3 = DoubleVector.broadcast(S, p[q + 3]);
                c30 = w0.fma(x3, c30);
                DoubleVector x4 = DoubleVector.broadcast(S, p[q + 4]);
                c40 = w0.fma(x4, c40);
                DoubleVector x5 = DoubleVector.broadcast(S, p[q + 5]);
                c50 = w0.fma(x5, c50);
            }
            c00.intoArray(o0, j);
            c10.intoArray(o1, j);
            c20.intoArray(o2, j);
            c30.intoArray(o3, j);
            c40.intoArray(o4, j);
            c50.intoArray(o5, j);
        }
    }

    /** Rows r0..r0+3: strips of 4 vectors (16 accumulators), then single vectors. */
    private static void block4(double[] p, int[] idx, int n, double[][] w, double[] b, int end, double[][] out, int r0) {
        double[] o0 = out[r0];
        double[] o1 = out[r0 + 1];
        double[] o2 = out[r0 + 2];
        double[] o3 = out[r0 + 3];
        int j = 0;
        for (; j + 4 * V <= end; j += 4 * V) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, j);
            DoubleVector b1 = DoubleVector.fromArray(S, b, j + V);
            DoubleVector b2 = DoubleVector.fromArray(S, b, j + 2 * V);
            DoubleVector b3 = DoubleVector.fromArray(S, b, j + 3 * V);
            DoubleVector c00 = b0; DoubleVector c01 = b1; DoubleVector c02 = b2; DoubleVector c03 = b3;
            DoubleVector c10 = b0; DoubleVector c11 = b1; DoubleVector c12 = b2; DoubleVector c13 = b3;
            DoubleVector c20 = b0; DoubleVector c21 = b1; DoubleVector c22 = b2; DoubleVector c23 = b3;
            DoubleVector c30 = b0; DoubleVector c31 = b1; DoubleVector c32 = b2; DoubleVector c33 = b3;
            for (int t = 0, q = 0; t < n; t++, q += 4) {
                double[] wk = w[idx[t]];
                DoubleVector w0 = DoubleVector.fromArray(S, wk, j);
                DoubleVector w1 = DoubleVector.fromArray(S, wk, j + V);
                DoubleVector w2 = DoubleVector.fromArray(S, wk, j + 2 * V);
                DoubleVector w3 = DoubleVector.fromArray(S, wk, j + 3 * V);
                DoubleVector x0 = DoubleVector.broadcast(S, p[q]);
                c00 = w0.fma(x0, c00); c01 = w1.fma(x0, c01); c02 = w2.fma(x0, c02); c03 = w3.fma(x0, c03);
                DoubleVector x1 = DoubleVector.broadcast(S, p[q + 1]);
                c10 = w0.fma(x1, c10); c11 = w1.fma(x1, c11); c12 = w2.fma(x1, c12); c13 = w3.fma(x1, c13);
                DoubleVector x2 = DoubleVector.broadcast(S, p[q + 2]);
                c20 = w0.fma(x2, c20); c21 = w1.fma(x2, c21); c22 = w2.fma(x2, c22); c23 = w3.fma(x2, c23);
                DoubleVector x3 = DoubleVector.broadcast(S, p[q + 3]);
                c30 = w0.fma(x3, c30); c31 = w1.fma(x3, c31); c32 = w2.fma(x3, c32); c33 = w3.fma(x3, c33);
            }
            c00.intoArray(o0, j);
            c01.intoArray(o0, j + V);
            c02.intoArray(o0, j + 2 * V);
            c03.intoArray(o0, j + 3 * V);
            c10.intoArray(o1, j);
            c11.intoArray(o1, j + V);
            c12.intoArray(o1, j + 2 * V);
            c13.intoArray(o1, j + 3 * V);
            c20.intoArray(o2, j);
            c21.intoArray(o2, j + V);
            c22.intoArray(o2, j + 2 * V);
            c23.intoArray(o2, j + 3 * V);
            c30.intoArray(o3, j);
            c31.intoArray(o3, j + V);
            c32.intoArray(o3, j + 2 * V);
            c33.intoArray(o3, j + 3 * V);
        }
        for (; j < end; j += V) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, j);
            DoubleVector c00 = b0;
            DoubleVector c10 = b0;
            DoubleVector c20 = b0;
            DoubleVector c30 = b0;
            for (int t = 0, q = 0; t < n; t++, q += 4) {
                double[] wk = w[idx[t]];
                DoubleVector w0 = DoubleVector.fromArray(S, wk, j);
                DoubleVector x0 = DoubleVector.broadcast(S, p[q]);
                c00 = w0.fma(x0, c00);
                DoubleVector x1 = DoubleVector.broadcast(S, p[q + 1]);
                c10 = w0.fma(x1, c10);
                DoubleVector x2 = DoubleVector.broadcast(S, p[q + 2]);
                c20 = w0.fma(x2, c20);
                DoubleVector x3 = DoubleVector.broadcast(S, p[q + 3]);
                c30 = w0.fma(x3, c30);
            }
            c00.intoArray(o0, j);
            c10.intoArray(o1, j);
            c20.intoArray(o2, j);
            c30.intoArray(o3, j);
        }
    }

    /** Rows r0..r0+1: strips of 4 vectors (8 accumulators), then single vectors. */
    private static void block2(double[] p, int[] idx, int n, double[][] w, double[] b, int end, double[][] out, int r0) {
        double[] o0 = out[r0];
        double[] o1 = out[r0 + 1];
        int j = 0;
        for (; j + 4 * V <= end; j += 4 * V) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, j);
            DoubleVector b1 = DoubleVector.fromArray(S, b, j + V);
            DoubleVector b2 = DoubleVector.fromArray(S, b, j + 2 * V);
            DoubleVector b3 = DoubleVector.fromArray(S, b, j + 3 * V);
            DoubleVector c00 = b0; DoubleVector c01 = b1; DoubleVector c02 = b2; DoubleVector c03 = b3;
            DoubleVector c10 = b0; DoubleVector c11 = b1; DoubleVector c12 = b2; DoubleVector c13 = b3;
            for (int t = 0, q = 0; t < n; t++, q += 2) {
                double[] wk = w[idx[t]];
                DoubleVector w0 = DoubleVector.fromArray(S, wk, j);
                DoubleVector w1 = DoubleVector.fromArray(S, wk, j + V);
                DoubleVector w2 = DoubleVector.fromArray(S, wk, j + 2 * V);
                DoubleVector w3 = DoubleVector.fromArray(S, wk, j + 3 * V);
                DoubleVector x0 = DoubleVector.broadcast(S, p[q]);
                c00 = w0.fma(x0, c00); c01 = w1.fma(x0, c01); c02 = w2.fma(x0, c02); c03 = w3.fma(x0, c03);
                DoubleVector x1 = DoubleVector.broadcast(S, p[q + 1]);
                c10 = w0.fma(x1, c10); c11 = w1.fma(x1, c11); c12 = w2.fma(x1, c12); c13 = w3.fma(x1, c13);
            }
            c00.intoArray(o0, j);
            c01.intoArray(o0, j + V);
            c02.intoArray(o0, j + 2 * V);
            c03.intoArray(o0, j + 3 * V);
            c10.intoArray(o1, j);
            c11.intoArray(o1, j + V);
            c12.intoArray(o1, j + 2 * V);
            c13.intoArray(o1, j + 3 * V);
        }
        for (; j < end; j += V) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, j);
            DoubleVector c00 = b0;
            DoubleVector c10 = b0;
            for (int t = 0, q = 0; t < n; t++, q += 2) {
                double[] wk = w[idx[t]];
                DoubleVector w0 = DoubleVector.fromArray(S, wk, j);
                DoubleVector x0 = DoubleVector.broadcast(S, p[q]);
                c00 = w0.fma(x0, c00);
                DoubleVector x1 = DoubleVector.broadcast(S, p[q + 1]);
                c10 = w0.fma(x1, c10);
            }
            c00.intoArray(o0, j);
            c10.intoArray(o1, j);
        }
    }
}
