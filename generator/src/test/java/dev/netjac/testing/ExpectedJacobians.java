package dev.netjac.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.runtime.Network;

/**
 * Compares a network with a fixture's float64 references: {@code {"input": [...], "output": [...],
 * "jacobian": [[...], ...]}} per sample, as the fixture scripts under samples/ write them.
 */
public final class ExpectedJacobians {
    private ExpectedJacobians() {}

    /** The largest absolute difference of the outputs and Jacobian entries, and the largest |entry|. */
    public record Result(double error, double scale) {
        public boolean within(double tolerance) {
            return error <= tolerance * Math.max(1, scale);
        }
    }

    public static Result compare(Network net, JsonNode sample) {
        double[] x = doubles(sample.get("input"));
        double[] y = doubles(sample.get("output"));
        JsonNode rows = sample.get("jacobian");
        if (x.length != net.inputSize() || y.length != net.outputSize()) {
            throw new AssertionError("the fixture has " + x.length + " inputs and " + y.length + " outputs, the network "
                    + net.inputSize() + " and " + net.outputSize());
        }
        double[] out = new double[y.length];
        double[] jac = new double[y.length * x.length];
        net.jacobian(x, out, jac);
        double scale = 0;
        double error = 0;
        for (int i = 0; i < y.length; i++) {
            error = Math.max(error, Math.abs(out[i] - y[i]));
            double[] row = doubles(rows.get(i));
            for (int j = 0; j < x.length; j++) {
                scale = Math.max(scale, Math.abs(row[j]));
                error = Math.max(error, Math.abs(jac[i * x.length + j] - row[j]));
            }
        }
        return new Result(error, scale);
    }

    private static double[] doubles(JsonNode list) {
        double[] v = new double[list.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = list.get(i).asDouble();
        }
        return v;
    }
}
