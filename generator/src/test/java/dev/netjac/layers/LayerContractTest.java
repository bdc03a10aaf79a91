package dev.netjac.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netjac.Netjac;
import dev.netjac.check.FiniteDifferences;
import dev.netjac.check.Verifier;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.runtime.Network;
import dev.netjac.spec.ReadOptions;
import dev.netjac.spec.RegisteredSpecTypes;
import dev.netjac.testing.ContractRow;
import dev.netjac.testing.Dependencies;
import dev.netjac.testing.GeneratedMethods;
import dev.netjac.testing.LayerContractTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layer contract: every row of {@link LayerContractTable} is read from its spec, compiled as a one-layer
 * network by Janino, and checked at two random points:
 * <ol>
 *   <li>the reference local Jacobian ({@link Layer#jacobian}) against central finite differences;</li>
 *   <li>the declared flags: a symmetric Jacobian equals its transpose, a view or an input without cotangent
 *       method has J = I, and in-place propagation gives the same rows as out-of-place;</li>
 *   <li>the generated forward, jacobian, jvp and vjp against the layer's reference forward and Jacobian;</li>
 *   <li>the generated tangent and cotangent methods themselves, three rows at once: J·t and gᵀ·J;</li>
 *   <li>the cost model against work counted independently ({@link dev.netjac.testing.CostRule}).</li>
 * </ol>
 * And every spec type the reader registers must have a row.
 */
class LayerContractTest {
    static final double TOLERANCE = Verifier.REFERENCE_TOLERANCE;
    static final int POINTS = 2;
    static final int ROWS = 3;
    /**
     * One mode suffices here: jvp runs the tangent code and vjp and the reverse-mode jacobian the cotangent code
     * in any mode; the mode only changes how jacobian assembles rows, which the differential harness covers in
     * every mode. (Janino compiles dominate this test's time.)
     */
    static final JacobianMode[] MODES = {JacobianMode.REVERSE};

    static List<ContractRow> rows() {
        return LayerContractTable.rows();
    }

    @Test
    void everyRegisteredSpecTypeHasARowAndEveryRowARegisteredType() {
        Set<String> covered = new TreeSet<>();
        for (ContractRow row : rows()) {
            covered.add(row.type());
        }
        Set<String> missing = new TreeSet<>(RegisteredSpecTypes.names());
        missing.removeAll(covered);
        assertEquals(Set.of(), missing, "registered spec types without a row in LayerContractTable");
        Set<String> unknown = new TreeSet<>(covered);
        unknown.removeAll(RegisteredSpecTypes.names());
        assertEquals(Set.of(), unknown, "rows of types the spec reader does not register");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void layerKeepsItsContract(ContractRow row, @TempDir Path dir) throws Exception {
        Path spec = dir.resolve("row.json");
        Files.writeString(spec, new ObjectMapper().writeValueAsString(row.spec()));
        Graph graph = Netjac.read(spec, ReadOptions.defaults());
        Layer layer = graph.layers().get(graph.layers().size() - 1);
        assertEquals(row.arity(), layer.arity(), row + ": arity");
        List<Network> networks = new ArrayList<>();
        for (JacobianMode mode : MODES) {
            networks.add(JaninoCompiler.instantiate(Netjac.generate(graph, Netjac.Options.defaults().withJacobianMode(mode))));
        }
        List<String> failures = new ArrayList<>();
        Random random = new Random(row.name().hashCode());
        double[][][] firstJacobians = null;
        double[][] firstInputs = null;
        for (int p = 0; p < POINTS; p++) {
            double[] x = row.point(random);
            double[][] inputs = row.split(x);
            double[] y = new double[layer.outputSize()];
            layer.forward(inputs, y);
            double[][][] jac = new double[row.arity()][][];
            double[][][] magnitude = new double[row.arity()][][];
            for (int i = 0; i < row.arity(); i++) {
                jac[i] = layer.jacobian(i, inputs, y);
                magnitude[i] = layer.jacobianMagnitude(i, inputs, y);
            }
            if (p == 0) {
                firstJacobians = jac;
                firstInputs = inputs;
            }
            String at = "point " + p + ": ";
            finiteDifferences(layer, inputs, y, jac, failures, at);
            flags(layer, inputs, y, jac, failures, at);
            double[][] full = sideBySide(jac);
            double[][] fullMagnitude = sideBySide(magnitude);
            for (int m = 0; m < MODES.length; m++) {
                wholeNetwork(networks.get(m), x, y, full, fullMagnitude, random, failures, at + MODES[m] + ": ");
            }
            rowMethods(new GeneratedMethods(networks.get(0), layer), networks.get(0), layer, x, inputs, y, jac, magnitude, random,
                    failures, at);
        }
        failures.addAll(row.cost().check(layer, Dependencies.of(layer, firstInputs), firstJacobians));
        assertEquals(List.of(), failures, row + " (" + layer + ", input " + row.shapes() + ")");
    }

    /** The reference Jacobian of each input against central differences of the reference forward. */
    private static void finiteDifferences(Layer layer, double[][] inputs, double[] y, double[][][] jac, List<String> failures, String at) {
        double scale = Math.max(1e-300, Math.max(Verifier.maxAbs(y), maxAbs(jac)));
        for (int i = 0; i < inputs.length; i++) {
            int slot = i;
            java.util.function.UnaryOperator<double[]> f = xi -> {
                double[][] probe = inputs.clone();
                probe[slot] = xi;
                double[] out = new double[layer.outputSize()];
                layer.forward(probe, out);
                return out;
            };
            double[][] fd = FiniteDifferences.jacobian(f, inputs[i], 1.0);
            double[][] half = FiniteDifferences.jacobian(f, inputs[i], 0.5);
            int unresolved = 0;
            double worst = 0;
            for (int o = 0; o < fd.length; o++) {
                for (int j = 0; j < fd[o].length; j++) {
                    if (Math.abs(fd[o][j] - half[o][j]) > Verifier.FD_TOLERANCE * scale) {
                        unresolved++;
                    } else {
                        worst = Math.max(worst, Math.abs(half[o][j] - jac[i][o][j]) / scale);
                    }
                }
            }
            if (worst > Verifier.FD_TOLERANCE || unresolved > 1) {
                failures.add(at + "reference Jacobian of input " + i + " vs finite differences: error " + worst + ", "
                        + unresolved + " entries unresolved");
            }
        }
    }

    /** Symmetric ⇒ J = Jᵀ; a view, or a merge input the emitter hands on unchanged, ⇒ J = I exactly. */
    private static void flags(Layer layer, double[][] inputs, double[] y, double[][][] jac, List<String> failures, String at) {
        if (layer.hasSymmetricJacobian()) {
            double[][] j = jac[0];
            double worst = j.length == j[0].length ? 0 : Double.POSITIVE_INFINITY;
            for (int a = 0; worst < Double.POSITIVE_INFINITY && a < j.length; a++) {
                for (int b = 0; b < j.length; b++) {
                    worst = Math.max(worst, Math.abs(j[a][b] - j[b][a]));
                }
            }
            if (worst > 1e-15 * Math.max(1e-300, maxAbs(jac))) {
                failures.add(at + "declares a symmetric Jacobian, but |J - J^T| reaches " + worst);
            }
        }
        for (int i = 0; i < inputs.length; i++) {
            boolean handedOn = layer.isView() || (layer instanceof MergeLayer && GeneratedMethods.passesOn(layer, i));
            if (handedOn && !isIdentity(jac[i])) {
                failures.add(at + "input " + i + " is handed on as it is (view or no cotangent method) but its Jacobian is not I");
            }
        }
        if (layer.isView() && !java.util.Arrays.equals(y, inputs[0])) {
            failures.add(at + "a view that changes values");
        }
    }

    /** The compiled network's forward, jacobian, jvp and vjp against [J₀ | J₁ | …] and the layer's forward. */
    private static void wholeNetwork(Network network, double[] x, double[] y, double[][] jac, double[][] magnitude, Random random,
                                     List<String> failures, String at) {
        int n = x.length;
        int m = y.length;
        double[] out = new double[m];
        network.forward(x, out);
        check(failures, at + "forward", out, y, Verifier.maxAbs(y));
        double[] flat = new double[m * n];
        network.jacobian(x, out, flat);
        check(failures, at + "jacobian", flat, Verifier.flatten(jac), Math.max(maxAbs(new double[][][] {jac}),
                1e-3 * maxAbs(new double[][][] {magnitude})));
        double[] t = Verifier.gaussian(random, n);
        network.jvp(x, t, out);
        check(failures, at + "jvp", out, times(jac, t), rowScale(jac, magnitude, t));
        double[] g = Verifier.gaussian(random, m);
        double[] back = new double[n];
        network.vjp(x, g, back);
        double[][] transposed = transpose(jac);
        check(failures, at + "vjp", back, times(transposed, g), rowScale(transposed, transpose(magnitude), g));
    }

    /** The layer's own tangent and cotangent methods on several rows, out of place and, where declared, in place. */
    private static void rowMethods(GeneratedMethods methods, Network network, Layer layer, double[] x, double[][] inputs, double[] y,
                                   double[][][] jac, double[][][] magnitude, Random random, List<String> failures, String at) {
        // Runs the forward pass and the derivative methods at x: the scratch the row methods read.
        network.jacobian(x, new double[y.length], new double[y.length * x.length]);
        int k = inputs.length;
        double[][][] in = new double[k][][];
        double[][] expected = new double[ROWS][y.length];
        double[][] expectedScale = new double[ROWS][];
        for (int i = 0; i < k; i++) {
            in[i] = GeneratedMethods.rows(ROWS, inputs[i].length);
            for (int r = 0; r < ROWS; r++) {
                double[] t = Verifier.gaussian(random, inputs[i].length);
                System.arraycopy(t, 0, in[i][r], 0, t.length);
                double[] jt = times(jac[i], t);
                for (int o = 0; o < y.length; o++) {
                    expected[r][o] += jt[o];
                }
            }
        }
        for (int r = 0; r < ROWS; r++) {
            double[][] stacked = sideBySide(jac);
            double[][] stackedMagnitude = sideBySide(magnitude);
            double[] t = new double[x.length];
            for (int i = 0; i < k; i++) {
                System.arraycopy(in[i][r], 0, t, offset(inputs, i), inputs[i].length);
            }
            expectedScale[r] = new double[] {rowScale(stacked, stackedMagnitude, t)};
        }
        if (!layer.isView()) {
            double[][] out = methods.tangent(inputs, y, in, false);
            checkRows(failures, at + "tangent rows", out, expected, expectedScale);
            if (k == 1 && layer.propagatesInPlace()) {
                double[][] same = methods.tangent(inputs, y, new double[][][] {copy(in[0])}, true);
                checkRows(failures, at + "tangent rows in place", same, expected, expectedScale);
            }
        }
        for (int i = 0; i < k; i++) {
            if (layer.isView() || methods.cotangentMethod(i) == null) {
                continue;
            }
            double[][] g = GeneratedMethods.rows(ROWS, y.length);
            double[][] want = new double[ROWS][];
            double[][] scale = new double[ROWS][];
            double[][] transposed = transpose(jac[i]);
            for (int r = 0; r < ROWS; r++) {
                double[] v = Verifier.gaussian(random, y.length);
                System.arraycopy(v, 0, g[r], 0, v.length);
                want[r] = times(transposed, v);
                scale[r] = new double[] {rowScale(transposed, transpose(magnitude[i]), v)};
            }
            checkRows(failures, at + "cotangent rows of input " + i, methods.cotangent(i, inputs, y, copy(g), false), want, scale);
            if (i == 0 && layer.propagatesInPlace() && inputs[0].length == y.length) {
                checkRows(failures, at + "cotangent rows of input 0 in place", methods.cotangent(0, inputs, y, copy(g), true), want, scale);
            }
        }
    }

    private static int offset(double[][] inputs, int i) {
        int offset = 0;
        for (int k = 0; k < i; k++) {
            offset += inputs[k].length;
        }
        return offset;
    }

    private static void checkRows(List<String> failures, String what, double[][] got, double[][] want, double[][] scale) {
        for (int r = 0; r < want.length; r++) {
            check(failures, what + " [row " + r + "]", java.util.Arrays.copyOf(got[r], want[r].length), want[r], scale[r][0]);
        }
    }

    /** Records a failure when max|got − want| exceeds TOLERANCE × scale. */
    private static void check(List<String> failures, String what, double[] got, double[] want, double scale) {
        double diff = 0;
        for (int i = 0; i < want.length; i++) {
            double d = Math.abs(got[i] - want[i]);
            diff = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(diff, d);
        }
        double error = scale == 0 ? diff : diff / scale;
        if (error > TOLERANCE) {
            failures.add(what + ": error " + error + " (max difference " + diff + ", scale " + scale + ")");
        }
    }

    /**
     * The rounding scale of J·t: the largest Σⱼ|J_oj·t_j|, or 1e-3 of the same over the Jacobian's magnitude
     * when its terms cancel (see {@link Verifier}).
     */
    private static double rowScale(double[][] jac, double[][] magnitude, double[] t) {
        double scale = 0;
        double terms = 0;
        for (int o = 0; o < jac.length; o++) {
            double sum = 0;
            double magnitudeSum = 0;
            for (int j = 0; j < t.length; j++) {
                sum += Math.abs(jac[o][j] * t[j]);
                magnitudeSum += Math.abs(magnitude[o][j] * t[j]);
            }
            scale = Math.max(scale, sum);
            terms = Math.max(terms, magnitudeSum);
        }
        return Math.max(scale, 1e-3 * terms);
    }

    /** [J₀ | J₁ | …]: the Jacobian with respect to all inputs end to end. */
    private static double[][] sideBySide(double[][][] jac) {
        int rows = jac[0].length;
        int cols = 0;
        for (double[][] j : jac) {
            cols += j.length == 0 ? 0 : j[0].length;
        }
        double[][] full = new double[rows][cols];
        int offset = 0;
        for (double[][] j : jac) {
            for (int o = 0; o < rows; o++) {
                System.arraycopy(j[o], 0, full[o], offset, j[o].length);
            }
            offset += j[0].length;
        }
        return full;
    }

    private static double[] times(double[][] a, double[] v) {
        double[] out = new double[a.length];
        for (int o = 0; o < a.length; o++) {
            for (int j = 0; j < v.length; j++) {
                out[o] += a[o][j] * v[j];
            }
        }
        return out;
    }

    private static double[][] transpose(double[][] a) {
        int cols = a.length == 0 ? 0 : a[0].length;
        double[][] t = new double[cols][a.length];
        for (int o = 0; o < a.length; o++) {
            for (int j = 0; j < cols; j++) {
                t[j][o] = a[o][j];
            }
        }
        return t;
    }

    private static boolean isIdentity(double[][] a) {
        for (int o = 0; o < a.length; o++) {
            if (a[o].length != a.length) {
                return false;
            }
            for (int j = 0; j < a.length; j++) {
                if (a[o][j] != (o == j ? 1.0 : 0.0)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double maxAbs(double[][][] a) {
        double max = 0;
        for (double[][] m : a) {
            for (double[] row : m) {
                max = Math.max(max, Verifier.maxAbs(row));
            }
        }
        return max;
    }

    private static double[][] copy(double[][] rows) {
        double[][] c = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            c[r] = rows[r].clone();
        }
        return c;
    }
}
