package dev.netjac.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netjac.cli.NetjacCli;
import dev.netjac.weights.Npy;
import dev.netjac.weights.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netjac inspect|check|eval|generate} take a TF.js model.json wherever they take a spec. */
class TfjsCliTest {
    private static final Path MODEL = TfjsFixtureTest.FIXTURES.resolve("converter_functional/model.json");

    @TempDir
    Path dir;

    private static String[] run(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        int exit = NetjacCli.run(strings, new PrintWriter(out), new PrintWriter(err));
        return new String[] {String.valueOf(exit), out.toString(), err.toString()};
    }

    @Test
    void inspect() {
        String[] run = run("inspect", MODEL);
        assertEquals("0", run[0], run[2]);
        assertTrue(run[1].contains("dense"), run[1]);
    }

    @Test
    void check() {
        String[] run = run("check", "--points", 2, MODEL);
        assertEquals("0", run[0], run[2] + run[1]);
    }

    @Test
    void evalMatchesNumpy() throws IOException {
        JsonNode expected = new ObjectMapper().readTree(MODEL.resolveSibling("expected.json").toFile());
        double[] x = TfjsFixtureTest.doubles(expected.get("inputs").get(0));
        double[] want = TfjsFixtureTest.doubles(expected.get("outputs").get(0));
        Path xs = dir.resolve("x.npy");
        Path ys = dir.resolve("y.npy");
        Path js = dir.resolve("j.npy");
        Npy.write(xs, new int[] {x.length}, x);
        String[] run = run("eval", "--input", xs, "--output", ys, "--jacobian", js, MODEL);
        assertEquals("0", run[0], run[2]);
        Tensor y = Npy.read(ys);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], y.get(i), 1e-12);
        }
        assertEquals(want.length * x.length, Npy.read(js).size());
    }

    @Test
    void generateWritesTheClass() {
        Path out = dir.resolve("out");
        String[] gen = run("generate", "--out", out, MODEL);
        assertEquals("0", gen[0], gen[2] + gen[1]);
        try (var files = Files.walk(out)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("Model.java")), gen[1]);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void badShardIsOneLineOnStderr() throws IOException {
        Path copy = dir.resolve("model.json");
        Files.copy(MODEL, copy);
        String[] run = run("inspect", copy);
        assertEquals("2", run[0]);
        assertEquals(1, run[2].trim().split("\\R").length, run[2]);
        assertTrue(run[2].contains("shard \"weights.bin\" not found next to model.json"), run[2]);
    }
}
