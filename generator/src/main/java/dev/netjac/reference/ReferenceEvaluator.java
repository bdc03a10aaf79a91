package dev.netjac.reference;

import dev.netjac.graph.Graph;
import dev.netjac.layers.Layer;
import java.util.List;

/**
 * The test oracle: evaluates a {@link Graph} with plain, obviously correct math. The Jacobian is built from
 * each layer's dense local Jacobian by the chain rule, from the output side: A_out = I, and for each layer v
 * (last to first) and each input u of v, A_u += A_v · ∂v/∂u; the result is A at the network input. For a
 * chain that is the product J = J_L ··· J_2 · J_1. Nothing here shares code with the generated classes
 * except the scalar activation functions.
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
        return accumulate(x, false);
    }

    /**
     * The same chain rule over the layers' Jacobian magnitudes ({@link dev.netjac.layers.Layer#jacobianMagnitude},
     * |J_L|···|J_1| for a chain of most layers): entry (i, j) bounds the sum of the magnitudes of the terms that
     * make up J_ij, which is the scale of its rounding error in any order of evaluation. Where terms cancel (a saturated softmax, two branches subtracted) J is tiny and no float64
     * computation is accurate relative to J itself, only relative to this.
     */
    public double[][] jacobianMagnitude(double[] x) {
        return accumulate(x, true);
    }

    private double[][] accumulate(double[] x, boolean absolute) {
        double[][] acts = activations(x);
        List<Layer> layers = graph.layers();
        // adjoint[v + 1] = d output / d (value of node v); node -1 is the network input.
        double[][][] adjoint = new double[layers.size() + 1][][];
        adjoint[layers.size()] = identity(graph.outputSize());
        for (int k = layers.size() - 1; k >= 0; k--) {
            int[] from = graph.inputsOf(k);
            for (int i = 0; i < from.length; i++) {
                double[][] local = absolute ? layers.get(k).jacobianMagnitude(i, inputs(acts, from), acts[k + 1])
                        : layers.get(k).jacobian(i, inputs(acts, from), acts[k + 1]);
                double[][] contribution = multiply(adjoint[k + 1], local);
                adjoint[from[i] + 1] = adjoint[from[i] + 1] == null ? contribution : add(adjoint[from[i] + 1], contribution);
            }
            adjoint[k + 1] = null;
        }
        return adjoint[0];
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

    /** acts[0] = x, acts[k + 1] = output of layer k (node k). */
    private double[][] activations(double[] x) {
        if (x.length != graph.inputSize()) {
            throw new IllegalArgumentException("x has length " + x.length + ", expected " + graph.inputSize());
        }
        List<Layer> layers = graph.layers();
        double[][] acts = new double[layers.size() + 1][];
        acts[0] = x.clone();
        for (int k = 0; k < layers.size(); k++) {
            acts[k + 1] = new double[layers.get(k).outputSize()];
            layers.get(k).forward(inputs(acts, graph.inputsOf(k)), acts[k + 1]);
        }
        return acts;
    }

    /** The values a layer reading nodes {@code from} sees. */
    private static double[][] inputs(double[][] acts, int[] from) {
        double[][] values = new double[from.length][];
        for (int i = 0; i < from.length; i++) {
            values[i] = acts[from[i] + 1];
        }
        return values;
    }

    private static double[][] add(double[][] a, double[][] b) {
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                a[i][j] += b[i][j];
            }
        }
        return a;
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
