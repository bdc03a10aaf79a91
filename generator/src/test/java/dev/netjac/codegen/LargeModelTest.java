package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * Image-sized models are run forward and through vjp without ever asking for their full Jacobian. Their instances
 * must not hold the Jacobian's scratch, which for N = M = 40,000 would be 2 x 40,000 x 40,000 doubles (25.6 GB;
 * ONNX's test_operator_conv failed with an OutOfMemoryError in the constructor before the scratch was lazy), and a
 * model whose Jacobian no Java array holds is still read and compiled (ONNX's dilated MaxPool1d case).
 */
class LargeModelTest {
    private static final int N = 40_000;

    @Test
    void forwardAndVjpOfAWideModelAllocateNoJacobianScratch(@TempDir Path dir) throws IOException {
        Network net = Netjac.load(wide(dir, N));
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

    @Test
    void aModelWhoseJacobianNoArrayHoldsRunsForwardAndSaysWhyJacobianCannot(@TempDir Path dir) throws IOException {
        int n = 50_000; // 2.5e9 Jacobian entries
        Network net = Netjac.load(wide(dir, n));
        double[] x = new double[n];
        double[] y = new double[n];
        x[7] = 0.5;
        net.forward(x, y);
        assertEquals(1 / (1 + Math.exp(-Math.tanh(0.5))), y[7], 1e-15);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> net.jacobian(x, y, new double[1]));
        assertEquals("the Jacobian of this model has 2,500,000,000 entries, more than one Java array holds;"
                + " use vjp or jvp", e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> net.jacobianBatch(x, y, new double[1], 1));
    }

    private static Path wide(Path dir, int n) throws IOException {
        Path spec = dir.resolve("wide" + n + ".json");
        Files.writeString(spec, """
                {"netjac": 1, "name": "Wide", "input": {"shape": [%d]},
                 "layers": [{"type": "tanh"}, {"type": "sigmoid"}]}
                """.formatted(n));
        return spec;
    }
}
