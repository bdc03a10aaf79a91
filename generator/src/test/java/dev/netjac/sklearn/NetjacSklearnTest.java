package dev.netjac.sklearn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netjac.Netjac;
import dev.netjac.check.Verifier;
import dev.netjac.graph.Graph;
import dev.netjac.runtime.Network;
import dev.netjac.spec.ReadOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code tools/netjac-sklearn} on the pickles of {@code src/test/resources/sklearn} (made by
 * {@code samples/sklearn-fixtures/make_fixtures.py}): the spec it writes, compiled by netjac, reproduces
 * scikit-learn's own float64 predict / predict_proba within 1e-9, and its Jacobian agrees with central finite
 * differences of its forward pass. Skipped when /usr/bin/python3 cannot import scikit-learn (CI installs it).
 */
class NetjacSklearnTest {
    static final Path FIXTURES = Path.of("src/test/resources/sklearn");
    static final Path TOOL = Path.of("../tools/netjac-sklearn");
    static final String PYTHON = "/usr/bin/python3";
    static final double TOLERANCE = 1e-9;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Run(int exit, String stdout, String stderr) {}

    @BeforeAll
    static void needsScikitLearn() throws Exception {
        boolean available;
        try {
            available = run(List.of(PYTHON, "-c", "import sklearn, numpy")).exit() == 0;
        } catch (IOException e) {
            available = false;
        }
        assumeTrue(available, PYTHON + " cannot import scikit-learn (apt-get install python3-sklearn)");
    }

    static Run run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("netjac-sklearn", ".out");
        Path err = Files.createTempFile("netjac-sklearn", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private Run convert(Path model, Path out) throws Exception {
        return run(List.of(PYTHON, TOOL.toString(), model.toString(), "--out", out.toString()));
    }

    private static Path model(String name) {
        Path pkl = FIXTURES.resolve(name).resolve("model.pkl");
        return Files.exists(pkl) ? pkl : FIXTURES.resolve(name).resolve("model.joblib");
    }

    @ParameterizedTest
    @CsvSource({"digits_pipeline, 10", "binary_classifier, 2", "regressor, 2", "standard_scaler_regressor, 1",
            "scalers_classifier, 3"})
    void specReproducesScikitLearnAndFiniteDifferences(String name, int outputs) throws Exception {
        Path out = dir.resolve(name);
        Run r = convert(model(name), out);
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().contains("wrote " + out.resolve("spec.json")), r.stdout());
        Graph graph = Netjac.read(out.resolve("spec.json"), ReadOptions.defaults());
        Network network = Netjac.load(out.resolve("spec.json"));
        assertEquals(outputs, network.outputSize());
        JsonNode expected = JSON.readTree(FIXTURES.resolve(name).resolve("expected.json").toFile());
        double worst = 0;
        double worstFd = 0;
        for (int p = 0; p < expected.get("x").size(); p++) {
            double[] x = doubles(expected.get("x").get(p));
            double[] want = doubles(expected.get("y").get(p));
            double[] y = new double[outputs];
            double[] jac = new double[outputs * x.length];
            network.jacobian(x, y, jac);
            for (int i = 0; i < outputs; i++) {
                worst = Math.max(worst, Math.abs(y[i] - want[i]));
            }
            worstFd = Math.max(worstFd, centralDifferenceError(network, x, jac));
        }
        System.out.printf("netjac-sklearn %s: worst |netjac - sklearn| = %.3g, worst |J - central FD| = %.3g%n",
                name, worst, worstFd);
        assertTrue(worst <= TOLERANCE, name + ": worst error against scikit-learn " + worst);
        assertTrue(worstFd <= 1e-6, name + ": Jacobian against central differences " + worstFd);
        Verifier.Report report = Verifier.check(graph, network, 2, 42);
        assertTrue(report.passed(), name + ": " + report);
    }

    /** max |J - (f(x + h e_j) - f(x - h e_j)) / 2h| / max(1, |J|) over all entries, h = 1e-6 · max(1, |x_j|). */
    private static double centralDifferenceError(Network network, double[] x, double[] jac) {
        int m = network.outputSize();
        int n = x.length;
        double[] plus = new double[m];
        double[] minus = new double[m];
        double worst = 0;
        double scale = 1;
        for (double v : jac) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int j = 0; j < n; j++) {
            double h = 1e-6 * Math.max(1, Math.abs(x[j]));
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[j] += h;
            xm[j] -= h;
            network.forward(xp, plus);
            network.forward(xm, minus);
            for (int i = 0; i < m; i++) {
                double fd = (plus[i] - minus[i]) / (xp[j] - xm[j]);
                worst = Math.max(worst, Math.abs(fd - jac[i * n + j]) / scale);
            }
        }
        return worst;
    }

    @Test
    void digitsAccuracyIsRecorded() throws IOException {
        JsonNode expected = JSON.readTree(FIXTURES.resolve("digits_pipeline").resolve("expected.json").toFile());
        assertTrue(expected.get("test_accuracy").asDouble() > 0.9, "the digits model is a real classifier");
    }

    @Test
    void otherStepsAndModelsAreRefusedNamingTheirClass() throws Exception {
        Run pca = convert(model("refused_pca"), dir.resolve("pca"));
        assertEquals(1, pca.exit());
        assertTrue(pca.stderr().contains("step 'pca' is a PCA; netjac-sklearn converts StandardScaler, MinMaxScaler,"
                + " MaxAbsScaler steps followed by MLPClassifier or MLPRegressor"), pca.stderr());
        assertTrue(!Files.exists(dir.resolve("pca").resolve("spec.json")), "nothing written");
        Run logistic = convert(model("refused_logistic"), dir.resolve("logistic"));
        assertEquals(1, logistic.exit());
        assertTrue(logistic.stderr().contains("the model is a LogisticRegression"), logistic.stderr());
    }

    @Test
    void helpSaysWhatItConvertsAndWarnsAboutPickles() throws Exception {
        Run help = run(List.of(PYTHON, TOOL.toString(), "--help"));
        assertEquals(0, help.exit());
        String text = help.stdout().replaceAll("\\s+", " ");
        assertTrue(text.contains("MLPClassifier") && text.contains("--out DIR") && text.contains("unpickling runs code"), text);
    }

    @Test
    void aFileThatIsNoPickleIsAOneLineError() throws Exception {
        Path bad = dir.resolve("bad.pkl");
        Files.writeString(bad, "not a pickle");
        Run r = convert(bad, dir.resolve("bad"));
        assertEquals(1, r.exit());
        assertTrue(r.stderr().startsWith("netjac-sklearn: " + bad + ": cannot load"), r.stderr());
        assertEquals(1, r.stderr().strip().split("\n").length, r.stderr());
    }

    static double[] doubles(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(v -> values.add(v.doubleValue()));
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
