package dev.netjac.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQL function gives the in-process class's bits too, one row per call; null features give null. */
class SqlFunctionTest {
    @TempDir
    Path dir;

    @Test
    void sqlUsersGetTheSameBits() {
        SparkSession spark = LocalSpark.get();
        NetjacModel model = NetjacModel.load(TestModels.small(dir, 20));
        int count = 3_000;
        double[] xs = TestModels.inputs(count, model.inputSize(), 2020);
        InProcess expected = new InProcess(model.newNetwork(), xs);
        Frames.of(spark, xs, model.inputSize(), 3).createOrReplaceTempView("inputs");
        NetjacSpark.register(spark, "small", model, Reduction.jacobian(), Reduction.rowNorms());

        Row[] rows = Frames.byId(spark.sql(
                "SELECT id, r.output, r.jacobian, r.jacobian_row_norms FROM (SELECT id, small(features) AS r FROM inputs)"));
        for (int r = 0; r < count; r++) {
            assertArrayEquals(expected.output(r), Frames.doubles(rows[r], "output"), "output, row " + r);
            assertArrayEquals(expected.jacobian(r), Frames.doubles(rows[r], "jacobian"), "jacobian, row " + r);
            assertArrayEquals(expected.rowNorms(r), Frames.doubles(rows[r], "jacobian_row_norms"), "norms, row " + r);
        }
    }

    @Test
    void nullFeaturesGiveNullResults() {
        SparkSession spark = LocalSpark.get();
        NetjacModel model = NetjacModel.load(TestModels.small(dir, 21));
        List<Row> data = List.of(RowFactory.create(0L, new double[] {1, 2, 3, 4, 5, 6}), RowFactory.create(1L, null));
        Row[] rows = Frames.byId(NetjacSpark.withJacobian(spark.createDataFrame(data, Frames.SCHEMA), "features", model));
        assertEquals(4, Frames.doubles(rows[0], "output").length);
        assertNull(rows[1].get(rows[1].fieldIndex("output")));
        assertNull(rows[1].get(rows[1].fieldIndex("jacobian")));

        spark.createDataFrame(data, Frames.SCHEMA).createOrReplaceTempView("with_null");
        NetjacSpark.register(spark, "small21", model, Reduction.meanAbsJacobian());
        List<Row> sql = spark.sql("SELECT id, small21(features) AS r FROM with_null ORDER BY id").collectAsList();
        assertEquals(6, ((Row) sql.get(0).get(1)).getSeq(1).length());
        assertNull(sql.get(1).get(1));
    }
}
