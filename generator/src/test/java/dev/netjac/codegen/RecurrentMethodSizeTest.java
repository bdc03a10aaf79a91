package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Activation;
import dev.netjac.layers.Gru;
import dev.netjac.layers.Layer;
import dev.netjac.layers.Lstm;
import dev.netjac.testing.ClassFiles;
import dev.netjac.testing.Javac;
import dev.netjac.testing.NormNetworks;
import dev.netjac.weights.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recurrent code loops over time steps with sizes as constants, so its methods do not grow with T or units:
 * checked on the javac bytecode of [1000, 8] → lstm(256, sequences) → gru(256, reset before) → dense 1, in
 * reverse and forward mode.
 */
class RecurrentMethodSizeTest {

    @Test
    void methodsOfALongWideRecurrentNetStaySmallEnoughToJit(@TempDir Path dir) throws Exception {
        int steps = 1000;
        int units = 256;
        int[] input = {steps, 8};
        Lstm lstm = new Lstm("lstm0", input, units, Activation.TANH, Activation.SIGMOID, constant(8, 4 * units),
                constant(units, 4 * units), constant(1, 4 * units), true, false);
        Gru gru = new Gru("gru1", lstm.outputShape(), units, Activation.TANH, Activation.HARD_SIGMOID, constant(units, 3 * units),
                constant(units, 3 * units), constant(1, 3 * units), null, false, false, true);
        List<Layer> layers = List.of(lstm, gru, NormNetworks.dense("dense2", gru.outputShape(), 1, true, new java.util.Random(1)));
        Graph graph = new Graph("LongRnn", "long-rnn", input, layers, JacobianMode.AUTO);
        List<GeneratedNetwork> classes = new ArrayList<>();
        for (JacobianMode mode : new JacobianMode[] {JacobianMode.REVERSE, JacobianMode.FORWARD}) {
            classes.add(Netjac.generate(graph, Netjac.Options.defaults().withClassName("LongRnn" + mode.name()).withJacobianMode(mode)));
        }
        Javac.compile(classes, dir).close();

        List<String> tooBig = new ArrayList<>();
        int largest = 0;
        try (Stream<Path> files = Files.walk(dir.resolve("classes"))) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                for (var entry : ClassFiles.codeSizes(Files.readAllBytes(file)).entrySet()) {
                    largest = Math.max(largest, entry.getValue());
                    if (entry.getValue() >= MethodSizeTest.HUGE_METHOD_LIMIT) {
                        tooBig.add(file.getFileName() + " " + entry.getKey() + ": " + entry.getValue() + " bytes");
                    }
                }
            }
        }
        System.out.println("RecurrentMethodSizeTest: largest generated method " + largest + " bytes of bytecode");
        assertTrue(tooBig.isEmpty(), "methods too large to JIT: " + tooBig);
        assertTrue(largest > 0);
    }

    /** Small distinct weights; only the sizes matter here. */
    private static Tensor constant(int rows, int cols) {
        double[] w = new double[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.01 * ((i % 7) - 3);
        }
        return rows == 1 ? Tensor.of(new int[] {cols}, w) : Tensor.of(new int[] {rows, cols}, w);
    }
}
