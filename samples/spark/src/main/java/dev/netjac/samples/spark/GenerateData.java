package dev.netjac.samples.spark;

import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code generate}: a Parquet dataset of (id bigint, features array<double>) with random inputs, made in
 * parallel by the executors. Row id's features depend on (seed, id) alone, so any subset can be regenerated.
 */
final class GenerateData {
    static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("id", DataTypes.LongType, false),
            DataTypes.createStructField("features", DataTypes.createArrayType(DataTypes.DoubleType, false), false)));

    private GenerateData() {}

    static void run(SparkSession spark, int n, long rows, int partitions, long seed, boolean uniform, String out) {
        spark.range(0, rows, 1, partitions).toDF("id")
                .mapPartitions(new Features(n, seed, uniform), Encoders.row(SCHEMA))
                .write().mode("overwrite").parquet(out);
    }

    /** Row id's inputs: standard normal (Box–Muller), or uniform in [0, 1) like image pixels. */
    static final class Features implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final int n;
        private final long seed;
        private final boolean uniform;

        Features(int n, long seed, boolean uniform) {
            this.n = n;
            this.seed = seed;
            this.uniform = uniform;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> ids) {
            // Lazy: one row at a time, so a partition never sits in memory whole.
            return new Iterator<Row>() {
                @Override
                public boolean hasNext() {
                    return ids.hasNext();
                }

                @Override
                public Row next() {
                    long id = ids.next().getLong(0);
                    double[] x = new double[n];
                    features(seed, uniform, id, x, 0, n);
                    return RowFactory.create(id, x);
                }
            };
        }

    }

    /** Row id's n inputs into {@code to} at {@code offset}: the same values on every machine. */
    static void features(long seed, boolean uniform, long id, double[] to, int offset, int n) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
        for (int j = 0; j < n; j++) {
            to[offset + j] = uniform ? random.nextDouble() : gaussian(random);
        }
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
    }
}
