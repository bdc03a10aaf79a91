package dev.netjac.spark;

import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;

/**
 * The SQL function of {@link NetjacSpark#register}: one row at a time (SQL gives a UDF no blocks), on a network
 * instance of the calling thread's own, returning the struct {@code (output, <reductions>...)}. Results are
 * bit-identical to {@link NetjacSpark#evaluate}'s, whose batch calls compute each row on its own too.
 */
final class SqlFunction implements UDF1<Object, Row> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<NetjacModel> model;
    private final Reduction[] reductions;
    private final String name;
    private transient volatile ThreadLocal<BlockEvaluator> evaluators;

    SqlFunction(Broadcast<NetjacModel> model, Reduction[] reductions, String name) {
        this.model = model;
        this.reductions = reductions.clone();
        this.name = name;
    }

    @Override
    public Row call(Object features) {
        BlockEvaluator evaluator = evaluator();
        NetjacModel m = model.value();
        if (!FeatureColumn.read(features, evaluator.inputs(), 0, m.inputSize(), name + "(...)", m.name())) {
            return null;
        }
        evaluator.evaluate(1);
        return RowFactory.create(evaluator.columns(0));
    }

    private BlockEvaluator evaluator() {
        // A deserialized copy of this function may be called from several task threads: one evaluator each.
        ThreadLocal<BlockEvaluator> local = evaluators;
        if (local == null) {
            synchronized (this) {
                if (evaluators == null) {
                    evaluators = new ThreadLocal<>();
                }
                local = evaluators;
            }
        }
        BlockEvaluator evaluator = local.get();
        if (evaluator == null) {
            evaluator = new BlockEvaluator(model.value(), reductions, 1);
            local.set(evaluator);
        }
        return evaluator;
    }
}
