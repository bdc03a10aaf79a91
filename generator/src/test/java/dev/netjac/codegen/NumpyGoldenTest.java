package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netjac.Netjac;
import dev.netjac.check.Verifier;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Activation;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.Layer;
import dev.netjac.runtime.Network;
import dev.netjac.spec.ReadOptions;
import dev.netjac.weights.Npy;
import dev.netjac.weights.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Small networks read through the spec reader (every activation, softmax, log_softmax, flatten, and every
 * weight-file form) against outputs and Jacobians computed independently in NumPy by
 * {@code src/test/resources/golden/make_golden.py}, which also checks its own numbers against 50-digit mpmath
 * and finite differences. See the README there for what each network covers.
 *
 * <p><b>Tolerance.</b> Per point and per quantity (y, J, and the rows/columns of J returned by vjp/jvp),
 * max|netjac − NumPy| ≤ 1e-12 · max(1, max|reference|). Both sides are float64 evaluations of the same
 * exactly-represented weights, differing only in summation order and in the last-ulp behaviour of exp,
 * erf, tanh, log1p: each step contributes a few ulps (~1e-16) of the magnitudes it handles, over at most
 * twelve layers of width ≤ 16 with O(1) weights, which bounds the difference at ~1e-14 of the largest
 * intermediate; the fixtures' own self-check finds the NumPy reference within 2.3e-15 of the exact value
 * (same normalization). The max(1, ·) floor makes the bound absolute for quantities below 1 (a saturated
 * softmax's Jacobian is small only because its terms cancel, not because its rounding errors are), and
 * relative above. No network needs a looser bound.
 */
class NumpyGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");
    static final double TOLERANCE = 1e-12;
    /** Fewer fixture folders than this means the folder was not found or not regenerated completely. */
    static final int EXPECTED_NETWORKS = 11;
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> networks() {
        try (Stream<Path> entries = Files.list(GOLDEN)) {
            List<String> names = entries.filter(dir -> Files.isRegularFile(dir.resolve("spec.json")))
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .toList();
            if (names.size() < EXPECTED_NETWORKS) {
                throw new IllegalStateException("expected at least " + EXPECTED_NETWORKS + " golden networks in "
                        + GOLDEN.toAbsolutePath() + ", found " + names);
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + GOLDEN.toAbsolutePath(), e);
        }
    }

    static Stream<Arguments> networksAndModes() {
        return networks().stream().flatMap(name -> Stream.of(
                Arguments.of(name, JacobianMode.REVERSE), Arguments.of(name, JacobianMode.FORWARD)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("networksAndModes")
    void matchesNumpyReference(String network, JacobianMode mode) {
        Path dir = GOLDEN.resolve(network);
        Network net = Netjac.load(dir.resolve("spec.json"), Netjac.Options.defaults().withJacobianMode(mode));
        Tensor xs = Npy.read(dir.resolve("x.npy"));
        Tensor ys = Npy.read(dir.resolve("y.npy"));
        Tensor jacs = Npy.read(dir.resolve("jac.npy"));
        int points = xs.dim(0);
        int n = net.inputSize();
        int m = net.outputSize();
        assertEquals(5, points, "points");
        assertArrayEquals(Arrays.copyOfRange(xs.shape(), 1, xs.rank()), net.inputShape(), "input shape");
        assertArrayEquals(new int[] {points, m}, ys.shape(), "y.npy shape");
        assertArrayEquals(new int[] {points, m, n}, jacs.shape(), "jac.npy shape");

        double[] allX = xs.toArray();
        double[] allY = ys.toArray();
        double[] allJ = jacs.toArray();
        double[] y = new double[m];
        double[] jac = new double[m * n];
        double[] row = new double[n];
        double[] column = new double[m];
        double worstY = 0;
        double worstJ = 0;
        double worstProducts = 0;
        for (int p = 0; p < points; p++) {
            double[] x = Arrays.copyOfRange(allX, p * n, (p + 1) * n);
            double[] yRef = Arrays.copyOfRange(allY, p * m, (p + 1) * m);
            double[] jRef = Arrays.copyOfRange(allJ, p * m * n, (p + 1) * m * n);
            String where = network + " " + mode + " point " + p;

            net.forward(x, y);
            double errForward = scaledError(y, yRef);
            Arrays.fill(y, Double.NaN);
            net.jacobian(x, y, jac);
            double errY = Math.max(errForward, scaledError(y, yRef));
            double errJ = scaledError(jac, jRef);

            // vjp with unit cotangents gives the rows of J, jvp with unit tangents its columns.
            double[] fromVjp = new double[m * n];
            double[] fromJvp = new double[m * n];
            for (int i = 0; i < m; i++) {
                double[] e = new double[m];
                e[i] = 1.0;
                net.vjp(x, e, row);
                System.arraycopy(row, 0, fromVjp, i * n, n);
            }
            for (int j = 0; j < n; j++) {
                double[] e = new double[n];
                e[j] = 1.0;
                net.jvp(x, e, column);
                for (int i = 0; i < m; i++) {
                    fromJvp[i * n + j] = column[i];
                }
            }
            double errProducts = Math.max(scaledError(fromVjp, jRef), scaledError(fromJvp, jRef));

            assertTrue(errY <= TOLERANCE, where + ": y off by " + errY + " (scaled)");
            assertTrue(errJ <= TOLERANCE, where + ": J off by " + errJ + " (scaled)");
            assertTrue(errProducts <= TOLERANCE, where + ": vjp/jvp off by " + errProducts + " (scaled)");
            worstY = Math.max(worstY, errY);
            worstJ = Math.max(worstJ, errJ);
            worstProducts = Math.max(worstProducts, errProducts);
        }
        System.out.printf("NumpyGoldenTest %-28s %-7s max scaled error: y %.2e  J %.2e  vjp/jvp %.2e%n",
                network, mode, worstY, worstJ, worstProducts);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("networksAndModes")
    void verifierPasses(String network, JacobianMode mode) {
        Path spec = GOLDEN.resolve(network).resolve("spec.json");
        Graph graph = Netjac.read(spec, ReadOptions.defaults());
        Network net = Netjac.load(spec, Netjac.Options.defaults().withJacobianMode(mode));
        Verifier.Report report = Verifier.check(graph, net, 3, network.hashCode());
        assertTrue(report.passed(), network + " " + mode + ": " + report);
    }

    /**
     * Guards the fixtures themselves: a regeneration that drops an activation, a layer kind or a weight form
     * fails here rather than silently shrinking what is tested.
     */
    @Test
    void fixturesCoverEveryActivationLayerKindAndWeightForm() throws IOException {
        Set<Activation> activations = EnumSet.noneOf(Activation.class);
        Set<String> kinds = new HashSet<>();
        Set<String> forms = new HashSet<>();
        for (String network : networks()) {
            Path dir = GOLDEN.resolve(network);
            Graph graph = Netjac.read(dir.resolve("spec.json"), ReadOptions.defaults());
            for (Layer layer : graph.layers()) {
                kinds.add(layer.getClass().getSimpleName());
                if (layer instanceof ActivationLayer a) {
                    activations.add(a.activation());
                    if (a.activation().hasAlpha() && a.alpha() != a.activation().defaultAlpha()) {
                        forms.add("alpha " + a.activation().specName());
                    }
                }
            }
            for (JsonNode layer : JSON.readTree(dir.resolve("spec.json").toFile()).get("layers")) {
                if (layer.has("kernel_layout")) {
                    forms.add("layout " + layer.get("kernel_layout").asText());
                }
                if (layer.has("use_bias") && !layer.get("use_bias").asBoolean()) {
                    forms.add("no bias");
                }
                for (String field : List.of("kernel", "bias")) {
                    if (layer.has(field)) {
                        forms.addAll(weightForms(dir, layer.get(field)));
                    }
                }
            }
        }
        // The Keras activations; the functions ONNX adds (erf onwards) are checked against mpmath in the runtime
        // (elements.csv) and as layers by the contract table.
        assertEquals(EnumSet.range(Activation.LINEAR, Activation.EXPONENTIAL), activations, "activations");
        assertEquals(Set.of("Dense", "ActivationLayer", "Softmax", "LogSoftmax", "Flatten"), kinds, "layer kinds");
        Set<String> missing = new HashSet<>(List.of(
                "alpha leaky_relu", "alpha elu", "layout out_in", "no bias", "inline",
                "npy <f4", "npy >f8", "npy <f2", "npy fortran", "npy {file}", "npz stored", "npz deflated",
                "safetensors F32", "safetensors F64", "safetensors F16", "safetensors BF16"));
        missing.removeAll(forms);
        assertTrue(missing.isEmpty(), "fixtures no longer cover " + missing + "; found " + forms);
    }

    /** Describes one weight reference: its form and, for files, the dtype/layout/compression they hold. */
    private static List<String> weightForms(Path dir, JsonNode ref) throws IOException {
        List<String> forms = new ArrayList<>();
        if (ref.isArray() || ref.isNumber()) {
            forms.add("inline");
        } else if (ref.isTextual() || (ref.isObject() && !ref.has("key") && !ref.has("tensor"))) {
            String file = ref.isTextual() ? ref.asText() : ref.get("file").asText();
            forms.add(ref.isTextual() ? "npy" : "npy {file}");
            byte[] bytes = Files.readAllBytes(dir.resolve(file));
            String header = new String(bytes, 0, Math.min(bytes.length, 256), StandardCharsets.ISO_8859_1);
            int descr = header.indexOf("'descr': '");
            forms.add("npy " + header.substring(descr + 10, header.indexOf('\'', descr + 10)));
            if (header.contains("'fortran_order': True")) {
                forms.add("npy fortran");
            }
        } else if (ref.has("key")) {
            try (ZipFile zip = new ZipFile(dir.resolve(ref.get("file").asText()).toFile())) {
                String key = ref.get("key").asText();
                ZipEntry entry = zip.getEntry(key.endsWith(".npy") ? key : key + ".npy");
                forms.add(entry.getMethod() == ZipEntry.DEFLATED ? "npz deflated" : "npz stored");
            }
        } else {
            byte[] bytes = Files.readAllBytes(dir.resolve(ref.get("file").asText()));
            long length = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            JsonNode header = JSON.readTree(new String(bytes, 8, (int) length, StandardCharsets.UTF_8));
            forms.add("safetensors " + header.get(ref.get("tensor").asText()).get("dtype").asText());
        }
        return forms;
    }

    /** max|a − ref| / max(1, max|ref|); infinite if a holds a NaN. */
    static double scaledError(double[] a, double[] ref) {
        double diff = 0;
        double scale = 1.0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - ref[i]);
            if (Double.isNaN(d)) {
                return Double.POSITIVE_INFINITY;
            }
            diff = Math.max(diff, d);
            scale = Math.max(scale, Math.abs(ref[i]));
        }
        return diff / scale;
    }
}
