package dev.netjac.samples.spark;

import dev.netjac.runtime.Network;
import dev.netjac.spark.NetjacModel;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.collection.Seq;

/**
 * {@code check}: reads a results Parquet file back on the driver, recomputes every row with the in-process
 * class (the driver's own instance, batch calls one row at a time) and the reductions written out plainly
 * here, and compares bit for bit. Exit code 1 when any value differs.
 */
final class ResultCheck {
    private static final List<String> NETJAC_COLUMNS = List.of("output", "jacobian", "mean_abs_jacobian",
            "jacobian_row_norms", "top_inputs", "vjp", "jvp");

    private ResultCheck() {}

    static boolean run(SparkSession spark, NetjacModel model, String results, String features, double[] vjp, double[] jvp) {
        Network net = model.newNetwork();
        int n = model.inputSize();
        int m = model.outputSize();
        double[] x = new double[n];
        double[] y = new double[m];
        double[] jac = new double[m * n];
        List<String> columns = Arrays.asList(spark.read().parquet(results).columns());
        long rows = 0;
        long values = 0;
        long differing = 0;
        double worst = 0.0;
        // Outputs come from jacobianBatch when a Jacobian column is there (as in NetjacSpark), else forwardBatch.
        boolean jacobianColumns = columns.contains("jacobian") || columns.contains("mean_abs_jacobian")
                || columns.contains("jacobian_row_norms") || columns.contains("top_inputs");
        Iterator<Row> it = spark.read().parquet(results).toLocalIterator();
        while (it.hasNext()) {
            Row row = it.next();
            double[] input = doubles(row, features);
            System.arraycopy(input, 0, x, 0, n);
            if (jacobianColumns) {
                net.jacobianBatch(x, y, jac, 1);
            } else {
                net.forwardBatch(x, y, 1);
            }
            for (String column : columns) {
                if (!NETJAC_COLUMNS.contains(column) || row.isNullAt(row.fieldIndex(column))) {
                    continue;
                }
                double[] found = doubles(row, column);
                double[] expected = expected(column, net, x, y, jac, m, n, vjp, jvp, found.length / m);
                if (expected == null) {
                    continue;
                }
                values += expected.length;
                for (int k = 0; k < expected.length; k++) {
                    if (Double.doubleToLongBits(expected[k]) != Double.doubleToLongBits(found[k])) {
                        differing++;
                        worst = Math.max(worst, Math.abs(expected[k] - found[k]));
                    }
                }
            }
            rows++;
        }
        System.out.printf("checked %d rows, %d values (columns %s) against the in-process class %s: %s%n", rows, values,
                columns, model.name(), differing == 0 ? "all bit-identical" : differing + " differ, worst by " + worst);
        return differing == 0 && rows > 0;
    }

    /** The column's value from the in-process class, or null for a column that is not netjac's. */
    private static double[] expected(String column, Network net, double[] x, double[] y, double[] jac, int m, int n,
            double[] vjp, double[] jvp, int k) {
        switch (column) {
            case "output":
                return y.clone();
            case "jacobian":
                return jac.clone();
            case "mean_abs_jacobian": {
                double[] s = new double[n];
                for (int j = 0; j < n; j++) {
                    double sum = 0.0;
                    for (int i = 0; i < m; i++) {
                        sum += Math.abs(jac[i * n + j]);
                    }
                    s[j] = sum / m;
                }
                return s;
            }
            case "jacobian_row_norms": {
                double[] norms = new double[m];
                for (int i = 0; i < m; i++) {
                    double sum = 0.0;
                    for (int j = 0; j < n; j++) {
                        sum += jac[i * n + j] * jac[i * n + j];
                    }
                    norms[i] = Math.sqrt(sum);
                }
                return norms;
            }
            case "top_inputs":
                return top(jac, m, n, k);
            case "vjp": {
                require(vjp, "vjp");
                double[] out = new double[n];
                net.vjp(x, vjp, out);
                return out;
            }
            case "jvp": {
                require(jvp, "jvp");
                double[] out = new double[m];
                net.jvp(x, jvp, out);
                return out;
            }
            default:
                throw new IllegalStateException(column);
        }
    }

    private static double[] doubles(Row row, String column) {
        Seq<?> seq = row.getSeq(row.fieldIndex(column));
        double[] out = new double[seq.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) seq.apply(i)).doubleValue();
        }
        return out;
    }

    private static void require(double[] vector, String column) {
        if (vector == null) {
            throw new IllegalArgumentException("the results have a " + column + " column: give the same --" + column
                    + " vector as to run");
        }
    }

    /** For each output, all input indices sorted by descending |J|, ties to the lower index; the first k kept. */
    private static double[] top(double[] jac, int m, int n, int k) {
        double[] out = new double[m * k];
        for (int i = 0; i < m; i++) {
            int row = i * n;
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) {
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> {
                int c = Double.compare(Math.abs(jac[row + b]), Math.abs(jac[row + a]));
                return c != 0 ? c : Integer.compare(a, b);
            });
            for (int t = 0; t < k; t++) {
                out[i * k + t] = order[t];
            }
        }
        return out;
    }
}
