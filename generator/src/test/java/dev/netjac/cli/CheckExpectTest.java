package dev.netjac.cli;

import static dev.netjac.cli.CliTest.assertBadInput;
import static dev.netjac.cli.CliTest.assertContains;
import static dev.netjac.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.cli.CliTest.Run;
import dev.netjac.weights.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netjac check --input --expect}: netjac against PyTorch's own outputs and Jacobians for the square MLP
 * of {@code samples/own-model} (made by its make_model.py). Its weights fit both kernel layouts, so only this
 * comparison tells a spec that forgot {@code "kernel_layout": "out_in"} from a right one.
 */
class CheckExpectTest {
    static final Path SAMPLE = Path.of("..", "samples", "own-model");

    @TempDir
    Path dir;

    @BeforeEach
    void copySample() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLE)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
    }

    private Run check(String spec, Object... more) {
        Object[] args = Stream.concat(Stream.of("check", dir.resolve(spec), "--input", dir.resolve("x.npy"),
                "--expect", dir.resolve("y.npy")), Stream.of(more)).toArray();
        return run(args);
    }

    private static double worst(String out, String what) {
        Matcher m = Pattern.compile(what + "\\s+worst error (\\S+)").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theRightLayoutAgreesWithPyTorch() {
        Run run = check("model.json", "--expect-jacobian", dir.resolve("j.npy"));
        assertEquals(0, run.exit(), run.out() + run.err());
        assertContains(run.out(), "at 5 inputs", "tolerance 1e-04");
        // Both are float64: agreement to rounding, far inside the tolerance.
        assertTrue(worst(run.out(), "outputs") < 1e-14, run.out());
        assertTrue(worst(run.out(), "jacobian") < 1e-14, run.out());
    }

    @Test
    void theForgottenLayoutPassesTheSelfCheckButNotTheComparison() throws IOException {
        Path spec = dir.resolve("model.json");
        Files.writeString(dir.resolve("forgot.json"), Files.readString(spec).replace(", \"kernel_layout\": \"out_in\"", ""));
        // netjac agrees with itself: the square weights read fine in the wrong layout.
        Run self = run("check", dir.resolve("forgot.json"), "-q");
        assertEquals(0, self.exit(), self.out());

        Run run = check("forgot.json", "--expect-jacobian", dir.resolve("j.npy"));
        assertEquals(NetjacCli.CHECK_FAILED, run.exit(), run.out() + run.err());
        assertContains(run.out(), "outputs   worst error", "at input row ", ", output ", "FAILED",
                "\"kernel_layout\": \"out_in\"");
        assertTrue(worst(run.out(), "outputs") > 0.1, run.out());
        assertTrue(worst(run.out(), "jacobian") > 0.01, run.out());
    }

    @Test
    void toleranceDecides() throws IOException {
        // One expected output moved by 1e-3 of the largest entry of its row: fails at 1e-4, passes at 1e-2.
        double[] y = Npy.read(dir.resolve("y.npy")).toArray();
        double rowMax = Math.max(1, Math.max(Math.abs(y[3]), Math.max(Math.abs(y[4]), Math.abs(y[5]))));
        y[4] += 1e-3 * rowMax;
        Npy.write(dir.resolve("y.npy"), new int[] {5, 3}, y);
        Run strict = check("model.json");
        assertEquals(NetjacCli.CHECK_FAILED, strict.exit(), strict.out());
        assertContains(strict.out(), "at input row 1, output 1");
        assertEquals(1e-3, worst(strict.out(), "outputs"), 1e-9);
        assertEquals(0, check("model.json", "--tolerance", "1e-2").exit());
    }

    @Test
    void expectedShapesAreChecked() {
        Npy.write(dir.resolve("bad.npy"), new int[] {4, 3}, new double[12]);
        String line = assertBadInput(run("check", dir.resolve("model.json"), "--input", dir.resolve("x.npy"),
                "--expect", dir.resolve("bad.npy")));
        assertContains(line, "bad.npy: expected outputs have shape (4, 3), expected 5 rows (the inputs' batch) of 3 values each (--expect)");
        assertContains(assertBadInput(check("model.json", "--expect-jacobian", dir.resolve("y.npy"))),
                "y.npy: expected Jacobians have shape (5, 3), expected 5 rows (the inputs' batch) of 9 values each (--expect-jacobian)");
        assertContains(assertBadInput(run("check", dir.resolve("model.json"), "--expect", dir.resolve("y.npy"))),
                "need --input X.npy");
        assertContains(assertBadInput(run("check", dir.resolve("model.json"), "--input", dir.resolve("x.npy"))),
                "--input needs --expect Y.npy");
    }

    @Test
    void nanInExpectedValuesFails() {
        double[] y = Npy.read(dir.resolve("y.npy")).toArray();
        y[7] = Double.NaN;
        Npy.write(dir.resolve("y.npy"), new int[] {5, 3}, y);
        Run run = check("model.json");
        assertEquals(NetjacCli.CHECK_FAILED, run.exit(), run.out());
        assertContains(run.out(), "worst error NaN at input row 2, output 1");
    }
}
