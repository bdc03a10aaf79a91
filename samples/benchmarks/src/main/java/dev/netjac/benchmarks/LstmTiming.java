package dev.netjac.benchmarks;

import dev.netjac.Netjac;
import dev.netjac.graph.JacobianMode;
import dev.netjac.runtime.Network;
import dev.netjac.weights.Npy;
import dev.netjac.weights.Tensor;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Issue 15's benchmark: LSTM(64) over T = 50 steps of 8 features, then dense(1), forward + Jacobian, from the
 * ONNX file {@code torch_lstm_timing.py} writes (torch's own module, exported), checked against torch's float64
 * Jacobian, then timed as {@link MinTiming} does (many short batches; min, p10, median per call):
 * {@code java -cp ... dev.netjac.benchmarks.LstmTiming DIR [rounds]}.
 */
public final class LstmTiming {
    private LstmTiming() {}

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        double[] x = Npy.read(dir.resolve("lstm64.x.npy")).toArray();
        Tensor want = Npy.read(dir.resolve("lstm64.J.npy"));
        for (JacobianMode mode : new JacobianMode[] {JacobianMode.REVERSE, JacobianMode.FORWARD}) {
            Network net = Netjac.load(dir.resolve("lstm64.onnx"), Netjac.Options.defaults().withJacobianMode(mode));
            double[] y = new double[1];
            double[] jac = new double[x.length];
            net.jacobian(x, y, jac);
            double error = 0;
            double scale = 0;
            for (int j = 0; j < jac.length; j++) {
                error = Math.max(error, Math.abs(jac[j] - want.get(j)));
                scale = Math.max(scale, Math.abs(want.get(j)));
            }
            long[] times = new long[rounds];
            long[] forward = new long[rounds];
            for (int pass = 0; pass < 2; pass++) {   // the first pass warms up
                for (int r = 0; r < rounds; r++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < 10; i++) {
                        net.jacobian(x, y, jac);
                    }
                    long t1 = System.nanoTime();
                    for (int i = 0; i < 10; i++) {
                        net.forward(x, y);
                    }
                    times[r] = (t1 - t0) / 10;
                    forward[r] = (System.nanoTime() - t1) / 10;
                }
            }
            Arrays.sort(times);
            Arrays.sort(forward);
            System.out.printf("netjac %-8s forward+Jacobian min %8.1f p10 %8.1f median %8.1f us; forward median %7.1f us;"
                    + " |J - torch| %.1e of %.2f%n", mode, times[0] / 1e3, times[rounds / 10] / 1e3, times[rounds / 2] / 1e3,
                    forward[rounds / 2] / 1e3, error, scale);
        }
    }
}
