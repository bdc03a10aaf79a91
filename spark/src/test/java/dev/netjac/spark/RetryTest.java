package dev.netjac.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that fails half-way and is retried writes the same Parquet bytes as a run without failures, and the
 * model is compiled once per JVM however many tasks use it.
 */
class RetryTest {
    /** Failures thrown by {@link FailFirstAttempt}; local mode runs tasks in this JVM, so a static counts them. */
    static final AtomicInteger FAILURES = new AtomicInteger();

    @TempDir
    Path dir;

    @Test
    void aRetriedTaskWritesTheSameBytes() throws IOException {
        SparkSession spark = LocalSpark.get();
        NetjacModel model = NetjacModel.load(TestModels.small(dir, 18));
        double[] xs = TestModels.inputs(20_000, model.inputSize(), 1818);
        Dataset<Row> frame = Frames.of(spark, xs, model.inputSize(), 4);
        Reduction[] reductions = {Reduction.jacobian(), Reduction.meanAbsJacobian(), Reduction.topInputs(2)};

        Dataset<Row> clean = NetjacSpark.evaluate(frame, "features", model, reductions);
        clean.write().parquet(dir.resolve("clean").toString());
        Dataset<Row> again = NetjacSpark.evaluate(frame, "features", model, reductions);
        Dataset<Row> failing = again.mapPartitions(new FailFirstAttempt(), Encoders.row(again.schema()));
        int before = FAILURES.get();
        failing.write().parquet(dir.resolve("retried").toString());

        assertEquals(before + 1, FAILURES.get(), "one task attempt failed and was retried");
        List<Path> a = parts(dir.resolve("clean"));
        List<Path> b = parts(dir.resolve("retried"));
        assertEquals(4, a.size());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), "part " + i);
        }
        // And the written values are the in-process class's.
        InProcess expected = new InProcess(model.newNetwork(), xs);
        Row[] rows = Frames.byId(spark.read().parquet(dir.resolve("retried").toString()));
        for (int r = 0; r < rows.length; r++) {
            assertArrayEquals(expected.jacobian(r), Frames.doubles(rows[r], "jacobian"), "jacobian, row " + r);
        }
    }

    @Test
    void plainKernelsAreInUseThoughSparksFlagsAddTheVectorModule() {
        NetjacModel.load(TestModels.small(dir, 23)).newNetwork();
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "surefire runs with Spark's flags");
        assertEquals("plain", dev.netjac.runtime.Kernels.implementation());
    }

    @Test
    void theModelIsCompiledOncePerJvm() {
        SparkSession spark = LocalSpark.get();
        NetjacModel model = NetjacModel.load(TestModels.small(dir, 19));
        double[] xs = TestModels.inputs(5_000, model.inputSize(), 1919);
        int before = ExecutorNetworks.builds();
        for (int run = 0; run < 2; run++) {
            long rows = NetjacSpark.withJacobian(Frames.of(spark, xs, model.inputSize(), 8), "features", model).count();
            assertEquals(5_000, rows);
        }
        assertEquals(before + 1, ExecutorNetworks.builds(), "16 tasks over one model, one compilation");
        assertEquals(ModelBroadcasts.of(spark.sparkContext(), model).id(), ModelBroadcasts.of(spark.sparkContext(), model).id(),
                "one broadcast per model and context");
    }

    private static List<Path> parts(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> out = new ArrayList<>();
            files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().forEach(out::add);
            return out;
        }
    }

    /** Passes rows through, except that the first attempt of partition 1 fails after 1,000 rows. */
    static final class FailFirstAttempt implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            TaskContext task = TaskContext.get();
            if (task.partitionId() != 1 || task.attemptNumber() > 0) {
                return rows;
            }
            return new Iterator<Row>() {
                private int seen;

                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    if (++seen == 1_000) {
                        FAILURES.incrementAndGet();
                        throw new IllegalStateException("injected failure (RetryTest)");
                    }
                    return rows.next();
                }
            };
        }
    }
}
