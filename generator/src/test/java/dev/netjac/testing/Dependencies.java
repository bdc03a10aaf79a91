package dev.netjac.testing;

import dev.netjac.layers.Layer;
import java.util.Arrays;

/**
 * Which outputs of a layer depend on which inputs, found by probing its reference forward function and nothing
 * else: input j of input slot i is set to +{@link #PROBE} and to −{@link #PROBE} (the others held at a random
 * point), and output o depends on it where the two outputs differ. A probe this large crosses every kink and
 * cap, wins every max and moves every mean, so for the layers netjac has the result is the structural
 * non-zero pattern of the local Jacobian: independent of the layer's Jacobian code and of its cost model.
 */
public final class Dependencies {
    public static final double PROBE = 1000;

    private Dependencies() {}

    /** pattern[i][o][j]: output o depends on value j of input i, around {@code inputs}. */
    public static boolean[][][] of(Layer layer, double[][] inputs) {
        boolean[][][] pattern = new boolean[inputs.length][][];
        double[] up = new double[layer.outputSize()];
        double[] down = new double[layer.outputSize()];
        for (int i = 0; i < inputs.length; i++) {
            pattern[i] = new boolean[layer.outputSize()][inputs[i].length];
            double[][] probe = inputs.clone();
            probe[i] = inputs[i].clone();
            for (int j = 0; j < inputs[i].length; j++) {
                probe[i][j] = PROBE;
                layer.forward(probe, up);
                probe[i][j] = -PROBE;
                layer.forward(probe, down);
                probe[i][j] = inputs[i][j];
                for (int o = 0; o < up.length; o++) {
                    pattern[i][o][j] = !(up[o] == down[o]);
                }
            }
        }
        return pattern;
    }

    /** The number of dependencies, over every input. */
    public static long count(boolean[][][] pattern) {
        long count = 0;
        for (boolean[][] input : pattern) {
            for (boolean[] row : input) {
                for (boolean b : row) {
                    count += b ? 1 : 0;
                }
            }
        }
        return count;
    }

    /**
     * The sizes of the groups of a square one-input pattern that is block diagonal up to a permutation (each
     * output depends on exactly the members of its own group, and groups partition the values), or null
     * when it is not.
     */
    public static int[] groups(boolean[][] pattern) {
        int n = pattern.length;
        if (n == 0 || pattern[0].length != n) {
            return null;
        }
        int[] group = new int[n];
        Arrays.fill(group, -1);
        int groups = 0;
        int[] sizes = new int[n];
        for (int o = 0; o < n; o++) {
            if (isEmpty(pattern, o)) {
                // A constant output (softmax over one value) that nothing else reads: a group of its own.
                if (group[o] >= 0) {
                    return null;
                }
                group[o] = groups;
                sizes[groups++] = 1;
                continue;
            }
            if (!pattern[o][o]) {
                return null;
            }
            if (group[o] < 0) {
                for (int j = 0; j < n; j++) {
                    if (pattern[o][j]) {
                        if (group[j] >= 0) {
                            return null;
                        }
                        group[j] = groups;
                        sizes[groups]++;
                    }
                }
                groups++;
            }
            for (int j = 0; j < n; j++) {
                if (pattern[o][j] != (group[j] == group[o])) {
                    return null;
                }
            }
        }
        return Arrays.copyOf(sizes, groups);
    }

    /** Output o depends on nothing and nothing depends on value o. */
    private static boolean isEmpty(boolean[][] pattern, int o) {
        for (int j = 0; j < pattern.length; j++) {
            if (pattern[o][j] || pattern[j][o]) {
                return false;
            }
        }
        return true;
    }
}
