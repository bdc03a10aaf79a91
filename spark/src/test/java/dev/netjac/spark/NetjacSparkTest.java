package dev.netjac.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10⁵ rows in local[2] against the in-process class, bit for bit: outputs, full Jacobians and every reduction.
 * Seven partitions of 14,285–14,286 rows, so blocks start at offsets that are not multiples of a block.
 */
class NetjacSparkTest {
    private static final int ROWS = 100_000;

    @TempDir
    Path dir;

    @Test
    void hundredThousandRowsMatchTheInProcessClassBitForBit() {
        SparkSession spark = LocalSpark.get();
        NetjacModel model = NetjacModel.load(TestModels.small(dir, 16));
        int n = model.inputSize();
        int m = model.outputSize();
        double[] xs = TestModels.inputs(ROWS, n, 1616);
        InProcess expected = new InProcess(model.newNetwork(), xs);
        double[] v = {0.5, -1.0, 0.25, 2.0};
        double[] u = {1.0, 0.0, -0.5, 0.75, 0.125, -2.0};

        Dataset<Row> out = NetjacSpark.evaluate(Frames.of(spark, xs, n, 7), "features", model,
                Reduction.jacobian(), Reduction.meanAbsJacobian(), Reduction.rowNorms(), Reduction.topInputs(3),
                Reduction.vjp(v), Reduction.jvp(u));
        Row[] rows = Frames.byId(out);
        assertEquals(ROWS, rows.length);
        for (int r = 0; r < ROWS; r++) {
            Row row = rows[r];
            assertArrayEquals(expected.output(r), Frames.doubles(row, "output"), "output, row " + r);
            assertArrayEquals(expected.jacobian(r), Frames.doubles(row, "jacobian"), "jacobian, row " + r);
            assertArrayEquals(expected.meanAbs(r), Frames.doubles(row, "mean_abs_jacobian"), "mean |J|, row " + r);
            assertArrayEquals(expected.rowNorms(r), Frames.doubles(row, "jacobian_row_norms"), "row norms, row " + r);
            assertArrayEquals(expected.top(r, 3), Frames.ints(row, "top_inputs"), "top inputs, row " + r);
            assertArrayEquals(expected.vjp(r, v), Frames.doubles(row, "vjp"), "vjp, row " + r);
            assertArrayEquals(expected.jvp(r, u), Frames.doubles(row, "jvp"), "jvp, row " + r);
        }
        assertEquals(m * n, Frames.doubles(rows[0], "jacobian").length);
        assertEquals(m * 3, Frames.ints(rows[0], "top_inputs").length);
    }

    @Test
    void withoutJacobianReductionsOutputsComeFromForwardBatch() {
        SparkSession spark = LocalSpark.get();
        NetjacModel model = NetjacModel.load(TestModels.small(dir, 17));
        double[] xs = TestModels.inputs(ROWS, model.inputSize(), 1717);
        InProcess expected = new InProcess(model.newNetwork(), xs);
        double[] v = {1.0, 0.0, 0.0, -1.0};

        Row[] rows = Frames.byId(NetjacSpark.evaluate(Frames.of(spark, xs, model.inputSize(), 5), "features", model,
                Reduction.vjp(v)));
        for (int r = 0; r < ROWS; r++) {
            assertArrayEquals(expected.forwardOutput(r), Frames.doubles(rows[r], "output"), "output, row " + r);
            assertArrayEquals(expected.vjp(r, v), Frames.doubles(rows[r], "vjp"), "vjp, row " + r);
        }
    }

    @Test
    void theSeedNetworkMatchesBitForBit() {
        SparkSession spark = LocalSpark.get();
        NetjacModel model = NetjacModel.load(TestModels.SEED);
        int count = 600;
        double[] xs = TestModels.inputs(count, model.inputSize(), 500);
        InProcess expected = new InProcess(model.newNetwork(), xs);

        Row[] rows = Frames.byId(NetjacSpark.evaluate(Frames.of(spark, xs, model.inputSize(), 3), "features", model,
                Reduction.jacobian(), Reduction.topInputs(5)));
        for (int r = 0; r < count; r++) {
            assertArrayEquals(expected.output(r), Frames.doubles(rows[r], "output"), "output, row " + r);
            assertArrayEquals(expected.jacobian(r), Frames.doubles(rows[r], "jacobian"), "jacobian, row " + r);
            assertArrayEquals(expected.top(r, 5), Frames.ints(rows[r], "top_inputs"), "top inputs, row " + r);
        }
    }
}
