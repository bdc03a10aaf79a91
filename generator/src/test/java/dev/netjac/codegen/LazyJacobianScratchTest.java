package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.runtime.Network;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image-sized model is run forward and through vjp without ever asking for its full Jacobian: its instances
 * must not hold the Jacobian's scratch, which for N = M = 40,000 would be 2 x 40,000 x 40,000 doubles (25.6 GB;
 * ONNX's test_operator_conv failed with an OutOfMemoryError in the constructor before the scratch was lazy).
 */
class LazyJacobianScratchTest {
    private static final int N = 40_000;

    @Test
    void forwardAndVjpOfAWideModelAllocateNoJacobianScratch(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("wide.json");
        Files.writeString(spec, """
                {"netjac": 1, "name": "Wide", "input": {"shape": [%d]},
                 "layers": [{"type": "tanh"}, {"type": "sigmoid"}]}
                """.formatted(N));
        Network net = Netjac.load(spec);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        Network instance = net.newInstance();
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        // The value buffers are a few N doubles; the Jacobian's scratch would be 2 N^2.
        assertTrue(allocated < 100L * N * Double.BYTES, allocated + " bytes allocated by newInstance()");

        double[] x = new double[N];
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = Math.sin(i);
            v[i] = Math.cos(i);
        }
        double[] y = new double[N];
        double[] g = new double[N];
        instance.forward(x, y);
        instance.vjp(x, v, g);
        for (int i = 0; i < N; i += 997) {
            double t = Math.tanh(x[i]);
            double s = 1 / (1 + Math.exp(-t));
            assertEquals(s, y[i], 1e-15);
            assertEquals(v[i] * s * (1 - s) * (1 - t * t), g[i], 1e-15);
        }
    }
}
