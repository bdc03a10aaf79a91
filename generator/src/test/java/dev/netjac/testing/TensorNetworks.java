package dev.netjac.testing;

import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.graph.Shapes;
import dev.netjac.layers.Activation;
import dev.netjac.layers.ActivationLayer;
import dev.netjac.layers.Affine;
import dev.netjac.layers.Broadcast;
import dev.netjac.layers.Layer;
import dev.netjac.layers.Pad;
import dev.netjac.layers.Patches;
import dev.netjac.layers.ReduceMax;
import dev.netjac.layers.ReduceSum;
import dev.netjac.layers.Slice;
import dev.netjac.layers.Transpose;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random small chains of the tensor layers (affine, transpose, pad, slice, broadcast, patches, reductions)
 * mixed with dense on the last axis and tanh, so that index maps meet fan-out through the planner's row
 * buffers, every Jacobian mode and javac (whose {@code int[]} index tables come from the weights resource).
 */
public final class TensorNetworks {
    private TensorNetworks() {}

    /** Keeps the networks small: a layer that would make more values than this is replaced by a reduction. */
    static final int MAX_SIZE = 72;

    public static Graph create(long seed) {
        Random random = new Random(seed * 977 + 3);
        int[] inputShape = NormNetworks.shape(random);
        int[] shape = inputShape;
        List<Layer> layers = new ArrayList<>();
        int depth = 2 + random.nextInt(5);
        for (int k = 0; k < depth; k++) {
            Layer layer = next(k, shape, random);
            if (Shapes.size(layer.outputShape()) > MAX_SIZE) {
                layer = new ReduceSum("reduceSum" + k, shape, new int[] {0}, random.nextBoolean(), true);
            }
            layers.add(layer);
            shape = layer.outputShape();
        }
        if (random.nextBoolean()) {
            layers.add(NormNetworks.dense("denseOut", shape, 1 + random.nextInt(4), true, random));
        }
        return new Graph("Tensor" + seed, "tensor-" + seed, inputShape, layers, JacobianMode.AUTO);
    }

    private static Layer next(int k, int[] shape, Random random) {
        int rank = shape.length;
        switch (random.nextInt(11)) {
            case 0: {
                int[] perm = permutation(rank, random);
                return new Transpose("transpose" + k, shape, perm);
            }
            case 1: {
                int[][] pads = new int[rank][2];
                Pad.Mode mode = Pad.Mode.values()[random.nextInt(3)];
                for (int a = 0; a < rank; a++) {
                    pads[a][0] = random.nextInt(3) - (shape[a] > 2 ? 1 : 0);
                    pads[a][1] = random.nextInt(2);
                }
                return new Pad("pad" + k, shape, pads, mode, mode == Pad.Mode.CONSTANT ? random.nextGaussian() : 0.0);
            }
            case 2: {
                int[] starts = new int[rank];
                int[] steps = new int[rank];
                int[] counts = new int[rank];
                for (int a = 0; a < rank; a++) {
                    steps[a] = random.nextBoolean() ? 1 : -1 - random.nextInt(2);
                    long[] r = Slice.resolve(random.nextInt(shape[a]) - (steps[a] < 0 ? 0 : random.nextInt(2)),
                            Long.MIN_VALUE, steps[a], shape[a]);
                    starts[a] = (int) r[0];
                    counts[a] = (int) Math.max(1, r[1]);
                }
                return new Slice("slice" + k, shape, starts, steps, counts);
            }
            case 3: {
                int[] target = new int[rank + 1];
                target[0] = 2;
                for (int a = 0; a < rank; a++) {
                    target[a + 1] = shape[a] == 1 ? 1 + random.nextInt(3) : shape[a];
                }
                return new Broadcast("broadcast" + k, shape, target);
            }
            case 4:
                if (rank >= 2) {
                    int spatial = rank - 1;
                    int[] kernel = new int[spatial];
                    int[] ones = new int[spatial];
                    int[] dilation = new int[spatial];
                    int[][] pads = new int[spatial][2];
                    Arrays.fill(ones, 1);
                    for (int i = 0; i < spatial; i++) {
                        kernel[i] = Math.min(shape[i], 1 + random.nextInt(2));
                        dilation[i] = shape[i] > 2 && kernel[i] == 2 && random.nextBoolean() ? 2 : 1;
                        pads[i][0] = random.nextInt(2);
                        pads[i][1] = random.nextInt(2);
                    }
                    int[] inputDilation = ones.clone();
                    if (random.nextInt(3) == 0) {
                        inputDilation[0] = 2;
                    }
                    return new Patches("patches" + k, shape, new Patches.Geometry(kernel, ones, dilation, pads, inputDilation),
                            random.nextBoolean() ? 0.0 : 0.5);
                }
                return reduction(k, shape, random);
            case 5:
            case 6:
                return reduction(k, shape, random);
            case 7: {
                int[] weightShape = Arrays.copyOfRange(shape, random.nextInt(rank + 1), rank);
                return new Affine("affine" + k, shape, gaussian(weightShape, random), random.nextBoolean() ? gaussian(shape, random) : null);
            }
            case 8:
                return new ActivationLayer("tanh" + k, shape, Activation.TANH, Double.NaN);
            default:
                return NormNetworks.dense("dense" + k, shape, 1 + random.nextInt(4), random.nextBoolean(), random);
        }
    }

    private static Layer reduction(int k, int[] shape, Random random) {
        int rank = shape.length;
        int[] axes = rank == 1 ? new int[] {0} : random.nextBoolean() ? new int[] {rank - 1} : new int[] {0, rank - 1};
        boolean keepdims = random.nextBoolean();
        switch (random.nextInt(3)) {
            case 0:
                return new ReduceSum("reduceSum" + k, shape, axes, keepdims, false);
            case 1:
                return new ReduceSum("reduceMean" + k, shape, axes, keepdims, true);
            default:
                return new ReduceMax("reduceMax" + k, shape, axes, keepdims);
        }
    }

    private static int[] permutation(int rank, Random random) {
        List<Integer> axes = new ArrayList<>();
        for (int a = 0; a < rank; a++) {
            axes.add(a);
        }
        java.util.Collections.shuffle(axes, random);
        return axes.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Tensor gaussian(int[] shape, Random random) {
        double[] v = new double[Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian();
        }
        return Tensor.of(shape, v);
    }
}
