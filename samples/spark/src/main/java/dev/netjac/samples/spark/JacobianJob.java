package dev.netjac.samples.spark;

import dev.netjac.NetjacException;
import dev.netjac.spark.NetjacModel;
import dev.netjac.spark.Reduction;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark job over netjac (samples/spark/README.md):
 * <pre>
 * generate --model M --out DATA [--rows R] [--partitions P] [--seed S] [--inputs normal|uniform]
 * run      --model M --in DATA --out RESULTS [--reduce jacobian,...] [--vjp V] [--jvp U] [--features COL]
 * check    --model M --results RESULTS [--vjp V] [--jvp U] [--features COL]
 * bench    --model M --data DIR [--rows R] [--partitions P] [--rounds K] [--inputs normal|uniform]
 * </pre>
 * Without spark-submit the master is {@code --master} (default local[2]).
 */
public final class JacobianJob {
    private static final List<String> OPTIONS = List.of("model", "out", "in", "rows", "partitions", "seed", "inputs",
            "reduce", "vjp", "jvp", "features", "results", "data", "rounds", "master");

    private JacobianJob() {}

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("--help")) {
            System.out.println("usage: JacobianJob generate|run|check|bench --model MODEL [options]; see samples/spark/README.md");
            return;
        }
        int status;
        try {
            status = run(args[0], new Options(args, 1, OPTIONS));
        } catch (NetjacException | IllegalArgumentException e) {
            System.err.println("JacobianJob: " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    private static int run(String command, Options o) {
        NetjacModel model = NetjacModel.load(Path.of(o.required("model")));
        String master = o.get("master", "local[2]");
        long seed = Long.parseLong(o.get("seed", "16"));
        boolean uniform = o.get("inputs", "normal").equals("uniform");
        String features = o.get("features", "features");
        double[] vjp = o.get("vjp", null) == null ? null : Reductions.vector(o.get("vjp", null), model.outputSize(), "--vjp");
        double[] jvp = o.get("jvp", null) == null ? null : Reductions.vector(o.get("jvp", null), model.inputSize(), "--jvp");
        switch (command) {
            case "generate": {
                SparkSession spark = Sessions.start(master);
                GenerateData.run(spark, model.inputSize(), Long.parseLong(o.get("rows", "100000")),
                        o.integer("partitions", 8), seed, uniform, o.required("out"));
                System.out.println("wrote " + o.get("rows", "100000") + " rows of " + model.inputSize() + " inputs to "
                        + o.required("out"));
                spark.stop();
                return 0;
            }
            case "run": {
                SparkSession spark = Sessions.start(master);
                Reduction[] reductions = Reductions.parse(o.get("reduce", Reductions.DEFAULT), o.get("vjp", null),
                        o.get("jvp", null), model);
                RunJob.run(spark, model, o.required("in"), features, reductions, o.required("out"));
                spark.stop();
                return 0;
            }
            case "check": {
                SparkSession spark = Sessions.start(master);
                boolean same = ResultCheck.run(spark, model, o.required("results"), features, vjp, jvp);
                spark.stop();
                return same ? 0 : 1;
            }
            case "bench":
                Throughput.run(model, o.required("data"), Long.parseLong(o.get("rows", "20000")), uniform, seed,
                        o.integer("partitions", 8), o.integer("rounds", 3));
                return 0;
            default:
                throw new IllegalArgumentException("unknown command " + command + "; expected generate, run, check or bench");
        }
    }
}
