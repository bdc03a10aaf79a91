package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.check.Verifier;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Activation;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.Conv1D;
import dev.netjac.layers.Conv2D;
import dev.netjac.layers.ConvPadding;
import dev.netjac.layers.Convolution;
import dev.netjac.layers.Flatten;
import dev.netjac.layers.Layer;
import dev.netjac.runtime.Network;
import dev.netjac.testing.Javac;
import dev.netjac.testing.RandomConvNetworks;
import dev.netjac.testing.RandomNetworks;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated classes with conv1d/conv2d layers (Janino in all three Jacobian modes, javac in one) against the
 * reference evaluator and central finite differences, via {@link Verifier#check}: 90 random small conv nets
 * (random sizes, kernels, strides, padding, dilation, bias, activations) and hand-picked edge cases
 * (1×1 kernel, 1×1 output, one input channel, one filter, a kernel larger than its input under same padding).
 */
class ConvDifferentialTest {
    static final int NETWORKS = 90;
    static final JacobianMode[] MODES = {JacobianMode.REVERSE, JacobianMode.FORWARD, JacobianMode.MIXED};

    @Test
    void randomConvNetworksAgreeWithReferenceAndFiniteDifferences(@TempDir Path dir) throws Exception {
        List<Graph> graphs = new ArrayList<>();
        for (int seed = 0; seed < NETWORKS; seed++) {
            graphs.add(RandomConvNetworks.create(seed));
        }
        graphs.addAll(edgeCases());
        Set<String> seen = new HashSet<>();
        for (Graph graph : graphs) {
            for (Layer layer : graph.layers()) {
                if (layer instanceof Convolution conv) {
                    seen.add(layer.kind() + ":" + conv.cols().padding().specName() + (conv.hasBias() ? "" : ":nobias"));
                    if (conv.cols().stride() > 1) {
                        seen.add(layer.kind() + ":strided");
                    }
                    if (conv.cols().dilation() > 1) {
                        seen.add(layer.kind() + ":dilated");
                    }
                }
            }
        }
        for (String expected : List.of("conv2d:valid", "conv2d:same", "conv2d:valid:nobias", "conv2d:same:nobias", "conv2d:strided",
                "conv2d:dilated", "conv1d:valid", "conv1d:same", "conv1d:causal", "conv1d:strided", "conv1d:dilated")) {
            assertTrue(seen.contains(expected), "random networks should cover " + expected + ", have " + seen);
        }

        List<String> failures = new ArrayList<>();
        double worstReference = 0;
        double worstFd = 0;
        List<GeneratedNetwork> forJavac = new ArrayList<>();
        for (int k = 0; k < graphs.size(); k++) {
            Graph graph = graphs.get(k);
            for (JacobianMode mode : MODES) {
                Network net = JaninoCompiler.instantiate(Netjac.generate(graph, Netjac.Options.defaults().withJacobianMode(mode)));
                Verifier.Report report = Verifier.check(graph, net, 2, k);
                worstReference = Math.max(worstReference, Math.max(report.jacobianError(), Math.max(report.forwardError(),
                        Math.max(report.vjpError(), report.jvpError()))));
                worstFd = Math.max(worstFd, report.fdError());
                if (!report.passed()) {
                    failures.add("janino " + mode + " " + graph.name() + ": " + report + "\n" + DifferentialTest.describe(graph));
                }
            }
            forJavac.add(Netjac.generate(graph, Netjac.Options.defaults().withClassName("ConvJavac" + k)
                    .withJacobianMode(MODES[k % MODES.length])));
        }
        try (URLClassLoader loader = Javac.compile(forJavac, dir)) {
            for (int k = 0; k < graphs.size(); k++) {
                Verifier.Report report = Verifier.check(graphs.get(k), Javac.instantiate(loader, forJavac.get(k)), 1, 1000 + k);
                worstReference = Math.max(worstReference, Math.max(report.jacobianError(), report.forwardError()));
                if (!report.passed()) {
                    failures.add("javac " + graphs.get(k).name() + ": " + report + "\n" + DifferentialTest.describe(graphs.get(k)));
                }
            }
        }
        System.out.printf("ConvDifferentialTest: %d networks x 3 modes; worst generated-vs-reference %.2e, worst FD %.2e%n",
                graphs.size(), worstReference, worstFd);
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
    }

    /** 1×1 kernels, 1×1 outputs, a single channel and filter, even kernels, a kernel larger than the input. */
    static List<Graph> edgeCases() {
        Random random = new Random(99);
        List<Graph> graphs = new ArrayList<>();
        int[] one = {1, 1};
        // 1x1 kernel on one channel, one filter.
        graphs.add(chain("EdgeOneByOne", new int[] {3, 4, 1},
                new Conv2D("conv2d0", new int[] {3, 4, 1}, RandomConvNetworks.kernel(new int[] {1, 1, 1, 1}, random), null, one, ConvPadding.VALID, one)));
        // Output 1x1: a 4x4 kernel on a 4x4 image, then relu and dense.
        Conv2D full = new Conv2D("conv2d0", new int[] {4, 4, 2}, RandomConvNetworks.kernel(new int[] {4, 4, 2, 3}, random),
                bias(3, random), one, ConvPadding.VALID, one);
        graphs.add(chain("EdgeOutputOneByOne", new int[] {4, 4, 2}, full,
                new ActivationLayer("relu1", full.outputShape(), Activation.RELU, Double.NaN)));
        // 1x1 input image with a 3x3 same kernel: only the centre tap is real.
        graphs.add(chain("EdgeOnePixel", new int[] {1, 1, 3},
                new Conv2D("conv2d0", new int[] {1, 1, 3}, RandomConvNetworks.kernel(new int[] {3, 3, 3, 2}, random), bias(2, random),
                        new int[] {2, 2}, ConvPadding.SAME, one)));
        // Even kernel, stride 2, same: asymmetric padding; then a second conv with dilation.
        Conv2D even = new Conv2D("conv2d0", new int[] {7, 6, 1}, RandomConvNetworks.kernel(new int[] {2, 4, 1, 3}, random), bias(3, random),
                new int[] {2, 2}, ConvPadding.SAME, one);
        Conv2D dilated = new Conv2D("conv2d2", even.outputShape(), RandomConvNetworks.kernel(new int[] {2, 2, 3, 2}, random), null,
                one, ConvPadding.SAME, new int[] {2, 2});
        graphs.add(chain("EdgeEvenThenDilated", new int[] {7, 6, 1}, even,
                new ActivationLayer("relu1", even.outputShape(), Activation.RELU, Double.NaN), dilated));
        // conv1d: one step in, causal with a 3-tap kernel; and a 1-tap kernel on one channel.
        graphs.add(chain("EdgeOneStepCausal", new int[] {1, 2},
                new Conv1D("conv1d0", new int[] {1, 2}, RandomConvNetworks.kernel(new int[] {3, 2, 2}, random), bias(2, random), 1,
                        ConvPadding.CAUSAL, 2)));
        graphs.add(chain("EdgeOneTap", new int[] {5, 1},
                new Conv1D("conv1d0", new int[] {5, 1}, RandomConvNetworks.kernel(new int[] {1, 1, 1}, random), null, 3,
                        ConvPadding.VALID, 1)));
        // A conv2d on a 1-row image uses the 1-D code path (its row axis is trivial).
        graphs.add(chain("EdgeOneRow", new int[] {1, 6, 2},
                new Conv2D("conv2d0", new int[] {1, 6, 2}, RandomConvNetworks.kernel(new int[] {1, 3, 2, 2}, random), bias(2, random),
                        new int[] {3, 2}, ConvPadding.SAME, new int[] {2, 1})));
        return graphs;
    }

    /** The layers, then flatten and a small dense layer, as one graph. */
    private static Graph chain(String name, int[] inputShape, Layer... layers) {
        List<Layer> all = new ArrayList<>(List.of(layers));
        Layer last = layers[layers.length - 1];
        Flatten flatten = new Flatten("flatten" + all.size(), last.outputShape());
        all.add(flatten);
        all.add(RandomNetworks.dense("dense" + all.size(), flatten.outputSize(), 3, new Random(name.hashCode())));
        Graph graph = new Graph(name, name, inputShape, all, JacobianMode.AUTO);
        assertEquals(name, graph.name());
        return graph;
    }

    private static dev.netjac.weights.Tensor bias(int n, Random random) {
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = 0.3 * random.nextGaussian();
        }
        return dev.netjac.weights.Tensor.of(new int[] {n}, b);
    }
}
