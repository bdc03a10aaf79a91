package demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.netjac.runtime.Network;
import org.junit.jupiter.api.Test;

/** y = relu(a + b) - 2 relu(a + b - 1): XOR at the corners; values and Jacobians worked out by hand. */
class XorTest {
    @Test
    void xor() {
        Network net = new Xor();
        double[] y = new double[net.outputSize()];
        double[] jac = new double[net.outputSize() * net.inputSize()];
        double[][] corners = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        double[] xor = {0, 1, 1, 0};
        for (int c = 0; c < 4; c++) {
            net.forward(corners[c], y);
            assertArrayEquals(new double[] {xor[c]}, y, 1e-15);
        }
        net.jacobian(new double[] {0.25, 0.5}, y, jac);      // only the first unit active
        assertArrayEquals(new double[] {0.75}, y, 1e-15);
        assertArrayEquals(new double[] {1, 1}, jac, 1e-15);
        net.jacobian(new double[] {1, 0.5}, y, jac);         // both active: 1 - 2
        assertArrayEquals(new double[] {0.5}, y, 1e-15);
        assertArrayEquals(new double[] {-1, -1}, jac, 1e-15);
    }
}
