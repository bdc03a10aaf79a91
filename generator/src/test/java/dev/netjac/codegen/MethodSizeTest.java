package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Activation;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.Layer;
import dev.netjac.testing.Javac;
import dev.netjac.testing.RandomNetworks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every generated method stays under HotSpot's 8,000-byte JIT limit (-XX:-DontCompileHugeMethods), however
 * deep or wide the network: checked on the compiled bytecode of the deepest network the limits allow and a wide one.
 */
class MethodSizeTest {
    static final int HUGE_METHOD_LIMIT = 8000;

    @Test
    void everyMethodIsSmallEnoughToJit(@TempDir Path dir) throws Exception {
        Random random = new Random(3);
        List<Layer> deep = new ArrayList<>();
        // Limits.MAX_LAYERS layers: the deepest network a spec may describe.
        for (int k = 0; k < dev.netjac.spec.Limits.MAX_LAYERS / 2; k++) {
            deep.add(RandomNetworks.dense("dense" + (2 * k), 16, 16, random));
            deep.add(new ActivationLayer("tanh" + (2 * k + 1), new int[] {16}, Activation.TANH, Double.NaN));
        }
        Graph deepGraph = new Graph("Deep", "deep", new int[] {16}, deep, JacobianMode.AUTO);
        Graph wide = new Graph("Wide", "wide", new int[] {784},
                List.of(RandomNetworks.dense("dense0", 784, 512, random),
                        new ActivationLayer("relu1", new int[] {512}, Activation.RELU, Double.NaN),
                        RandomNetworks.dense("dense2", 512, 10, random)), JacobianMode.AUTO);
        List<GeneratedNetwork> classes = List.of(
                Netjac.generate(deepGraph, Netjac.Options.defaults().withClassName("Deep").withJacobianMode(JacobianMode.REVERSE)),
                Netjac.generate(deepGraph, Netjac.Options.defaults().withClassName("DeepForward").withJacobianMode(JacobianMode.FORWARD)),
                Netjac.generate(deepGraph, Netjac.Options.defaults().withClassName("DeepMixed").withJacobianMode(JacobianMode.MIXED)),
                Netjac.generate(wide, Netjac.Options.defaults().withClassName("Wide")));
        Javac.compile(classes, dir).close();

        List<String> tooBig = new ArrayList<>();
        int[] largest = {0};
        try (Stream<Path> files = Files.walk(dir.resolve("classes"))) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                for (var entry : codeSizes(Files.readAllBytes(file)).entrySet()) {
                    largest[0] = Math.max(largest[0], entry.getValue());
                    if (entry.getValue() >= HUGE_METHOD_LIMIT) {
                        tooBig.add(file.getFileName() + " " + entry.getKey() + ": " + entry.getValue() + " bytes");
                    }
                }
            }
        }
        System.out.println("MethodSizeTest: largest generated method " + largest[0] + " bytes of bytecode");
        assertTrue(tooBig.isEmpty(), "methods too large to JIT: " + tooBig);
        assertTrue(largest[0] > 0);
    }

    static java.util.Map<String, Integer> codeSizes(byte[] classFile) throws java.io.IOException {
        return dev.netjac.testing.ClassFiles.codeSizes(classFile);
    }
}
