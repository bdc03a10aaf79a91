package dev.netjac.spark;

import dev.netjac.runtime.Network;

/**
 * Evaluates rows in blocks on one network instance of its own: the caller fills {@link #inputs()} with up to
 * {@link #capacity()} rows back to back, calls {@link #evaluate(int)}, then takes each row's columns with
 * {@link #columns(int)}. The buffers are allocated once; per row only the result arrays are new.
 *
 * <p>Outputs and Jacobians come from the batch calls ({@link Network#jacobianBatch}, and
 * {@link Network#forwardBatch} when no reduction needs the Jacobian), the same calls an in-process caller
 * makes, so a row's bytes do not depend on which block, partition or task attempt it lands in.
 */
final class BlockEvaluator {
    /** Block buffers are sized to about this many bytes of Jacobians: large enough to amortize, small for the cache. */
    private static final long JACOBIAN_BLOCK_BYTES = 4L << 20;
    private static final int MAX_ROWS = 1024;

    private final Network net;
    private final Reduction[] reductions;
    private final int m;
    private final int n;
    private final boolean jacobian;
    private final int capacity;
    private final double[] xs;
    private final double[] ys;
    private final double[] jacs;
    private final double[] x;

    BlockEvaluator(NetjacModel model, Reduction[] reductions, int capacity) {
        this.net = model.newNetwork();
        this.reductions = reductions.clone();
        this.m = model.outputSize();
        this.n = model.inputSize();
        this.jacobian = needsJacobian(reductions);
        this.capacity = capacity;
        this.xs = new double[capacity * n];
        this.ys = new double[capacity * m];
        this.jacs = jacobian ? new double[capacity * m * n] : new double[0];
        this.x = new double[n];
    }

    /**
     * Rows per block: about 4 MB of inputs, outputs and Jacobians, at most 1024 rows, a multiple of {@code ParallelBatch.BLOCK}
     * (16) when it holds 16 or more rows, and fewer (down to one) only for Jacobians too large for 16 rows in
     * 4 MB, so the buffers never grow with M·N times a fixed row count.
     */
    static int blockRows(NetjacModel model, Reduction[] reductions) {
        return blockRows(model.outputSize(), model.inputSize(), needsJacobian(reductions));
    }

    static int blockRows(int m, int n, boolean jacobian) {
        long perRow = 8L * (n + m + (jacobian ? (long) m * n : 0));
        long rows = Math.min(MAX_ROWS, JACOBIAN_BLOCK_BYTES / Math.max(1, perRow));
        return (int) (rows >= 16 ? rows / 16 * 16 : Math.max(1, rows));
    }

    static boolean needsJacobian(Reduction[] reductions) {
        for (Reduction r : reductions) {
            if (r.needsJacobian()) {
                return true;
            }
        }
        return false;
    }

    int capacity() {
        return capacity;
    }

    /** The input buffer: row r's N values at r·N. */
    double[] inputs() {
        return xs;
    }

    void evaluate(int rows) {
        if (jacobian) {
            net.jacobianBatch(xs, ys, jacs, rows);
        } else {
            net.forwardBatch(xs, ys, rows);
        }
    }

    /** Row r's new columns: its output, then one value per reduction, each a new array. */
    Object[] columns(int r) {
        Object[] values = new Object[1 + reductions.length];
        double[] y = new double[m];
        System.arraycopy(ys, r * m, y, 0, m);
        values[0] = y;
        boolean staged = false;
        for (int k = 0; k < reductions.length; k++) {
            Reduction reduction = reductions[k];
            if (!reduction.needsJacobian() && !staged) {
                // vjp/jvp take the row's input as its own array; staged once per row.
                System.arraycopy(xs, r * n, x, 0, n);
                staged = true;
            }
            values[1 + k] = reduction.value(net, x, jacs, r * m * n, m, n);
        }
        return values;
    }
}
