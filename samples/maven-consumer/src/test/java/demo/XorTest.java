package demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.runtime.Network;
import org.junit.jupiter.api.Test;

class XorTest {
    @Test
    void approximatesXorAndHasAGradient() {
        Network net = new Xor();
        assertEquals(2, net.inputSize());
        assertEquals(1, net.outputSize());
        double[] y = new double[1];
        net.forward(new double[] {0, 0}, y);
        double y00 = y[0];
        net.forward(new double[] {1, 0}, y);
        double y10 = y[0];
        assertTrue(y00 < 0.05 && y10 > 0.95, y00 + " " + y10);

        double[] x = {0.3, 0.6};
        double[] jac = new double[2];
        net.jacobian(x, y, jac);
        double h = 1e-6;
        double[] plus = new double[1];
        double[] minus = new double[1];
        for (int j = 0; j < 2; j++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[j] += h;
            xm[j] -= h;
            net.forward(xp, plus);
            net.forward(xm, minus);
            assertEquals((plus[0] - minus[0]) / (2 * h), jac[j], 1e-7);
        }
    }
}
