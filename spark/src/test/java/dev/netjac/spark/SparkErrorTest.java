package dev.netjac.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.NetjacException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is refused with one line naming the model, the column and expected vs found. */
class SparkErrorTest {
    @TempDir
    Path dir;

    private SparkSession spark;
    private NetjacModel model;

    @BeforeEach
    void setUp() {
        spark = LocalSpark.get();
        model = NetjacModel.load(TestModels.small(dir, 22));
    }

    private Dataset<Row> frame(double[]... rows) {
        Row[] data = new Row[rows.length];
        for (int r = 0; r < rows.length; r++) {
            data[r] = RowFactory.create((long) r, rows[r]);
        }
        return spark.createDataFrame(List.of(data), Frames.SCHEMA);
    }

    @Test
    void missingColumn() {
        NetjacException e = assertThrows(NetjacException.class,
                () -> NetjacSpark.withJacobian(frame(new double[6]), "x", model));
        assertEquals("dev.netjac.generated.Small: features column 'x' not found, columns are [id, features]", e.getMessage());
    }

    @Test
    void wrongColumnType() {
        NetjacException e = assertThrows(NetjacException.class,
                () -> NetjacSpark.withJacobian(frame(new double[6]), "id", model));
        assertEquals("dev.netjac.generated.Small: features column 'id' has type bigint, expected array<double>"
                + " (or array<float>) of 6 values", e.getMessage());
    }

    @Test
    void clashingColumn() {
        Dataset<Row> df = frame(new double[6]).withColumn("jacobian", org.apache.spark.sql.functions.lit(1));
        NetjacException e = assertThrows(NetjacException.class, () -> NetjacSpark.withJacobian(df, "features", model));
        assertEquals("dev.netjac.generated.Small: the input already has a column 'jacobian'; drop or rename it first",
                e.getMessage());
    }

    @Test
    void vectorOfTheWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetjacSpark.evaluate(frame(new double[6]), "features", model, Reduction.vjp(new double[6])));
        assertEquals("vjp: the vector has 6 values, expected 4 (the outputs of dev.netjac.generated.Small)", e.getMessage());
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> NetjacSpark.evaluate(frame(new double[6]), "features", model, Reduction.topInputs(7)));
        assertEquals("top_inputs: k is 7, expected at most the 6 inputs of dev.netjac.generated.Small", k.getMessage());
    }

    @Test
    void rowOfTheWrongLengthFailsTheJobNamingIt() {
        Dataset<Row> df = NetjacSpark.withJacobian(frame(new double[6], new double[5]), "features", model);
        Exception e = assertThrows(Exception.class, df::collectAsList);
        String message = rootMessage(e);
        assertEquals("dev.netjac.generated.Small: features column 'features' holds a row of 5 values, expected 6", message);
    }

    @Test
    void floatFeaturesAreRead() {
        List<Row> data = List.of(RowFactory.create(0L, new float[] {1, 2, 3, 4, 5, 6}));
        Dataset<Row> df = spark.createDataFrame(data, DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", DataTypes.LongType, false),
                DataTypes.createStructField("features", DataTypes.createArrayType(DataTypes.FloatType, false), true))));
        Row row = NetjacSpark.withJacobian(df, "features", model).first();
        double[] y = new double[4];
        model.newNetwork().forward(new double[] {1, 2, 3, 4, 5, 6}, y);
        assertTrue(java.util.Arrays.equals(y, Frames.doubles(row, "output")));
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
