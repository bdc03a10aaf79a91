package demo;

import dev.netjac.runtime.Network;
import java.util.Arrays;

/** Evaluates the generated network and its gradient at the four corners of the unit square. */
public final class Main {
    public static void main(String[] args) {
        Network net = new Xor(); // generated from src/main/netjac/demo/xor.json
        double[] y = new double[net.outputSize()];
        double[] jac = new double[net.outputSize() * net.inputSize()];
        for (double[] x : new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}) {
            net.jacobian(x, y, jac);
            System.out.printf("f(%s) = %.4f  gradient %s%n", Arrays.toString(x), y[0], Arrays.toString(jac));
        }
    }
}
