package dev.netjac.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;

/** DataFrames of (id, features) built from back-to-back inputs, and array columns read back as Java arrays. */
final class Frames {
    static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("id", DataTypes.LongType, false),
            DataTypes.createStructField("features", DataTypes.createArrayType(DataTypes.DoubleType, false), true)));

    private Frames() {}

    /** Row r holds id r and inputs r·n … r·n + n − 1, spread over {@code partitions} partitions in order. */
    static Dataset<Row> of(SparkSession spark, double[] xs, int n, int partitions) {
        int rows = xs.length / n;
        List<Row> list = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            double[] x = new double[n];
            System.arraycopy(xs, r * n, x, 0, n);
            list.add(RowFactory.create((long) r, x));
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(jsc.parallelize(list, partitions), SCHEMA);
    }

    static double[] doubles(Row row, String column) {
        Seq<?> seq = row.getSeq(row.fieldIndex(column));
        double[] out = new double[seq.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Double) seq.apply(i);
        }
        return out;
    }

    static int[] ints(Row row, String column) {
        Seq<?> seq = row.getSeq(row.fieldIndex(column));
        int[] out = new int[seq.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Integer) seq.apply(i);
        }
        return out;
    }

    /** The collected rows ordered by id (row r at index r). */
    static Row[] byId(Dataset<Row> df) {
        List<Row> rows = df.collectAsList();
        Row[] out = new Row[rows.size()];
        for (Row row : rows) {
            out[(int) row.getLong(row.fieldIndex("id"))] = row;
        }
        return out;
    }
}
