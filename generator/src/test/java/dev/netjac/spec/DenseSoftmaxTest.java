package dev.netjac.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netjac.Netjac;
import dev.netjac.graph.Graph;
import dev.netjac.runtime.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code dense} with {@code "activation": "softmax"} or {@code "log_softmax"} means what it means in Keras: the
 * same as the dense layer followed by a layer of that type over the last axis. Checked three ways: the same
 * graph as the two-layer spec, the same numbers, and the same numbers as softmax(x·W + b) computed here.
 */
class DenseSoftmaxTest {
    @TempDir
    Path dir;

    private static final String KERNEL = "[[0.5, -1.0, 0.25], [1.5, 0.75, -0.5]]";
    private static final String BIAS = "[0.1, -0.2, 0.3]";
    private static final double[][] W = {{0.5, -1.0, 0.25}, {1.5, 0.75, -0.5}};
    private static final double[] B = {0.1, -0.2, 0.3};

    private Path spec(String name, String layers) throws IOException {
        Path p = dir.resolve(name + ".json");
        Files.writeString(p, ("{'netjac': 1, 'input': {'shape': [2]}, 'layers': [" + layers + "]}").replace('\'', '"'));
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"softmax", "log_softmax"})
    void denseWithSoftmaxActivationIsDenseThenSoftmax(String type) throws IOException {
        Path fused = spec("fused", "{'type': 'dense', 'units': 3, 'activation': '" + type + "', 'kernel': " + KERNEL
                + ", 'bias': " + BIAS + "}");
        Path split = spec("split", "{'type': 'dense', 'units': 3, 'kernel': " + KERNEL + ", 'bias': " + BIAS + "},"
                + " {'type': '" + type + "'}");
        Graph a = Netjac.read(fused, ReadOptions.defaults());
        Graph b = Netjac.read(split, ReadOptions.defaults());
        assertEquals(kinds(b), kinds(a));
        assertEquals(List.of("dense", type), kinds(a));
        Network na = Netjac.load(fused);
        Network nb = Netjac.load(split);
        Random random = new Random(7);
        for (int p = 0; p < 5; p++) {
            double[] x = {random.nextGaussian() * 2, random.nextGaussian() * 2};
            double[] ya = new double[3];
            double[] yb = new double[3];
            double[] ja = new double[6];
            double[] jb = new double[6];
            na.jacobian(x, ya, ja);
            nb.jacobian(x, yb, jb);
            assertArrayEquals(yb, ya);
            assertArrayEquals(jb, ja);
            double[] want = softmax(x, type.equals("log_softmax"));
            assertArrayEquals(want, ya, 1e-14);
        }
    }

    private static List<String> kinds(Graph graph) {
        return graph.layers().stream().map(l -> l.kind()).toList();
    }

    private static double[] softmax(double[] x, boolean log) {
        double[] z = new double[3];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < 3; j++) {
            z[j] = B[j] + x[0] * W[0][j] + x[1] * W[1][j];
            max = Math.max(max, z[j]);
        }
        double sum = 0;
        for (int j = 0; j < 3; j++) {
            sum += Math.exp(z[j] - max);
        }
        double[] y = new double[3];
        for (int j = 0; j < 3; j++) {
            y[j] = log ? z[j] - max - Math.log(sum) : Math.exp(z[j] - max) / sum;
        }
        return y;
    }
}
