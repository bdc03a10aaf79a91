package dev.netjac.check;

import dev.netjac.runtime.Network;

/**
 * Compares a network with values the user computed in their own framework (PyTorch, Keras, ...) at the same
 * inputs: the check that catches a model that netjac reads consistently but not as its author meant, such as a
 * square PyTorch kernel read in Keras's layout, which comparing netjac with itself never can.
 *
 * <p>An entry's error is |netjac − expected| divided by the largest |expected| entry of the same input (its
 * output vector, or its Jacobian matrix), or by 1 where those are all below 1: relative for large values,
 * absolute for small ones, and blind to none.
 */
public final class ExpectedComparison {
    private ExpectedComparison() {}

    /** The worst entry found: its error and where it is (-1 for an index that does not apply). */
    public record Worst(double error, int input, int output, int inputIndex, double actual, double expected) {
        static final Worst NONE = new Worst(0, -1, -1, -1, 0, 0);

        Worst max(Worst other) {
            // NaN beats everything: a NaN where a number was expected is the worst disagreement there is.
            return Double.isNaN(other.error) && !Double.isNaN(error) || other.error > error ? other : this;
        }

        public boolean within(double tolerance) {
            return error <= tolerance;
        }
    }

    /** What a comparison found; {@code jacobian} is null when no expected Jacobians were given. */
    public record Report(int inputs, Worst outputs, Worst jacobian) {
        public boolean within(double tolerance) {
            return outputs.within(tolerance) && (jacobian == null || jacobian.within(tolerance));
        }
    }

    /**
     * Evaluates {@code network} at {@code count} inputs stored row after row in {@code inputs} and compares with
     * {@code expectedOutputs} (count × M, row-major) and, when not null, {@code expectedJacobians} (count × M × N).
     */
    public static Report compare(Network network, double[] inputs, int count, double[] expectedOutputs,
            double[] expectedJacobians) {
        int n = network.inputSize();
        int m = network.outputSize();
        double[] x = new double[n];
        double[] y = new double[m];
        double[] jac = new double[m * n];
        Worst outputs = Worst.NONE;
        Worst jacobian = expectedJacobians == null ? null : Worst.NONE;
        for (int b = 0; b < count; b++) {
            System.arraycopy(inputs, b * n, x, 0, n);
            if (expectedJacobians == null) {
                network.forward(x, y);
            } else {
                network.jacobian(x, y, jac);
                jacobian = jacobian.max(worst(jac, expectedJacobians, b * m * n, b, n));
            }
            outputs = outputs.max(worst(y, expectedOutputs, b * m, b, 0));
        }
        return new Report(count, outputs, jacobian);
    }

    /**
     * The worst entry of {@code actual} against {@code expected[offset ..]}; {@code columns} is N for a Jacobian
     * (whose flat index splits into output and input index) and 0 for an output vector.
     */
    private static Worst worst(double[] actual, double[] expected, int offset, int input, int columns) {
        double scale = 1;
        for (int k = 0; k < actual.length; k++) {
            double e = expected[offset + k];
            if (Double.isFinite(e)) {
                scale = Math.max(scale, Math.abs(e));
            }
        }
        Worst worst = Worst.NONE;
        for (int k = 0; k < actual.length; k++) {
            double e = expected[offset + k];
            double error = Math.abs(actual[k] - e) / scale;
            if (Double.isNaN(actual[k]) && Double.isNaN(e) || actual[k] == e) {
                error = 0;  // also equal infinities, whose difference is NaN
            }
            int output = columns == 0 ? k : k / columns;
            int inputIndex = columns == 0 ? -1 : k % columns;
            worst = worst.max(new Worst(error, input, output, inputIndex, actual[k], e));
        }
        return worst;
    }
}
