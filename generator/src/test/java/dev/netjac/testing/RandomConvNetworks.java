package dev.netjac.testing;

import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Activation;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.Conv1D;
import dev.netjac.layers.Conv2D;
import dev.netjac.layers.ConvPadding;
import dev.netjac.layers.Flatten;
import dev.netjac.layers.Layer;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Small random convolutional networks for differential tests: conv2d or conv1d, one or two convolutions with
 * random kernel sizes, strides, padding (valid, same, causal in 1-D), dilation and bias, an activation after
 * each, then flatten and often a dense layer. Inputs stay small (≤ 9×9×3) so that the reference Jacobian and
 * finite differences stay cheap. And hand-picked edge cases ({@link #edgeCases()}).
 */
public final class RandomConvNetworks {
    private RandomConvNetworks() {}

    private static final Activation[] ACTIVATIONS = {Activation.RELU, Activation.TANH, Activation.LEAKY_RELU,
            Activation.SIGMOID, Activation.SOFTPLUS, Activation.LINEAR, Activation.ELU};

    public static Graph create(long seed) {
        Random random = new Random(seed * 6151 + 5);
        boolean twoD = seed % 3 != 2;
        int[] shape = twoD
                ? new int[] {1 + random.nextInt(9), 1 + random.nextInt(9), 1 + random.nextInt(3)}
                : new int[] {1 + random.nextInt(12), 1 + random.nextInt(3)};
        int[] inputShape = shape;
        List<Layer> layers = new ArrayList<>();
        int convs = 1 + random.nextInt(2);
        for (int k = 0; k < convs; k++) {
            Layer conv = twoD ? conv2d("conv2d" + layers.size(), shape, random) : conv1d("conv1d" + layers.size(), shape, random);
            layers.add(conv);
            shape = conv.outputShape();
            Activation activation = ACTIVATIONS[random.nextInt(ACTIVATIONS.length)];
            layers.add(new ActivationLayer("act" + layers.size(), shape, activation,
                    activation.hasAlpha() ? 0.1 + random.nextDouble() : Double.NaN));
        }
        Flatten flatten = new Flatten("flatten" + layers.size(), shape);
        layers.add(flatten);
        if (random.nextInt(3) != 0) {
            layers.add(RandomNetworks.dense("dense" + layers.size(), flatten.outputSize(), 1 + random.nextInt(6), random));
        }
        return new Graph("Conv" + seed, "conv-" + seed, inputShape, layers, JacobianMode.AUTO);
    }

    /** A conv2d on {@code shape} with random geometry that fits (valid padding falls back to same when not). */
    public static Conv2D conv2d(String id, int[] shape, Random random) {
        int[] kernelSize = {1 + random.nextInt(4), 1 + random.nextInt(4)};
        int[] strides = {1 + random.nextInt(3), 1 + random.nextInt(3)};
        int[] dilation = {random.nextInt(4) == 0 ? 2 : 1, random.nextInt(4) == 0 ? 2 : 1};
        ConvPadding padding = random.nextBoolean() ? ConvPadding.VALID : ConvPadding.SAME;
        for (int a = 0; a < 2; a++) {
            if (padding.outputSize(shape[a], kernelSize[a], strides[a], dilation[a]) < 1) {
                padding = ConvPadding.SAME;
            }
        }
        int filters = 1 + random.nextInt(4);
        return new Conv2D(id, shape, kernel(new int[] {kernelSize[0], kernelSize[1], shape[2], filters}, random),
                bias(filters, random), strides, padding, dilation);
    }

    public static Conv1D conv1d(String id, int[] shape, Random random) {
        int k = 1 + random.nextInt(4);
        int stride = 1 + random.nextInt(3);
        int dilation = random.nextInt(3) == 0 ? 2 : 1;
        ConvPadding padding = ConvPadding.values()[random.nextInt(3)];
        if (padding.outputSize(shape[0], k, stride, dilation) < 1) {
            padding = ConvPadding.CAUSAL;
        }
        int filters = 1 + random.nextInt(4);
        return new Conv1D(id, shape, kernel(new int[] {k, shape[1], filters}, random), bias(filters, random), stride, padding, dilation);
    }

    /** Standard-normal weights scaled by 1/√fan-in. */
    public static Tensor kernel(int[] shape, Random random) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        double scale = 1.0 / Math.sqrt((double) size / shape[shape.length - 1]);
        double[] w = new double[size];
        for (int i = 0; i < size; i++) {
            w[i] = random.nextGaussian() * scale;
        }
        return Tensor.of(shape, w);
    }

    /** A random bias three times in four, else null. */
    public static Tensor bias(int filters, Random random) {
        if (random.nextInt(4) == 0) {
            return null;
        }
        double[] b = new double[filters];
        for (int f = 0; f < filters; f++) {
            b[f] = 0.3 * random.nextGaussian();
        }
        return Tensor.of(new int[] {filters}, b);
    }

    /** 1×1 kernels, 1×1 outputs, a single channel and filter, even kernels, a kernel larger than the input. */
    public static List<Graph> edgeCases() {
        Random random = new Random(99);
        List<Graph> graphs = new ArrayList<>();
        int[] one = {1, 1};
        // 1x1 kernel on one channel, one filter.
        graphs.add(chain("EdgeOneByOne", new int[] {3, 4, 1},
                new Conv2D("conv2d0", new int[] {3, 4, 1}, kernel(new int[] {1, 1, 1, 1}, random), null, one, ConvPadding.VALID, one)));
        // Output 1x1: a 4x4 kernel on a 4x4 image, then relu and dense.
        Conv2D full = new Conv2D("conv2d0", new int[] {4, 4, 2}, kernel(new int[] {4, 4, 2, 3}, random),
                someBias(3, random), one, ConvPadding.VALID, one);
        graphs.add(chain("EdgeOutputOneByOne", new int[] {4, 4, 2}, full,
                new ActivationLayer("relu1", full.outputShape(), Activation.RELU, Double.NaN)));
        // 1x1 input image with a 3x3 same kernel: only the centre tap is real.
        graphs.add(chain("EdgeOnePixel", new int[] {1, 1, 3},
                new Conv2D("conv2d0", new int[] {1, 1, 3}, kernel(new int[] {3, 3, 3, 2}, random), someBias(2, random),
                        new int[] {2, 2}, ConvPadding.SAME, one)));
        // Even kernel, stride 2, same: asymmetric padding; then a second conv with dilation.
        Conv2D even = new Conv2D("conv2d0", new int[] {7, 6, 1}, kernel(new int[] {2, 4, 1, 3}, random), someBias(3, random),
                new int[] {2, 2}, ConvPadding.SAME, one);
        Conv2D dilated = new Conv2D("conv2d2", even.outputShape(), kernel(new int[] {2, 2, 3, 2}, random), null,
                one, ConvPadding.SAME, new int[] {2, 2});
        graphs.add(chain("EdgeEvenThenDilated", new int[] {7, 6, 1}, even,
                new ActivationLayer("relu1", even.outputShape(), Activation.RELU, Double.NaN), dilated));
        // conv1d: one step in, causal with a 3-tap kernel; and a 1-tap kernel on one channel.
        graphs.add(chain("EdgeOneStepCausal", new int[] {1, 2},
                new Conv1D("conv1d0", new int[] {1, 2}, kernel(new int[] {3, 2, 2}, random), someBias(2, random), 1,
                        ConvPadding.CAUSAL, 2)));
        graphs.add(chain("EdgeOneTap", new int[] {5, 1},
                new Conv1D("conv1d0", new int[] {5, 1}, kernel(new int[] {1, 1, 1}, random), null, 3,
                        ConvPadding.VALID, 1)));
        // A conv2d on a 1-row image uses the 1-D code path (its row axis is trivial).
        graphs.add(chain("EdgeOneRow", new int[] {1, 6, 2},
                new Conv2D("conv2d0", new int[] {1, 6, 2}, kernel(new int[] {1, 3, 2, 2}, random), someBias(2, random),
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
        return new Graph(name, name, inputShape, all, JacobianMode.AUTO);
    }

    /** A bias that is always there (edge cases choose where it is absent). */
    private static Tensor someBias(int n, Random random) {
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = 0.3 * random.nextGaussian();
        }
        return Tensor.of(new int[] {n}, b);
    }
}
