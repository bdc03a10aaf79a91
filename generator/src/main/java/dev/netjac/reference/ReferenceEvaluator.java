package dev.netjac.reference;

import dev.netjac.graph.Graph;
import dev.netjac.layers.Layer;
import java.util.List;

/**
 * The test oracle: evaluates a {@link Graph} with plain, obviously correct math. The Jacobian is the product
 * of each layer's dense local Jacobian, J = J_L ··· J_2 · J_1, formed from the output side; nothing here
 * shares code with the generated classes except the scalar activation functions.
 */
public final class ReferenceEvaluator {
    private final Graph graph;

    public ReferenceEvaluator(Graph graph) {
        this.graph = graph;
    }

    public Graph graph() {
        return graph;
    }

    /** y = f(x). */
    public double[] forward(double[] x) {
        double[][] acts = activations(x);
        return acts[acts.length - 1].clone();
    }

    /** The M×N Jacobian at x, as M rows of N values. */
    public double[][] jacobian(double[] x) {
        double[][] acts = activations(x);
        List<Layer> layers = graph.layers();
        double[][] jac = identity(graph.outputSize());
        for (int k = layers.size() - 1; k >= 0; k--) {
            jac = multiply(jac, layers.get(k).jacobian(acts[k], acts[k + 1]));
        }
        return jac;
    }

    /** The Jacobian flattened row-major, as {@code Network.jacobian} lays it out. */
    public double[] jacobianFlat(double[] x) {
        double[][] jac = jacobian(x);
        int n = graph.inputSize();
        double[] flat = new double[jac.length * n];
        for (int i = 0; i < jac.length; i++) {
            System.arraycopy(jac[i], 0, flat, i * n, n);
        }
        return flat;
    }

    /** vᵀ·J. */
    public double[] vjp(double[] x, double[] v) {
        double[][] jac = jacobian(x);
        double[] out = new double[graph.inputSize()];
        for (int i = 0; i < jac.length; i++) {
            for (int j = 0; j < out.length; j++) {
                out[j] += v[i] * jac[i][j];
            }
        }
        return out;
    }

    /** J·u. */
    public double[] jvp(double[] x, double[] u) {
        double[][] jac = jacobian(x);
        double[] out = new double[jac.length];
        for (int i = 0; i < jac.length; i++) {
            for (int j = 0; j < u.length; j++) {
                out[i] += jac[i][j] * u[j];
            }
        }
        return out;
    }

    /** acts[0] = x, acts[k + 1] = output of layer k. */
    private double[][] activations(double[] x) {
        if (x.length != graph.inputSize()) {
            throw new IllegalArgumentException("x has length " + x.length + ", expected " + graph.inputSize());
        }
        List<Layer> layers = graph.layers();
        double[][] acts = new double[layers.size() + 1][];
        acts[0] = x.clone();
        for (int k = 0; k < layers.size(); k++) {
            acts[k + 1] = new double[layers.get(k).outputSize()];
            layers.get(k).forward(acts[k], acts[k + 1]);
        }
        return acts;
    }

    private static double[][] identity(int n) {
        double[][] id = new double[n][n];
        for (int i = 0; i < n; i++) {
            id[i][i] = 1.0;
        }
        return id;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int rows = a.length;
        int inner = b.length;
        int cols = inner == 0 ? 0 : b[0].length;
        double[][] c = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < inner; k++) {
                double aik = a[i][k];
                for (int j = 0; j < cols; j++) {
                    c[i][j] += aik * b[k][j];
                }
            }
        }
        return c;
    }
}
