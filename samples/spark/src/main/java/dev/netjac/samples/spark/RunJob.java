package dev.netjac.samples.spark;

import dev.netjac.spark.NetjacModel;
import dev.netjac.spark.NetjacSpark;
import dev.netjac.spark.Reduction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** {@code run}: Parquet in, Parquet out with the input's columns plus output and the reductions' columns. */
final class RunJob {
    private RunJob() {}

    static void run(SparkSession spark, NetjacModel model, String in, String features, Reduction[] reductions, String out) {
        Dataset<Row> input = spark.read().parquet(in);
        long start = System.nanoTime();
        NetjacSpark.evaluate(input, features, model, reductions).write().mode("overwrite").parquet(out);
        double seconds = (System.nanoTime() - start) / 1e9;
        long rows = spark.read().parquet(out).count();
        StringBuilder columns = new StringBuilder(NetjacSpark.OUTPUT);
        for (Reduction r : reductions) {
            columns.append(", ").append(r.column());
        }
        System.out.printf("%s: %d rows from %d partitions -> %s (new columns: %s) in %.1f s, %.0f rows/s;"
                        + " model broadcast %.1f KB%n",
                model.name(), rows, input.rdd().getNumPartitions(), out, columns, seconds, rows / seconds,
                model.broadcastBytes() / 1024.0);
    }
}
