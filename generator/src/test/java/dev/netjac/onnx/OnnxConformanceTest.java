package dev.netjac.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netjac.onnx.proto.Onnx.ModelProto;
import dev.netjac.onnx.proto.Onnx.TensorProto;
import dev.netjac.weights.Npy;
import dev.netjac.weights.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX's own backend test data (Debian's libonnx-testdata): every case of data/pytorch-converted (but the three
 * the issue excludes) and data/pytorch-operator goes through {@code netjac eval model.onnx --input x.npy
 * --output y.npy} with the input batch-first as stored, and must match PyTorch's float32 output within 1e-5 of
 * its largest entry and pass {@code netjac check}; or be refused with a one-line message. The table (passed,
 * and refused with the reason) is printed and written to target/onnx-conformance.md; docs/onnx.md carries it.
 * Skipped (assumption) when the package is not installed.
 */
class OnnxConformanceTest {
    static final Path DATA = Path.of("/usr/share/libonnx-testdata/data");
    private static final Set<String> EXCLUDED = Set.of("test_Embedding", "test_Embedding_sparse",
            "test_PoissonNLLLLoss_no_reduce");
    /** Passing cases of pytorch-converted, as of this commit: fewer is a regression. */
    private static final int CONVERTED_FLOOR = 79;
    private static final double TOLERANCE = 1e-5;
    /** {@code check} builds the reference Jacobian densely; beyond this many entries it takes minutes. */
    private static final long MAX_CHECKED_JACOBIAN = 2_000_000;

    @TempDir
    Path dir;

    record Outcome(String suite, String name, boolean passed, String detail) {}

    @Test
    void pytorchConverted() throws IOException {
        List<Outcome> outcomes = run("pytorch-converted");
        long passed = outcomes.stream().filter(Outcome::passed).count();
        assertTrue(passed >= CONVERTED_FLOOR, passed + " passed, fewer than " + CONVERTED_FLOOR);
    }

    @Test
    void pytorchOperator() throws IOException {
        run("pytorch-operator");
    }

    /** The data/node cases of the operators netjac imports (one node each; inputs after the first bound as constants). */
    @Test
    
    void node() throws IOException {
        run("node");
    }

    private List<Outcome> run(String suite) throws IOException {
        Path root = DATA.resolve(suite);
        assumeTrue(Files.isDirectory(root), "libonnx-testdata is not installed (apt-get install libonnx-testdata)");
        List<Path> cases;
        try (Stream<Path> s = Files.list(root)) {
            cases = s.filter(p -> !EXCLUDED.contains(p.getFileName().toString()))
                    .filter(p -> !suite.equals("node") || importedOperator(p)).sorted().toList();
        }
        List<Outcome> outcomes = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (Path c : cases) {
            Outcome o = runCase(suite, c);
            outcomes.add(o);
            if (o.detail().startsWith("WRONG")) {
                wrong.add(o.name() + ": " + o.detail());
            }
        }
        StringBuilder table = new StringBuilder("| case | result |\n|---|---|\n");
        for (Outcome o : outcomes) {
            table.append("| ").append(o.name()).append(" | ").append(o.passed() ? "passed, " : "refused: ")
                    .append(o.detail().replace("|", "\\|")).append(" |\n");
        }
        long passed = outcomes.stream().filter(Outcome::passed).count();
        table.append("\n").append(suite).append(": ").append(passed).append(" of ").append(outcomes.size())
                .append(" passed\n");
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "onnx-conformance-" + suite + ".md"), table);
        assertEquals(List.of(), wrong, "cases that ran but disagree with PyTorch (or crashed)");
        return outcomes;
    }

    private Outcome runCase(String suite, Path c) throws IOException {
        String name = c.getFileName().toString();
        Path model = c.resolve("model.onnx");
        Path data = c.resolve("test_data_set_0");
        if (!Files.exists(data.resolve("input_0.pb"))) {
            return new Outcome(suite, name, false, "the model has no input to differentiate");
        }
        if (Files.exists(data.resolve("input_1.pb"))) {
            model = bindLaterInputs(model, data, name);
        }
        if (Files.exists(data.resolve("output_1.pb"))) {
            return new Outcome(suite, name, false, "the model has several outputs; netjac needs one");
        }
        Tensor x;
        Tensor want;
        try {
            x = tensor(data.resolve("input_0.pb"));
            want = tensor(data.resolve("output_0.pb"));
        } catch (dev.netjac.NetjacException e) {
            return new Outcome(suite, name, false, "test data netjac does not read: " + e.getMessage()
                    .replaceFirst("^.*\\.pb: ", ""));
        }
        Path xs = dir.resolve(name + ".x.npy");
        Path ys = dir.resolve(name + ".y.npy");
        Npy.write(xs, x.shape(), x.toArray());
        String[] eval = OnnxFixtureTest.cli("eval", "--input", xs, "--output", ys, model);
        if (!eval[0].equals("0")) {
            String message = eval[2].strip();
            boolean oneLine = !message.isEmpty() && !message.contains("\n\tat ") && !message.contains("Exception");
            String reason = message.replaceFirst("^.*?model\\.onnx: ", "");
            return new Outcome(suite, name, false, oneLine ? reason : "WRONG: not a one-line refusal: " + message);
        }
        Tensor y = Npy.read(ys);
        if (y.size() != want.size()) {
            return new Outcome(suite, name, false, "WRONG: " + y.size() + " outputs, expected " + want.size());
        }
        double error = OnnxFixtureTest.relativeError(want, y);
        if (!(error <= TOLERANCE)) {
            return new Outcome(suite, name, false, String.format("WRONG: outputs differ by %.1e of the largest", error));
        }
        long entries = (long) (x.size() / batch(x)) * (want.size() / batch(x));
        if (entries > MAX_CHECKED_JACOBIAN) {
            return new Outcome(suite, name, true, String.format("outputs within %.1e of the largest (check skipped: a %d-entry"
                    + " Jacobian)", error, entries));
        }
        String[] check = OnnxFixtureTest.cli("check", "--points", 1, model);
        if (!check[0].equals("0")) {
            return new Outcome(suite, name, false, "WRONG: check failed: " + (check[2] + check[1]).strip());
        }
        return new Outcome(suite, name, true, String.format("outputs within %.1e of the largest", error));
    }

    /** The model with inputs 1.. turned into initializers holding the test data set's values. */
    private Path bindLaterInputs(Path model, Path data, String name) throws IOException {
        ModelProto m = model(model);
        var graph = m.getGraph().toBuilder();
        java.util.Set<String> initialized = new java.util.HashSet<>();
        graph.getInitializerList().forEach(t -> initialized.add(t.getName()));
        List<dev.netjac.onnx.proto.Onnx.ValueInfoProto> inputs = graph.getInputList().stream()
                .filter(v -> !initialized.contains(v.getName())).toList();
        for (int i = 1; i < inputs.size(); i++) {
            try (InputStream in = Files.newInputStream(data.resolve("input_" + i + ".pb"))) {
                graph.addInitializer(TensorProto.parseFrom(in).toBuilder().setName(inputs.get(i).getName()));
            }
        }
        Path bound = dir.resolve(name + ".onnx");
        Files.write(bound, m.toBuilder().setGraph(graph).build().toByteArray());
        return bound;
    }

    /** A node case whose one node is an operator netjac imports. */
    private static boolean importedOperator(Path c) {
        try {
            ModelProto m = model(c.resolve("model.onnx"));
            return m.getGraph().getNodeCount() == 1
                    && OnnxOps.supported().contains(m.getGraph().getNode(0).getOpType());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static int batch(Tensor x) {
        return x.rank() > 1 ? x.dim(0) : 1;
    }

    static Tensor tensor(Path pb) throws IOException {
        try (InputStream in = Files.newInputStream(pb)) {
            TensorProto t = TensorProto.parseFrom(in);
            return OnnxTensors.decode(t, pb.toString(), (w, l, o, n) -> {
                throw new IllegalStateException("external data in test data");
            });
        }
    }

    static ModelProto model(Path onnx) throws IOException {
        try (InputStream in = Files.newInputStream(onnx)) {
            return ModelProto.parseFrom(in);
        }
    }
}
