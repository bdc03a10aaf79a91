package dev.netjac.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.graph.Graph;
import dev.netjac.reference.ReferenceEvaluator;
import dev.netjac.spec.SpecReader;
import dev.netjac.weights.Npy;
import dev.netjac.weights.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code netjac} command line through {@link NetjacCli#run}: exit codes (0 ok, 2 bad input or usage),
 * what goes to stdout and stderr, and the files written. Runs in the generator module, so the seed sample is
 * at {@code ../samples/seed}.
 */
class CliTest {
    static final Path SEED_DIR = Path.of("..", "samples", "seed");
    static final Path SEED = SEED_DIR.resolve("scaled").resolve("seed.json");

    @TempDir
    Path dir;

    static Graph seed;

    @BeforeAll
    static void readSeed() {
        seed = SpecReader.read(SEED);
    }

    /** What one run of the CLI did. */
    record Run(int exit, String out, String err) {
        /** The error output's lines. */
        String[] errLines() {
            return err.isEmpty() ? new String[0] : err.split("\\R");
        }
    }

    static Run run(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] strings = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        int exit = NetjacCli.run(strings, new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    /** Asserts a bad-input exit: code 2, one line on stderr starting with "netjac: ", no stack trace. */
    static String assertBadInput(Run run) {
        assertEquals(2, run.exit(), "exit code; stderr: " + run.err() + " stdout: " + run.out());
        assertEquals(1, run.errLines().length, "expected one line on stderr, found: " + run.err());
        String line = run.errLines()[0];
        assertTrue(line.startsWith("netjac: "), line);
        assertFalse(run.err().contains("at dev.") || run.err().contains("Exception"), "stack trace or exception: " + run.err());
        return line;
    }

    /** Asserts a usage error: code 2 and a message on stderr (picocli adds a "Try ... --help" line). */
    static String assertUsageError(Run run) {
        assertEquals(2, run.exit(), "exit code; stderr: " + run.err());
        assertTrue(run.err().startsWith("netjac: "), run.err());
        assertTrue(run.err().contains("--help"), run.err());
        assertFalse(run.err().contains("at dev.") || run.err().contains("at picocli."), run.err());
        return run.err();
    }

    static void assertContains(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), "should contain [" + part + "]: " + text);
        }
    }

    // ---------------------------------------------------------------- inspect

    @Test
    void inspectShowsLayersParametersAndPlan() {
        Run run = run("inspect", SEED);
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());
        assertContains(run.out(), "ScaledSeedNet", "input      (500,)", "output     (10,)", "parameters 51,110",
                "jacobian   10 x 500", "reverse mode", "dense", "relu", "softmax", "50,100", "1,010");
    }

    @Test
    void inspectWithForcedForwardMode() {
        Run run = run("inspect", "--mode", "forward", SEED);
        assertEquals(0, run.exit(), run.err());
        assertContains(run.out(), "plan       forward mode");
        assertFalse(run.out().contains("reverse mode ("), run.out());
    }

    @Test
    void invalidModeIsBadInput() {
        String line = assertBadInput(run("inspect", "--mode", "sideways", SEED));
        assertContains(line, "--mode: expected auto, reverse, forward or mixed, found sideways");
    }

    // ---------------------------------------------------------------- check

    @Test
    void checkPasses() {
        Run run = run("check", "--points", 2, SEED);
        assertEquals(0, run.exit(), run.out() + run.err());
        assertContains(run.out(), "checked seed.json at 2 random inputs", "generated vs reference", "reference vs central FD", "ok");
        assertFalse(run.out().contains("FAILED"), run.out());
    }

    @Test
    void checkWithZeroPointsIsBadInput() {
        assertContains(assertBadInput(run("check", "--points", 0, SEED)), "--points: expected at least 1, found 0");
    }

    // ---------------------------------------------------------------- generate

    @Test
    void generateWritesSourceAndWeights() throws IOException {
        Path out = dir.resolve("src");
        Run run = run("generate", "--out", out, "--package", "com.example", "--class", "MyNet", SEED);
        assertEquals(0, run.exit(), run.err());
        Path source = out.resolve("com/example/MyNet.java");
        Path weights = out.resolve("com/example/MyNet.weights");
        assertTrue(Files.isRegularFile(source), "missing " + source);
        assertTrue(Files.isRegularFile(weights), "missing " + weights);
        String java = Files.readString(source);
        assertContains(java, "package com.example;", "public final class MyNet");
        assertTrue(Files.size(weights) >= 51_110L * 8, "weights resource of " + Files.size(weights) + " bytes");
        assertContains(run.out(), "wrote " + source, "wrote " + weights);
        try (Stream<Path> files = Files.list(out.resolve("com/example"))) {
            assertEquals(2, files.count(), "temporary files left behind");
        }
    }

    @Test
    void generateWithSeparateResourceRoot() {
        Path src = dir.resolve("java");
        Path res = dir.resolve("resources");
        Run run = run("generate", "--out", src, "--resources", res, "--package", "com.example", "--class", "MyNet", SEED);
        assertEquals(0, run.exit(), run.err());
        assertTrue(Files.isRegularFile(src.resolve("com/example/MyNet.java")));
        assertTrue(Files.isRegularFile(res.resolve("com/example/MyNet.weights")));
        assertFalse(Files.exists(src.resolve("com/example/MyNet.weights")));
    }

    @Test
    void generateWithDefaultNames() {
        Path out = dir.resolve("src");
        Run run = run("generate", "--out", out, SEED);
        assertEquals(0, run.exit(), run.err());
        assertTrue(Files.isRegularFile(out.resolve("dev/netjac/generated/ScaledSeedNet.java")), run.out());
    }

    @Test
    void generateWithInvalidClassName() {
        Path out = dir.resolve("src");
        String line = assertBadInput(run("generate", "--out", out, "--class", "my-net", SEED));
        assertContains(line, "netjac: --class: \"my-net\" is not a valid Java class name; expected ASCII letters");
        assertFalse(Files.exists(out), "nothing should be written");
    }

    @Test
    void generateWithInvalidPackageName() {
        Path out = dir.resolve("src");
        String line = assertBadInput(run("generate", "--out", out, "--package", "com.class", SEED));
        assertContains(line, "netjac: --package: \"com.class\" is not a valid Java package name");
        assertFalse(Files.exists(out), "nothing should be written");
    }

    @Test
    void classNameWithLineBreakStaysOnOneLine() {
        String line = assertBadInput(run("generate", "--out", dir.resolve("src"), "--class", "My\nNet", SEED));
        assertContains(line, "--class: \"My\\u000aNet\" is not a valid Java class name");
    }

    @Test
    void brokenSpecWritesNothing() throws IOException {
        Path model = dir.resolve("broken.json");
        Files.writeString(model, "{\"netjac\": 1, \"input\": {\"shape\": [4]}, \"layers\": [{\"type\": \"dense\", \"units\": 3}]}");
        Path out = dir.resolve("out");
        String line = assertBadInput(run("generate", "--out", out, model));
        assertContains(line, "netjac: " + model + ": layers[0] (dense): missing field 'kernel'");
        assertFalse(Files.exists(out), "nothing should be written to " + out);

        // The same with an existing, empty output folder: it stays empty.
        Files.createDirectories(out);
        assertBadInput(run("generate", "--out", out, model));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void failedRegenerationLeavesThePreviousOutputIntact() throws IOException {
        Path out = dir.resolve("src");
        Path spec = dir.resolve("net.json");
        Files.writeString(spec, "{\"netjac\": 1, \"name\": \"Net\", \"input\": {\"shape\": [2]}, \"layers\": ["
                + "{\"type\": \"dense\", \"units\": 2, \"kernel\": [[1, 2], [3, 4]], \"use_bias\": false}]}");
        assertEquals(0, run("generate", "--out", out, "--package", "p", spec).exit());
        Path source = out.resolve("p/Net.java");
        Path weights = out.resolve("p/Net.weights");
        byte[] sourceBefore = Files.readAllBytes(source);
        byte[] weightsBefore = Files.readAllBytes(weights);

        // The same model, now broken: the build-time output of the last good run must survive.
        Files.writeString(spec, "{\"netjac\": 1, \"name\": \"Net\", \"input\": {\"shape\": [2]}, \"layers\": ["
                + "{\"type\": \"dense\", \"units\": 2, \"kernel\": [[1, 2, 3], [3, 4, 5]], \"use_bias\": false}]}");
        assertContains(assertBadInput(run("generate", "--out", out, "--package", "p", spec)), "has shape (2, 3), expected (2, 2)");
        org.junit.jupiter.api.Assertions.assertArrayEquals(sourceBefore, Files.readAllBytes(source));
        org.junit.jupiter.api.Assertions.assertArrayEquals(weightsBefore, Files.readAllBytes(weights));
        try (Stream<Path> files = Files.list(out.resolve("p"))) {
            assertEquals(2, files.count(), "temporary files left behind");
        }
    }

    @Test
    void generateRefusesAnOutputThatIsAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        String line = assertBadInput(run("generate", "--out", file, SEED));
        assertEquals("netjac: " + file + ": expected a folder, found a file (--out)", line);
        assertEquals("x", Files.readString(file));
    }

    // ---------------------------------------------------------------- eval

    @Test
    void evalOneInput() {
        double[] x = input(new Random(1), 500);
        Path xs = dir.resolve("x.npy");
        Npy.write(xs, new int[] {500}, x);
        Path ys = dir.resolve("y.npy");
        Path js = dir.resolve("j.npy");
        Run run = run("eval", "--input", xs, "--output", ys, "--jacobian", js, SEED);
        assertEquals(0, run.exit(), run.err());
        Tensor y = Npy.read(ys);
        Tensor j = Npy.read(js);
        assertArrayEquals(new int[] {10}, y.shape());
        assertArrayEquals(new int[] {10, 500}, j.shape());
        ReferenceEvaluator reference = new ReferenceEvaluator(seed);
        assertClose(reference.forward(x), y.toArray());
        assertClose(reference.jacobianFlat(x), j.toArray());
    }

    @Test
    void evalBatch() {
        Random random = new Random(2);
        double[] all = input(random, 3 * 500);
        Path xs = dir.resolve("x.npy");
        Npy.write(xs, new int[] {3, 500}, all);
        Path ys = dir.resolve("y.npy");
        Path js = dir.resolve("j.npy");
        Run run = run("eval", "--input", xs, "--output", ys, "--jacobian", js, SEED);
        assertEquals(0, run.exit(), run.err());
        Tensor y = Npy.read(ys);
        Tensor j = Npy.read(js);
        assertArrayEquals(new int[] {3, 10}, y.shape());
        assertArrayEquals(new int[] {3, 10, 500}, j.shape());
        ReferenceEvaluator reference = new ReferenceEvaluator(seed);
        for (int b = 0; b < 3; b++) {
            double[] x = Arrays.copyOfRange(all, b * 500, (b + 1) * 500);
            assertClose(reference.forward(x), Arrays.copyOfRange(y.toArray(), b * 10, (b + 1) * 10));
            assertClose(reference.jacobianFlat(x), Arrays.copyOfRange(j.toArray(), b * 5000, (b + 1) * 5000));
        }
    }

    @Test
    void evalOutputsOnlyAndToStdout() {
        double[] x = input(new Random(3), 500);
        Path xs = dir.resolve("x.npy");
        Npy.write(xs, new int[] {500}, x);
        Path ys = dir.resolve("y.npy");
        Run run = run("eval", "--input", xs, "--output", ys, SEED);
        assertEquals(0, run.exit(), run.err());
        assertArrayEquals(new int[] {10}, Npy.read(ys).shape());

        Run printed = run("eval", "--input", xs, SEED);
        assertEquals(0, printed.exit(), printed.err());
        String[] values = printed.out().trim().split(" ");
        assertEquals(1, printed.out().trim().lines().count(), printed.out());
        assertEquals(10, values.length, printed.out());
        assertArrayEquals(Npy.read(ys).toArray(), Arrays.stream(values).mapToDouble(Double::parseDouble).toArray(), 0);
    }

    @Test
    void evalPrintsOneLinePerInputAndStillPrintsOutputsWithJacobian() {
        Path xs = dir.resolve("x.npy");
        Npy.write(xs, new int[] {4, 500}, input(new Random(5), 2000));
        Path js = dir.resolve("j.npy");
        Run run = run("eval", "--input", xs, "--jacobian", js, SEED);
        assertEquals(0, run.exit(), run.err());
        String[] lines = run.out().split("\\R");
        assertEquals(4, lines.length, run.out());
        ReferenceEvaluator reference = new ReferenceEvaluator(seed);
        double[] all = Npy.read(xs).toArray();
        for (int b = 0; b < 4; b++) {
            double[] printed = Arrays.stream(lines[b].split(" ")).mapToDouble(Double::parseDouble).toArray();
            assertClose(reference.forward(Arrays.copyOfRange(all, b * 500, (b + 1) * 500)), printed);
        }
        assertArrayEquals(new int[] {4, 10, 500}, Npy.read(js).shape());
    }

    @Test
    void evalRefusesExtensionsItDoesNotWrite() {
        Path xs = dir.resolve("x.npy");
        Npy.write(xs, new int[] {500}, new double[500]);
        assertEquals("netjac: " + dir.resolve("j.png") + ": --jacobian writes a .npy file, found a name ending in '.png'; name it like j.npy",
                assertBadInput(run("eval", "--input", xs, "--jacobian", dir.resolve("j.png"), SEED)));
        assertContains(assertBadInput(run("eval", "--input", xs, "--output", dir.resolve("y"), SEED)),
                "--output writes a .npy file, found a name ending in no extension; name it like y.npy");
        assertContains(assertBadInput(run("eval", "--input", xs, "--heatmap", dir.resolve("s.npy"), SEED)),
                "--heatmap writes a .png file");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "nothing written but x.npy");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void evalWarnsAboutNonFiniteInputRows() {
        Path xs = dir.resolve("x.npy");
        double[] x = input(new Random(6), 1500);
        x[500 + 7] = Double.NaN;
        x[1000 + 3] = Double.POSITIVE_INFINITY;
        Npy.write(xs, new int[] {3, 500}, x);
        Run run = run("eval", "-q", "--input", xs, SEED);
        assertEquals(0, run.exit(), run.err());
        assertEquals(3, run.out().trim().lines().count());
        String[] warnings = run.err().lines().filter(l -> !l.startsWith("WARNING: Using incubator")).toArray(String[]::new);
        assertArrayEquals(new String[] {
            "netjac: warning: " + xs + ": input row 1 holds NaN at index 7; its outputs are not meaningful",
            "netjac: warning: " + xs + ": input row 2 holds Infinity at index 3; its outputs are not meaningful"}, warnings);
    }

    @Test
    void evalWithWrongInputShape() {
        Path xs = dir.resolve("x.npy");
        Npy.write(xs, new int[] {499}, new double[499]);
        String line = assertBadInput(run("eval", "--input", xs, "--output", dir.resolve("y.npy"), SEED));
        assertContains(line, xs.toString(), "inputs have shape (499,)", "expected (500,) for one input or (B, 500) for a batch");
        assertFalse(Files.exists(dir.resolve("y.npy")));

        Npy.write(xs, new int[] {2, 3, 500}, new double[3000]);
        assertContains(assertBadInput(run("eval", "--input", xs, SEED)), "inputs have shape (2, 3, 500)");
    }

    @Test
    void evalWithMissingInputFile() {
        Path missing = dir.resolve("nope.npy");
        assertEquals("netjac: " + missing + ": file not found (--input)", assertBadInput(run("eval", "--input", missing, SEED)));
    }

    @Test
    void evalWithInputThatIsNotNpy() {
        String line = assertBadInput(run("eval", "--input", SEED, SEED));
        assertContains(line, "netjac: " + SEED + ": not a .npy file (bad magic bytes)", "(--input)");
    }

    @Test
    void evalIntoAMissingFolderFailsBeforeWorking() {
        Path xs = dir.resolve("x.npy");
        Npy.write(xs, new int[] {500}, new double[500]);
        Path y = dir.resolve("no").resolve("y.npy");
        String line = assertBadInput(run("eval", "--input", xs, "--output", y, SEED));
        assertEquals("netjac: " + y + ": cannot write: folder " + y.toAbsolutePath().getParent() + " not found (--output)", line);
        assertContains(assertBadInput(run("eval", "--input", xs, "--jacobian", dir, SEED)),
                dir + ": expected a file name, found a folder (--jacobian)");
    }

    @Test
    void evalWithoutInputIsUsageError() {
        assertContains(assertUsageError(run("eval", SEED)), "--input");
    }

    // ---------------------------------------------------------------- errors and usage

    @Test
    void missingModelFile() {
        Path model = dir.resolve("missing.json");
        Run run = run("inspect", model);
        String line = assertBadInput(run);
        assertEquals("netjac: " + model + ": file not found", line);
        assertEquals("", run.out());
    }

    @Test
    void verboseAddsTheStackTrace() {
        Run run = run("inspect", "--verbose", dir.resolve("missing.json"));
        assertEquals(2, run.exit());
        assertTrue(run.errLines()[0].startsWith("netjac: ") && run.errLines()[0].endsWith("missing.json: file not found"), run.err());
        assertContains(run.err(), "at dev.netjac.");
    }

    @Test
    void badSpecMessageIsTheReadersMessage() throws IOException {
        Path model = dir.resolve("bad.json");
        Files.writeString(model, "{\"netjac\": 2}");
        for (String command : new String[] {"inspect", "check", "eval", "generate"}) {
            Run run = switch (command) {
                case "eval" -> run(command, "--input", dir.resolve("x.npy"), model);
                case "generate" -> run(command, "--out", dir.resolve("out"), model);
                default -> run(command, model);
            };
            assertEquals("netjac: " + model + ": 'netjac': expected spec version 1, found 2", assertBadInput(run), command);
        }
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void unknownSubcommand() {
        assertContains(assertUsageError(run("compile", SEED)),
                "netjac: unknown command \"compile\", expected generate, inspect, check, eval, demo, view or help");
    }

    @Test
    void unknownWordBeforeACommandIsAnError() {
        // It used to be dropped: "netjac foo eval" complained about eval's missing MODEL instead.
        for (Run run : new Run[] {run("foo", "eval"), run("foo", "inspect", SEED), run("-q", "foo")}) {
            assertContains(assertUsageError(run), "netjac: unknown command \"foo\"");
        }
    }

    @Test
    void helpWordLikeGit() {
        Run help = run("help");
        assertEquals(0, help.exit(), help.err());
        assertContains(help.out(), "Usage: netjac", "eval", "check", "help");
        Run evalHelp = run("help", "eval");
        assertEquals(0, evalHelp.exit(), evalHelp.err());
        assertEquals(run("eval", "--help").out(), evalHelp.out());
        assertContains(evalHelp.out(), "Usage: netjac eval", "--input", "--jacobian");
        assertContains(run("help", "check").out(), "--expect", "--expect-jacobian", "--tolerance");
        assertEquals(2, run("help", "nope").exit());
    }

    @Test
    void noSubcommand() {
        assertContains(assertUsageError(run()), "missing command");
    }

    @Test
    void missingModelArgument() {
        assertContains(assertUsageError(run("inspect")), "MODEL");
    }

    @Test
    void unknownOption() {
        assertContains(assertUsageError(run("inspect", "--frobnicate", SEED)), "--frobnicate");
    }

    @Test
    void nonNumericPoints() {
        assertContains(assertUsageError(run("check", "--points", "many", SEED)), "many");
    }

    @Test
    void helpAndVersion() {
        Run help = run("--help");
        assertEquals(0, help.exit());
        assertContains(help.out(), "generate", "inspect", "check", "eval", "demo");
        Run version = run("--version");
        assertEquals(0, version.exit());
        assertContains(version.out(), "netjac ");
        Run subHelp = run("eval", "--help");
        assertEquals(0, subHelp.exit());
        assertContains(subHelp.out(), "--input", "--jacobian");
    }

    // ---------------------------------------------------------------- demo

    @Test
    void demoRunsAndPasses() {
        Path out = dir.resolve("demo");
        Run run = run("demo", "--samples", SEED_DIR, "--out", out);
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().startsWith("netjac demo: writing generated sources and pictures to " + out.toAbsolutePath().normalize()), run.out());
        assertContains(run.out(), "all checks passed", "scaled weights", "blog weights", "timing",
                "a Keras CNN saved by TensorFlow.js", "vs TensorFlow.js (float32), 3 inputs");
        assertFalse(run.out().contains("FAILED"), run.out());
    }

    @Test
    void demoWithMissingSamples() {
        assertContains(assertBadInput(run("demo", "--samples", dir.resolve("nowhere"), "--out", dir.resolve("demo"))),
                "nowhere: no such folder");
        assertContains(assertBadInput(run("demo", "--samples", dir, "--out", dir.resolve("demo"))),
                dir + ": expected the samples/seed folder, found no scaled/seed.json in it (--samples)");
        assertFalse(Files.exists(dir.resolve("demo")));
    }

    // ---------------------------------------------------------------- helpers

    /** Gaussian inputs; the scaled sample network is made for inputs of this size. */
    private static double[] input(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    /** Entrywise within 1e-12 relative to the largest entry of {@code expected} (and of each entry). */
    private static void assertClose(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            double tolerance = 1e-12 * Math.max(scale, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], tolerance, "entry " + i);
        }
    }
}
