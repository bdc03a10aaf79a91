package dev.netjac.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.cli.NetjacCli;
import dev.netjac.weights.Npy;
import dev.netjac.weights.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The models of samples/onnx-fixtures (exported by torch 1.13 with make_fixtures.py, float32 and float64, opsets
 * 13 and 17) through {@code netjac eval} exactly as a user runs it: batch-first inputs, outputs and Jacobians
 * against torch's float64 outputs and autograd Jacobians, within 1e-9 of the largest entry.
 */
class OnnxFixtureTest {
    static final Path FIXTURES = Path.of("..", "samples", "onnx-fixtures");
    private static final double TOLERANCE = 1e-9;

    @TempDir
    Path dir;

    static Stream<String> models() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".onnx"))
                    .map(n -> n.substring(0, n.length() - ".onnx".length())).sorted().toList();
            assertTrue(names.size() >= 12, "fixtures missing: " + names);
            return names.stream();
        }
    }

    static String[] cli(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        int exit = NetjacCli.run(strings, new PrintWriter(out), new PrintWriter(err));
        return new String[] {String.valueOf(exit), out.toString(), err.toString()};
    }

    @ParameterizedTest
    @MethodSource("models")
    void evalMatchesTorch(String name) throws IOException {
        Path model = FIXTURES.resolve(name + ".onnx");
        Path ys = dir.resolve("y.npy");
        Path js = dir.resolve("j.npy");
        String[] run = cli("eval", "--input", FIXTURES.resolve(name + ".x.npy"), "--output", ys, "--jacobian", js, model);
        assertEquals("0", run[0], run[2] + run[1]);
        Tensor wantY = Npy.read(FIXTURES.resolve(name + ".y.npy"));
        Tensor wantJ = Npy.read(FIXTURES.resolve(name + ".J.npy"));
        Tensor y = Npy.read(ys);
        Tensor j = Npy.read(js);
        assertArrayEquals(wantY.shape(), y.shape());
        assertArrayEquals(wantJ.shape(), j.shape());
        double ey = relativeError(wantY, y);
        double ej = relativeError(wantJ, j);
        System.out.printf("%-32s outputs %.1e, Jacobian %.1e (relative to the largest entry)%n", name, ey, ej);
        assertTrue(ey <= TOLERANCE, name + ": outputs differ by " + ey);
        assertTrue(ej <= TOLERANCE, name + ": Jacobians differ by " + ej);
    }

    @ParameterizedTest
    @MethodSource("models")
    void checkPasses(String name) {
        String[] run = cli("check", "--points", 2, FIXTURES.resolve(name + ".onnx"));
        assertEquals("0", run[0], run[2] + run[1]);
    }

    /** max |a - b| / max |a|. */
    /**
     * The largest difference relative to the largest expected entry. A NaN expected (sqrt or log of a negative
     * input) must be NaN in {@code got} too; a NaN anywhere else is an infinite error.
     */
    static double relativeError(Tensor want, Tensor got) {
        double scale = 0;
        double error = 0;
        for (int i = 0; i < want.size(); i++) {
            double w = want.get(i);
            double g = got.get(i);
            if (Double.isNaN(w) || Double.isNaN(g)) {
                if (Double.isNaN(w) != Double.isNaN(g)) {
                    return Double.POSITIVE_INFINITY;
                }
                continue;
            }
            scale = Math.max(scale, Math.abs(w));
            error = Math.max(error, Math.abs(w - g));
        }
        return error / Math.max(scale, Double.MIN_NORMAL);
    }
}
