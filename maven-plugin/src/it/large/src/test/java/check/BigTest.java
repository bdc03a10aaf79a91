package check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netjac.runtime.Network;
import java.util.Random;
import netjac.Big;
import org.junit.jupiter.api.Test;

class BigTest {
    @Test
    void jacobianMatchesFiniteDifferences() {
        Network net = new Big();
        assertEquals(784, net.inputSize());
        assertEquals(10, net.outputSize());
        Random random = new Random(7);
        double[] x = new double[784];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble();
        }
        double[] y = new double[10];
        double[] y2 = new double[10];
        double[] jac = new double[10 * 784];
        net.forward(x, y);
        net.jacobian(x, y2, jac);
        for (int i = 0; i < 10; i++) {
            assertEquals(y[i], y2[i], 1e-12);
        }
        double h = 1e-5;
        double[] plus = new double[10];
        double[] minus = new double[10];
        for (int j : new int[] {0, 1, 100, 391, 555, 783}) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[j] += h;
            xm[j] -= h;
            net.forward(xp, plus);
            net.forward(xm, minus);
            for (int i = 0; i < 10; i++) {
                double fd = (plus[i] - minus[i]) / (2 * h);
                assertEquals(fd, jac[i * 784 + j], 1e-7, "d y" + i + " / d x" + j);
            }
        }
    }
}
