package dev.netjac.spark;

import dev.netjac.NetjacException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * netjac on Spark Datasets. The model goes to the executors once, as a broadcast of its generated source and
 * weights (one per model and SparkContext, reused by later calls); each executor JVM compiles it once and each task gets its own instance; rows are evaluated in
 * blocks per partition with the batch API.
 *
 * <pre>{@code
 * NetjacModel model = NetjacModel.load(Path.of("seed.json"));
 * Dataset<Row> out = NetjacSpark.withJacobian(df, "features", model);          // + output, jacobian
 * Dataset<Row> small = NetjacSpark.evaluate(df, "features", model,
 *         Reduction.meanAbsJacobian(), Reduction.topInputs(3));              // + output, mean_abs_jacobian, top_inputs
 * NetjacSpark.register(spark, "seed", model, Reduction.rowNorms());           // SQL: seed(features).jacobian_row_norms
 * }</pre>
 *
 * <p>New columns, after the input's own: {@code output} (array&lt;double&gt;, M values) and one per reduction
 * (layouts in {@link Reduction}; the full Jacobian is row-major M×N, {@code jacobian[i·N + j] = ∂y_i/∂x_j}). A row
 * whose features are null gets nulls. Every value is deterministic: a retried or speculative task writes the
 * same bytes.
 */
public final class NetjacSpark {
    /** The name of the outputs column. */
    public static final String OUTPUT = "output";

    private NetjacSpark() {}

    /** {@code df} with {@code output} and {@code jacobian} (row-major M×N) columns added. */
    public static Dataset<Row> withJacobian(Dataset<Row> df, String featuresColumn, NetjacModel model) {
        return evaluate(df, featuresColumn, model, Reduction.jacobian());
    }

    /** {@code df} with {@code output} and one column per reduction added, in the order given. */
    public static Dataset<Row> evaluate(Dataset<Row> df, String featuresColumn, NetjacModel model,
            Reduction... reductions) {
        int featureIndex = FeatureColumn.check(df.schema(), featuresColumn, model);
        List<StructField> added = columns(model, reductions);
        for (StructField field : added) {
            if (Arrays.asList(df.schema().fieldNames()).contains(field.name())) {
                throw new NetjacException(model.name() + ": the input already has a column '" + field.name()
                        + "'; drop or rename it first");
            }
        }
        List<StructField> fields = new ArrayList<>(Arrays.asList(df.schema().fields()));
        fields.addAll(added);
        StructType schema = DataTypes.createStructType(fields);
        Broadcast<NetjacModel> shipped = broadcast(df.sparkSession(), model);
        PartitionFunction task = new PartitionFunction(shipped, reductions, featureIndex, featuresColumn,
                BlockEvaluator.blockRows(model, reductions));
        return df.mapPartitions(task, Encoders.row(schema));
    }

    /**
     * Registers the SQL function {@code name(features)} returning the struct {@code (output, <reduction
     * columns>...)}, e.g. {@code SELECT id, seed(features).jacobian FROM t} after
     * {@code register(spark, "seed", model, Reduction.jacobian())}. It evaluates one row per call; prefer
     * {@link #evaluate} for large jobs (batched).
     */
    public static void register(SparkSession spark, String name, NetjacModel model, Reduction... reductions) {
        StructType type = DataTypes.createStructType(columns(model, reductions));
        spark.udf().register(name, new SqlFunction(broadcast(spark, model), reductions, name), type);
    }

    /** The columns a call adds: output, then one per reduction (checked against the model). */
    static List<StructField> columns(NetjacModel model, Reduction[] reductions) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField(OUTPUT, DataTypes.createArrayType(DataTypes.DoubleType, false), true));
        Set<String> names = new HashSet<>();
        names.add(OUTPUT);
        for (Reduction r : reductions) {
            r.check(model);
            if (!names.add(r.column())) {
                throw new IllegalArgumentException(model.name() + ": two reductions write the column '" + r.column() + "'");
            }
            DataType element = r.integral() ? DataTypes.IntegerType : DataTypes.DoubleType;
            fields.add(DataTypes.createStructField(r.column(), DataTypes.createArrayType(element, false), true));
        }
        return fields;
    }

    private static Broadcast<NetjacModel> broadcast(SparkSession spark, NetjacModel model) {
        return ModelBroadcasts.of(spark.sparkContext(), model);
    }
}
