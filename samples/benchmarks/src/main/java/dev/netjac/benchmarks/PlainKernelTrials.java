package dev.netjac.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Issue 13 item 3's loop shapes for the stock-JVM path, tried on the seed network's hot loop (ten cotangent
 * rows × 60 active weight rows × 500 columns, 300 k multiply-adds), interleaved in one JVM against the shape
 * {@code PlainKernels} uses: weight rows outermost, four fused rows per pass, {@code a*b + c}. Prints each
 * variant's median µs and the median of its per-round ratios to the kept shape, the figures docs/benchmarks.md
 * quotes under "Tried and rejected".
 *
 * <p>{@code java -cp benchmarks.jar dev.netjac.benchmarks.PlainKernelTrials [rounds]}
 */
public final class PlainKernelTrials {
    private PlainKernelTrials() {}

    private static final int ROWS = 10;
    private static final int ACTIVE = 60;
    private static final int WIDTH = 500;

    private static final double[][] W = new double[100][504];
    private static final double[][] G = new double[ROWS][100];
    private static final double[][] OUT = new double[ROWS][504];
    private static final int[] IDX = new int[ACTIVE];

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        Random random = new Random(5);
        for (double[] w : W) {
            for (int j = 0; j < WIDTH; j++) {
                w[j] = random.nextGaussian();
            }
        }
        for (double[] g : G) {
            for (int k = 0; k < 100; k++) {
                g[k] = random.nextGaussian();
            }
        }
        for (int t = 0; t < ACTIVE; t++) {
            IDX[t] = t * 100 / ACTIVE;
        }
        List<String> names = new ArrayList<>();
        List<Interleaved.Call> calls = new ArrayList<>();
        names.add("kept: weights outermost, 4 fused, a*b+c");
        calls.add(() -> weightsOutermost(4, false, WIDTH));
        names.add("Math.fma, 4 fused");
        calls.add(() -> weightsOutermost(4, true, WIDTH));
        names.add("2 fused");
        calls.add(() -> weightsOutermost(2, false, WIDTH));
        names.add("6 fused");
        calls.add(() -> weightsOutermost(6, false, WIDTH));
        names.add("8 fused");
        calls.add(() -> weightsOutermost(8, false, WIDTH));
        names.add("8 fused, Math.fma");
        calls.add(() -> weightsOutermost(8, true, WIDTH));
        names.add("column tiles of 128");
        calls.add(() -> weightsOutermost(4, false, 128));
        names.add("row by row (each row streams all weight rows), 4 fused");
        calls.add(PlainKernelTrials::rowByRow);
        names.add("two output rows per pass (two stores)");
        calls.add(PlainKernelTrials::twoRowsPerPass);

        List<Interleaved.Case> cases = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            cases.add(new Interleaved.Case("seed cotangent", names.get(i), calls.get(i), 1, ROWS * ACTIVE * WIDTH, 0, 0));
        }
        for (int i = 1; i < cases.size(); i++) {
            cases.get(i).baseline = cases.get(0);
        }
        Interleaved.run(cases, rounds);
        System.out.printf(Locale.ROOT, "%s %s; %d interleaved rounds; load average %s%n",
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), rounds, loadAverage());
        for (Interleaved.Case c : cases) {
            String ratio = c.baseline == null ? "" : String.format(Locale.ROOT, "%.2f×", Interleaved.median(c.ratios));
            System.out.printf(Locale.ROOT, "  %-58s %7.2f µs  %s%n", c.operation, c.median() / 1e3, ratio);
        }
    }

    static String loadAverage() {
        try {
            return new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("/proc/loadavg"))).trim()
                    .split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }

    private static void weightsOutermost(int fused, boolean fma, int tile) {
        for (double[] o : OUT) {
            Arrays.fill(o, 0.0);
        }
        for (int lo = 0; lo < WIDTH; lo += tile) {
            int hi = Math.min(WIDTH, lo + tile);
            int t = 0;
            for (; t + fused - 1 < ACTIVE; t += fused) {
                for (int r = 0; r < ROWS; r++) {
                    double[] g = G[r];
                    double[] o = OUT[r];
                    if (fused == 2) {
                        fused2(o, g[IDX[t]], W[IDX[t]], g[IDX[t + 1]], W[IDX[t + 1]], lo, hi);
                    } else if (fused == 4 && !fma) {
                        fused4(o, g[IDX[t]], W[IDX[t]], g[IDX[t + 1]], W[IDX[t + 1]], g[IDX[t + 2]], W[IDX[t + 2]],
                                g[IDX[t + 3]], W[IDX[t + 3]], lo, hi);
                    } else if (fused == 4) {
                        fused4Fma(o, g[IDX[t]], W[IDX[t]], g[IDX[t + 1]], W[IDX[t + 1]], g[IDX[t + 2]], W[IDX[t + 2]],
                                g[IDX[t + 3]], W[IDX[t + 3]], lo, hi);
                    } else if (fused == 6) {
                        fused6(o, g, t, lo, hi);
                    } else if (!fma) {
                        fused8(o, g, t, lo, hi);
                    } else {
                        fused8Fma(o, g, t, lo, hi);
                    }
                }
            }
            for (; t < ACTIVE; t++) {
                for (int r = 0; r < ROWS; r++) {
                    fused1(OUT[r], G[r][IDX[t]], W[IDX[t]], lo, hi);
                }
            }
        }
    }

    private static void rowByRow() {
        for (int r = 0; r < ROWS; r++) {
            double[] o = OUT[r];
            double[] g = G[r];
            Arrays.fill(o, 0.0);
            for (int t = 0; t + 3 < ACTIVE; t += 4) {
                fused4(o, g[IDX[t]], W[IDX[t]], g[IDX[t + 1]], W[IDX[t + 1]], g[IDX[t + 2]], W[IDX[t + 2]],
                        g[IDX[t + 3]], W[IDX[t + 3]], 0, WIDTH);
            }
        }
    }

    private static void twoRowsPerPass() {
        for (double[] o : OUT) {
            Arrays.fill(o, 0.0);
        }
        for (int t = 0; t + 1 < ACTIVE; t += 2) {
            double[] w0 = W[IDX[t]];
            double[] w1 = W[IDX[t + 1]];
            for (int r = 0; r + 1 < ROWS; r += 2) {
                double[] o0 = OUT[r];
                double[] o1 = OUT[r + 1];
                double a0 = G[r][IDX[t]];
                double a1 = G[r][IDX[t + 1]];
                double b0 = G[r + 1][IDX[t]];
                double b1 = G[r + 1][IDX[t + 1]];
                for (int j = 0; j < WIDTH; j++) {
                    double u = w0[j];
                    double v = w1[j];
                    o0[j] += a0 * u + a1 * v;
                    o1[j] += b0 * u + b1 * v;
                }
            }
        }
    }

    private static void fused1(double[] o, double a0, double[] w0, int lo, int hi) {
        for (int j = lo; j < hi; j++) {
            o[j] += a0 * w0[j];
        }
    }

    private static void fused2(double[] o, double a0, double[] w0, double a1, double[] w1, int lo, int hi) {
        for (int j = lo; j < hi; j++) {
            o[j] += a0 * w0[j] + a1 * w1[j];
        }
    }

    private static void fused4(double[] o, double a0, double[] w0, double a1, double[] w1, double a2, double[] w2,
                               double a3, double[] w3, int lo, int hi) {
        for (int j = lo; j < hi; j++) {
            o[j] += a0 * w0[j] + a1 * w1[j] + a2 * w2[j] + a3 * w3[j];
        }
    }

    private static void fused4Fma(double[] o, double a0, double[] w0, double a1, double[] w1, double a2, double[] w2,
                                  double a3, double[] w3, int lo, int hi) {
        for (int j = lo; j < hi; j++) {
            o[j] = Math.fma(a3, w3[j], Math.fma(a2, w2[j], Math.fma(a1, w1[j], Math.fma(a0, w0[j], o[j]))));
        }
    }

    private static void fused6(double[] o, double[] g, int t, int lo, int hi) {
        double a0 = g[IDX[t]], a1 = g[IDX[t + 1]], a2 = g[IDX[t + 2]], a3 = g[IDX[t + 3]], a4 = g[IDX[t + 4]];
        double a5 = g[IDX[t + 5]];
        double[] w0 = W[IDX[t]], w1 = W[IDX[t + 1]], w2 = W[IDX[t + 2]], w3 = W[IDX[t + 3]], w4 = W[IDX[t + 4]];
        double[] w5 = W[IDX[t + 5]];
        for (int j = lo; j < hi; j++) {
            o[j] += a0 * w0[j] + a1 * w1[j] + a2 * w2[j] + a3 * w3[j] + a4 * w4[j] + a5 * w5[j];
        }
    }

    private static void fused8(double[] o, double[] g, int t, int lo, int hi) {
        double a0 = g[IDX[t]], a1 = g[IDX[t + 1]], a2 = g[IDX[t + 2]], a3 = g[IDX[t + 3]], a4 = g[IDX[t + 4]];
        double a5 = g[IDX[t + 5]], a6 = g[IDX[t + 6]], a7 = g[IDX[t + 7]];
        double[] w0 = W[IDX[t]], w1 = W[IDX[t + 1]], w2 = W[IDX[t + 2]], w3 = W[IDX[t + 3]], w4 = W[IDX[t + 4]];
        double[] w5 = W[IDX[t + 5]], w6 = W[IDX[t + 6]], w7 = W[IDX[t + 7]];
        for (int j = lo; j < hi; j++) {
            o[j] += a0 * w0[j] + a1 * w1[j] + a2 * w2[j] + a3 * w3[j] + a4 * w4[j] + a5 * w5[j] + a6 * w6[j]
                    + a7 * w7[j];
        }
    }

    private static void fused8Fma(double[] o, double[] g, int t, int lo, int hi) {
        double a0 = g[IDX[t]], a1 = g[IDX[t + 1]], a2 = g[IDX[t + 2]], a3 = g[IDX[t + 3]], a4 = g[IDX[t + 4]];
        double a5 = g[IDX[t + 5]], a6 = g[IDX[t + 6]], a7 = g[IDX[t + 7]];
        double[] w0 = W[IDX[t]], w1 = W[IDX[t + 1]], w2 = W[IDX[t + 2]], w3 = W[IDX[t + 3]], w4 = W[IDX[t + 4]];
        double[] w5 = W[IDX[t + 5]], w6 = W[IDX[t + 6]], w7 = W[IDX[t + 7]];
        for (int j = lo; j < hi; j++) {
            o[j] = Math.fma(a7, w7[j], Math.fma(a6, w6[j], Math.fma(a5, w5[j], Math.fma(a4, w4[j],
                    Math.fma(a3, w3[j], Math.fma(a2, w2[j], Math.fma(a1, w1[j], Math.fma(a0, w0[j], o[j]))))))));
        }
    }
}
