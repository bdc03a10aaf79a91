package dev.netjac.spark;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The task body of {@link NetjacSpark#evaluate}: one network instance per partition (compiled once per
 * executor JVM), rows read in blocks of {@link BlockEvaluator#blockRows} and written back as the input row's
 * values followed by the new columns. Only the model's broadcast handle and the reductions travel with the
 * task.
 */
final class PartitionFunction implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<NetjacModel> model;
    private final Reduction[] reductions;
    private final int featureIndex;
    private final String featureColumn;
    private final int blockRows;

    PartitionFunction(Broadcast<NetjacModel> model, Reduction[] reductions, int featureIndex, String featureColumn,
            int blockRows) {
        this.model = model;
        this.reductions = reductions.clone();
        this.featureIndex = featureIndex;
        this.featureColumn = featureColumn;
        this.blockRows = blockRows;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return new Blocks(rows, new BlockEvaluator(model.value(), reductions, blockRows));
    }

    /** Pulls a block of input rows, evaluates it, hands out its rows, and only then pulls the next block. */
    private final class Blocks implements Iterator<Row> {
        private final Iterator<Row> in;
        private final BlockEvaluator evaluator;
        private final Row[] block;
        private final int[] slot;
        private final String name;
        private final int n;
        private int size;
        private int next;

        Blocks(Iterator<Row> in, BlockEvaluator evaluator) {
            this.in = in;
            this.evaluator = evaluator;
            this.block = new Row[evaluator.capacity()];
            this.slot = new int[evaluator.capacity()];
            this.name = model.value().name();
            this.n = model.value().inputSize();
        }

        @Override
        public boolean hasNext() {
            if (next == size) {
                fill();
            }
            return next < size;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row row = block[next];
            int s = slot[next];
            block[next] = null;
            next++;
            Object[] columns = s < 0 ? new Object[1 + reductions.length] : evaluator.columns(s);
            Object[] values = new Object[row.length() + columns.length];
            for (int i = 0; i < row.length(); i++) {
                values[i] = row.get(i);
            }
            System.arraycopy(columns, 0, values, row.length(), columns.length);
            return RowFactory.create(values);
        }

        private void fill() {
            size = 0;
            next = 0;
            int evaluated = 0;
            double[] xs = evaluator.inputs();
            while (size < block.length && in.hasNext()) {
                Row row = in.next();
                boolean present = FeatureColumn.read(row.get(featureIndex), xs, evaluated * n, n, featureColumn, name);
                block[size] = row;
                slot[size] = present ? evaluated++ : -1;
                size++;
            }
            if (evaluated > 0) {
                evaluator.evaluate(evaluated);
            }
        }
    }
}
