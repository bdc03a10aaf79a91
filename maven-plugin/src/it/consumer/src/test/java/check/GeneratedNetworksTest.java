package check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netjac.runtime.Network;
import models.Tiny;
import com.example.nets.OtherNet;
import org.junit.jupiter.api.Test;

/** Expected values computed with NumPy from the weights in src/main/netjac (see the specs). */
class GeneratedNetworksTest {

    @Test
    void tinyForwardAndJacobian() {
        Network net = new Tiny();
        assertEquals(2, net.inputSize());
        assertEquals(2, net.outputSize());
        double[] x = {0.6, 0.9};
        double[] y = new double[2];
        net.forward(x, y);
        assertArrayEquals(new double[] {0.9323745361191424, 0.0676254638808576}, y, 1e-12);
        double[] jac = new double[4];
        net.jacobian(x, y, jac);
        assertArrayEquals(new double[] {0.08196793867048335, 0.11585852869770241, -0.08196793867048337, -0.11585852869770244},
                jac, 1e-12);
        assertArrayEquals(finiteDifferences(net, x), jac, 1e-7);
    }

    @Test
    void otherForwardAndJacobian() {
        Network net = new OtherNet();
        assertEquals(3, net.inputSize());
        assertEquals(2, net.outputSize());
        double[] x = {0.5, -1.0, 0.25};
        double[] y = new double[2];
        net.forward(x, y);
        assertArrayEquals(new double[] {-0.5545997223493822, -0.221278467898444}, y, 1e-12);
        double[] jac = new double[6];
        net.jacobian(x, y, jac);
        assertArrayEquals(new double[] {0.13848382959399763, 0.48469340357899166, -0.20772574439099645,
                -0.38041433585780693, 0.09510358396445173, 0.8559322556800656}, jac, 1e-12);
        assertArrayEquals(finiteDifferences(net, x), jac, 1e-7);
    }

    /** Central differences, row-major M×N like {@link Network#jacobian}. */
    static double[] finiteDifferences(Network net, double[] x) {
        int n = net.inputSize();
        int m = net.outputSize();
        double[] jac = new double[m * n];
        double[] plus = new double[m];
        double[] minus = new double[m];
        double h = 1e-6;
        for (int j = 0; j < n; j++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[j] += h;
            xm[j] -= h;
            net.forward(xp, plus);
            net.forward(xm, minus);
            for (int i = 0; i < m; i++) {
                jac[i * n + j] = (plus[i] - minus[i]) / (2 * h);
            }
        }
        return jac;
    }
}
