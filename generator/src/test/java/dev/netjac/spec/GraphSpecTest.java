package dev.netjac.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.NetjacException;
import dev.netjac.check.Verifier;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.runtime.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spec's graph form: named layers with {@code inputs}, and the merge layers. */
class GraphSpecTest {
    @TempDir
    Path dir;

    private static final String W = "\"kernel\": [[1.0, 2.0], [3.0, -1.0]], \"bias\": [0.5, -0.5]";

    private Path spec(String input, String layers) throws Exception {
        Path file = dir.resolve("net.json");
        Files.writeString(file, "{\"netjac\": 1, \"input\": " + input + ", \"layers\": [" + layers + "]}");
        return file;
    }

    private Path spec(String layers) throws Exception {
        return spec("{\"shape\": [2]}", layers);
    }

    private String error(String layers) throws Exception {
        Path file = spec(layers);
        return assertThrows(NetjacException.class, () -> Netjac.read(file, ReadOptions.defaults())).getMessage();
    }

    /** a = tanh(xW + b); s = a + (aW + b); y = sum(concat(x, s)). */
    private static final String RESIDUAL = "{\"type\": \"dense\", \"name\": \"a\", \"units\": 2, " + W + ", \"activation\": \"tanh\"},"
            + "{\"type\": \"dense\", \"name\": \"b\", \"units\": 2, " + W + "},"
            + "{\"type\": \"add\", \"name\": \"s\", \"inputs\": [\"a\", \"b\"]},"
            + "{\"type\": \"concatenate\", \"inputs\": [\"input\", \"s\"]},"
            + "{\"type\": \"dense\", \"units\": 1, \"kernel\": [[1.0], [1.0], [1.0], [1.0]], \"bias\": [0.0]}";

    @Test
    void residualSpecComputesWhatItSays() throws Exception {
        Graph graph = Netjac.read(spec(RESIDUAL), ReadOptions.defaults());
        assertFalse(graph.isChain());
        double[] x = {0.3, -0.7};
        double[] a = {Math.tanh(x[0] * 1 + x[1] * 3 + 0.5), Math.tanh(x[0] * 2 - x[1] * 1 - 0.5)};
        double[] s = {a[0] + (a[0] * 1 + a[1] * 3 + 0.5), a[1] + (a[0] * 2 - a[1] * 1 - 0.5)};
        double expected = x[0] + x[1] + s[0] + s[1];
        for (JacobianMode mode : new JacobianMode[] {JacobianMode.REVERSE, JacobianMode.FORWARD, JacobianMode.MIXED}) {
            Network network = JaninoCompiler.instantiate(Netjac.generate(graph, Netjac.Options.defaults().withJacobianMode(mode)));
            double[] y = new double[1];
            network.forward(x, y);
            assertEquals(expected, y[0], 1e-15);
            assertTrue(Verifier.check(graph, network, 3, 7).passed(), mode.toString());
        }
    }

    @Test
    void theInputCanBeRenamedAndReadTwice() throws Exception {
        Graph graph = Netjac.read(spec("{\"shape\": [2], \"name\": \"x\"}",
                "{\"type\": \"multiply\", \"inputs\": [\"x\", \"x\"]}"), ReadOptions.defaults());
        Network network = Netjac.load(dir.resolve("net.json"));
        double[] jac = new double[4];
        network.jacobian(new double[] {3, -2}, new double[2], jac);
        assertArrayEquals(new double[] {6, 0, 0, -4}, jac, 0.0);
        assertEquals(1, graph.layers().size());
    }

    @Test
    void subtractAndConcatenateOnTheFirstAxis() throws Exception {
        Path file = spec("{\"shape\": [2, 3]}",
                "{\"type\": \"tanh\", \"name\": \"t\"},"
                        + "{\"type\": \"subtract\", \"name\": \"d\", \"inputs\": [\"input\", \"t\"]},"
                        + "{\"type\": \"concatenate\", \"axis\": 0, \"inputs\": [\"d\", \"t\"]},"
                        + "{\"type\": \"flatten\"}");
        Graph graph = Netjac.read(file, ReadOptions.defaults());
        assertArrayEquals(new int[] {12}, graph.outputShape());
        Network network = Netjac.load(file);
        double[] x = {0.1, 0.2, 0.3, -0.4, -0.5, -0.6};
        double[] y = new double[12];
        network.forward(x, y);
        for (int j = 0; j < 6; j++) {
            assertEquals(x[j] - Math.tanh(x[j]), y[j], 1e-16);
            assertEquals(Math.tanh(x[j]), y[6 + j], 1e-16);
        }
        assertTrue(Verifier.check(graph, network, 2, 3).passed());
    }

    @Test
    void errorsNameTheLayerAndWhatWasExpected() throws Exception {
        assertEquals(dir.resolve("net.json") + ": layers[1] (add): 'inputs'[1]: no earlier layer is named \"zzz\"; a layer reads"
                        + " the input (\"input\") or layers listed before it",
                error("{\"type\": \"tanh\", \"name\": \"a\"}, {\"type\": \"add\", \"inputs\": [\"a\", \"zzz\"]}"));
        assertTrue(error("{\"type\": \"tanh\", \"name\": \"a\"}, {\"type\": \"add\", \"inputs\": [\"a\", \"ab\"]}")
                .contains("no earlier layer is named \"ab\" (did you mean 'a'?)"));
        assertEquals(dir.resolve("net.json") + ": layers[0] (add): add merges two or more inputs; list them in \"inputs\", found none",
                error("{\"type\": \"add\"}"));
        assertEquals(dir.resolve("net.json") + ": layers[1] (tanh): 'inputs': tanh reads one input, found 2",
                error("{\"type\": \"relu\", \"name\": \"a\"}, {\"type\": \"tanh\", \"inputs\": [\"a\", \"input\"]}"));
        assertEquals(dir.resolve("net.json") + ": layers[0] (tanh \"a\"): its output is not read by any later layer and is not"
                        + " the model's output (the last layer); list it in a later layer's \"inputs\" or remove it",
                error("{\"type\": \"tanh\", \"name\": \"a\"}, {\"type\": \"relu\", \"inputs\": [\"input\"]}"));
        assertEquals(dir.resolve("net.json") + ": layers[1] (add): add needs inputs of one shape, found (2,) and (3,)",
                error("{\"type\": \"dense\", \"name\": \"a\", \"units\": 3, \"kernel\": [[1, 2, 3], [4, 5, 6]], \"use_bias\": false},"
                        + " {\"type\": \"add\", \"inputs\": [\"input\", \"a\"]}"));
        assertTrue(error("{\"type\": \"dense\", \"name\": \"a\", \"units\": 3, \"kernel\": [[1, 2, 3], [4, 5, 6]], \"use_bias\": false},"
                        + " {\"type\": \"concatenate\", \"axis\": 1, \"inputs\": [\"input\", \"a\"]}")
                .endsWith("'axis': expected an integer in [-1, 0], found 1"), "axis out of range");
        assertTrue(error("{\"type\": \"relu\", \"name\": \"input\"}").endsWith("layer name \"input\" is the input's name; layer names"
                + " must differ from it"));
        assertTrue(error("{\"type\": \"relu\", \"name\": \"a\"}, {\"type\": \"add\", \"inputs\": [\"a\", 3]}")
                .endsWith("'inputs'[1]: expected a layer name, found 3"));
        assertTrue(error("{\"type\": \"add\", \"inputs\": [\"input\", \"input\"], \"axis\": 0}").contains("unknown field \"axis\""));
    }
}
