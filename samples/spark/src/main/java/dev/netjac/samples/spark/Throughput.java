package dev.netjac.samples.spark;

import dev.netjac.runtime.Kernels;
import dev.netjac.runtime.Network;
import dev.netjac.runtime.ParallelBatch;
import dev.netjac.spark.NetjacModel;
import dev.netjac.spark.NetjacSpark;
import dev.netjac.spark.Reduction;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bench}: rows/s of full Jacobians in one JVM, interleaved per round (this machine's cores are shared,
 * so separate runs drift): the in-process batch API through {@link ParallelBatch} on 1 and 2 threads, and
 * Spark local[1] and local[2] from a cached input to Spark's {@code noop} sink (all of the job but the
 * Parquet I/O: row conversion, batching, result arrays), and local[2] writing only the per-input mean |J|
 * (N values per row instead of M·N; the Jacobians are still computed). Each measurement follows a warm-up pass; the table
 * holds the median over rounds and the median of the per-round ratios to the in-process 1-thread figure.
 */
final class Throughput {
    private static final String[] CONFIGS = {"in-process 1 thread", "in-process 2 threads", "Spark local[1]", "Spark local[2]",
        "Spark local[2], mean_abs_jacobian only"};

    private Throughput() {}

    static void run(NetjacModel model, String data, long rows, boolean uniform, long seed, int partitions, int rounds) {
        int n = model.inputSize();
        int m = model.outputSize();
        int count = Math.toIntExact(rows);
        double[] xs = new double[count * n];
        for (int r = 0; r < count; r++) {
            GenerateData.features(seed, uniform, r, xs, r * n, n);
        }
        SparkSession first = Sessions.start("local[2]");
        GenerateData.run(first, n, rows, partitions, seed, uniform, data);
        first.stop();

        double[][] rates = new double[CONFIGS.length][rounds];
        for (int round = 0; round < rounds; round++) {
            rates[0][round] = inProcess(model, xs, count, 1);
            rates[1][round] = inProcess(model, xs, count, 2);
            rates[2][round] = spark(model, data, "local[1]", Reduction.jacobian());
            rates[3][round] = spark(model, data, "local[2]", Reduction.jacobian());
            rates[4][round] = spark(model, data, "local[2]", Reduction.meanAbsJacobian());
            System.out.printf("round %d: %s rows/s%n", round + 1, Arrays.toString(round(rates, round)));
        }
        System.out.printf("%n%s, %d x %d Jacobians, %d rows, %d partitions, kernels %s, %d rounds%n", model.name(), m, n,
                rows, partitions, Kernels.implementation(), rounds);
        System.out.println("| configuration | rows/s (median) | vs in-process 1 thread (median of per-round ratios) |");
        System.out.println("|---|---:|---:|");
        for (int c = 0; c < CONFIGS.length; c++) {
            double[] ratios = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                ratios[round] = rates[c][round] / rates[0][round];
            }
            System.out.printf("| %s | %.0f | %.2f |%n", CONFIGS[c], median(rates[c]), median(ratios));
        }
    }

    /** Full Jacobians of all rows in chunks of 1,024 (the output buffers a real caller would reuse). */
    private static double inProcess(NetjacModel model, double[] xs, int count, int threads) {
        Network net = model.newNetwork();
        int n = model.inputSize();
        int m = model.outputSize();
        int chunk = 1024;
        double[] x = new double[chunk * n];
        double[] ys = new double[chunk * m];
        double[] jacs = new double[chunk * m * n];
        try (ParallelBatch batch = ParallelBatch.withThreads(net, threads)) {
            double rate = 0.0;
            for (int pass = 0; pass < 2; pass++) {
                long start = System.nanoTime();
                for (int from = 0; from < count; from += chunk) {
                    int rows = Math.min(chunk, count - from);
                    System.arraycopy(xs, from * n, x, 0, rows * n);
                    batch.jacobianBatch(x, ys, jacs, rows);
                }
                rate = count / ((System.nanoTime() - start) / 1e9);
            }
            return rate;
        }
    }

    private static double spark(NetjacModel model, String data, String master, Reduction reduction) {
        SparkSession spark = Sessions.start(master);
        try {
            Dataset<Row> input = spark.read().parquet(data).cache();
            long rows = input.count();
            double rate = 0.0;
            for (int pass = 0; pass < 2; pass++) {
                long start = System.nanoTime();
                NetjacSpark.evaluate(input, "features", model, reduction).write().format("noop").mode("overwrite").save();
                rate = rows / ((System.nanoTime() - start) / 1e9);
            }
            input.unpersist();
            return rate;
        } finally {
            spark.stop();
        }
    }

    private static long[] round(double[][] rates, int round) {
        long[] out = new long[rates.length];
        for (int c = 0; c < rates.length; c++) {
            out[c] = Math.round(rates[c][round]);
        }
        return out;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int h = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
    }
}
