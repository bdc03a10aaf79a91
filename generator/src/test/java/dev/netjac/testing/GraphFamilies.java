package dev.netjac.testing;

import dev.netjac.graph.Graph;
import dev.netjac.layers.Activation;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.Convolution;
import dev.netjac.layers.Layer;
import dev.netjac.layers.PRelu;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The graph families the {@link DifferentialHarness} runs: one per random-graph generator, with the coverage
 * each must reach. Together 634 networks.
 */
public final class GraphFamilies {
    private GraphFamilies() {}

    /**
     * 240 random chains of dense, every activation, softmax, log_softmax and flatten, widths 1..64; one Janino
     * mode per network (they rotate), javac in the next.
     */
    public static GraphFamily chains() {
        Set<String> required = new HashSet<>(Set.of("Dense", "ActivationLayer", "Softmax", "LogSoftmax", "Flatten"));
        for (Activation a : RandomNetworks.ACTIVATIONS) {
            required.add("activation " + a.specName());
        }
        return new GraphFamily("Chains", seeds(240, RandomNetworks::create), false, graph -> {
            Set<String> features = new HashSet<>();
            for (Layer layer : graph.layers()) {
                features.add(layer.getClass().getSimpleName());
                if (layer instanceof ActivationLayer a) {
                    features.add("activation " + a.activation().specName());
                }
            }
            return features;
        }, required);
    }

    /** 90 random conv1d/conv2d networks and 7 edge cases, in every mode. */
    public static GraphFamily convolutions() {
        List<Graph> graphs = seeds(90, RandomConvNetworks::create);
        graphs.addAll(RandomConvNetworks.edgeCases());
        return new GraphFamily("Conv", graphs, true, graph -> {
            Set<String> seen = new HashSet<>();
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
            return seen;
        }, Set.of("conv2d:valid", "conv2d:same", "conv2d:valid:nobias", "conv2d:same:nobias", "conv2d:strided", "conv2d:dilated",
                "conv1d:valid", "conv1d:same", "conv1d:causal", "conv1d:strided", "conv1d:dilated"));
    }

    /** 12 pooling edge cases and 60 random pooling chains, in every mode; pooling methods stay below 1,000 bytes. */
    public static GraphFamily pooling() {
        List<Graph> graphs = new ArrayList<>(RandomPoolNetworks.edgeCases());
        graphs.addAll(seeds(60, RandomPoolNetworks::create));
        return new GraphFamily("Pooling", graphs, true, GraphFamilies::kinds, Set.of("max_pooling1d", "max_pooling2d",
                "average_pooling1d", "average_pooling2d", "global_max_pooling1d", "global_max_pooling2d", "global_average_pooling1d",
                "global_average_pooling2d"), "Pool", 1000);
    }

    /** 60 random chains of batch/layer normalization, reshape, identity/dropout and rank > 1 dense, in every mode. */
    public static GraphFamily normalization() {
        return new GraphFamily("Norm", seeds(60, NormNetworks::create), true, graph -> {
            Set<String> kinds = kinds(graph);
            for (Layer layer : graph.layers()) {
                if (layer.kind().equals("dense") && layer.inputShape().length > 1) {
                    kinds.add("dense rank>1");
                }
            }
            return kinds;
        }, Set.of("batch_normalization", "layer_normalization", "reshape", "dropout", "identity", "dense", "dense rank>1", "flatten"));
    }

    /** 45 random chains of the standalone activation layers on rank 1..3, in every mode. */
    public static GraphFamily activationChains() {
        Set<String> required = new HashSet<>(Set.of("prelu/shared_axes"));
        for (String kind : List.of("prelu", "relu", "thresholded_relu", "leaky_relu", "elu", "softmax", "log_softmax")) {
            required.add(kind);
            required.add(kind + "/rank>1");
        }
        return new GraphFamily("ActivationChains", seeds(45, ActivationChains::create), true, graph -> {
            Set<String> kinds = new HashSet<>();
            for (Layer layer : graph.layers()) {
                kinds.add(layer.kind() + (layer.inputShape().length > 1 ? "/rank>1" : ""));
                if (layer instanceof PRelu && layer.summary().contains("shared_axes") && layer.inputShape().length > 1) {
                    kinds.add("prelu/shared_axes");
                }
            }
            return kinds;
        }, required);
    }

    /** 60 random residual graphs (fan-out, every merge kind, a value read twice, skips), in every mode. */
    public static GraphFamily residualGraphs() {
        return new GraphFamily("Graphs", seeds(60, RandomGraphs::create), true, graph -> {
            Set<String> kinds = kinds(graph);
            if (!graph.isChain()) {
                kinds.add("branched");
            }
            return kinds;
        }, Set.of("add", "subtract", "multiply", "concatenate", "flatten", "softmax", "dense", "conv2d", "batch_normalization",
                "max_pooling2d", "average_pooling2d", "branched"));
    }

    /** 60 random chains of the tensor layers (index maps, reductions, affine) with dense and tanh, in every mode. */
    public static GraphFamily tensors() {
        return new GraphFamily("Tensor", seeds(60, TensorNetworks::create), true, GraphFamilies::kinds, Set.of("affine",
                "transpose", "pad", "slice", "broadcast", "patches", "reduce_sum", "reduce_mean", "reduce_max", "dense"));
    }

    /** Every family, in the order the harness test runs them. */
    public static List<GraphFamily> all() {
        return List.of(chains(), convolutions(), pooling(), normalization(), activationChains(), residualGraphs(), tensors());
    }

    private static List<Graph> seeds(int count, LongFunction<Graph> generator) {
        List<Graph> graphs = new ArrayList<>();
        for (int seed = 0; seed < count; seed++) {
            graphs.add(generator.apply(seed));
        }
        return graphs;
    }

    private static Set<String> kinds(Graph graph) {
        Set<String> kinds = new HashSet<>();
        for (Layer layer : graph.layers()) {
            kinds.add(layer.kind());
        }
        return kinds;
    }
}
