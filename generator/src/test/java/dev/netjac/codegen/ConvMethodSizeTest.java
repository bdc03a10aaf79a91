package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Activation;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.Conv2D;
import dev.netjac.layers.ConvPadding;
import dev.netjac.layers.Flatten;
import dev.netjac.layers.Layer;
import dev.netjac.testing.ClassFiles;
import dev.netjac.testing.Javac;
import dev.netjac.testing.RandomConvNetworks;
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
 * Convolution code is loops with sizes baked in, so its methods stay small whatever the image size: checked on
 * the compiled bytecode of 28×28×1 → conv(8, 3×3) → relu → conv(16, 3×3, stride 2) → flatten → dense 10, in
 * every Jacobian mode.
 */
class ConvMethodSizeTest {

    @Test
    void everyMethodOfAnMnistConvNetIsSmallEnoughToJit(@TempDir Path dir) throws Exception {
        Random random = new Random(5);
        int[] one = {1, 1};
        Conv2D first = new Conv2D("conv2d0", new int[] {28, 28, 1}, RandomConvNetworks.kernel(new int[] {3, 3, 1, 8}, random),
                null, one, ConvPadding.SAME, one);
        Conv2D second = new Conv2D("conv2d2", first.outputShape(), RandomConvNetworks.kernel(new int[] {3, 3, 8, 16}, random),
                null, new int[] {2, 2}, ConvPadding.VALID, one);
        Flatten flatten = new Flatten("flatten3", second.outputShape());
        List<Layer> layers = List.of(first, new ActivationLayer("relu1", first.outputShape(), Activation.RELU, Double.NaN), second,
                flatten, RandomNetworks.dense("dense4", flatten.outputSize(), 10, random));
        Graph graph = new Graph("MnistConv", "mnist-conv", new int[] {28, 28, 1}, layers, JacobianMode.AUTO);
        List<GeneratedNetwork> classes = new ArrayList<>();
        for (JacobianMode mode : new JacobianMode[] {JacobianMode.REVERSE, JacobianMode.FORWARD, JacobianMode.MIXED}) {
            classes.add(Netjac.generate(graph, Netjac.Options.defaults().withClassName("MnistConv" + mode.name()).withJacobianMode(mode)));
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
        System.out.println("ConvMethodSizeTest: largest generated method " + largest + " bytes of bytecode");
        assertTrue(tooBig.isEmpty(), "methods too large to JIT: " + tooBig);
        assertTrue(largest > 0);
    }
}
