package dev.netjac.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Networks and inputs for the tests: a small random MLP (spec with inline weights) and the seed network. */
final class TestModels {
    /** The blog's 500-100-10 network with the scaled weights (samples/seed). */
    static final Path SEED = Path.of("..", "samples", "seed", "scaled", "seed.json");

    private TestModels() {}

    /** 6 -> 12 tanh -> 8 relu -> 4 softmax, weights from {@code seed}; written to {@code dir}/small.json. */
    static Path small(Path dir, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String spec = "{\"netjac\": 1, \"name\": \"Small\", \"input\": {\"shape\": [6]}, \"layers\": ["
                + dense(random, 6, 12, "tanh") + ", " + dense(random, 12, 8, "relu") + ", " + dense(random, 8, 4, null)
                + ", {\"type\": \"softmax\"}]}";
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("small-" + seed + ".json");
            Files.writeString(file, spec);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String dense(SplittableRandom random, int in, int out, String activation) {
        StringBuilder sb = new StringBuilder("{\"type\": \"dense\", \"units\": " + out + ", \"kernel\": [");
        for (int i = 0; i < in; i++) {
            sb.append(i == 0 ? "[" : ", [");
            for (int j = 0; j < out; j++) {
                sb.append(j == 0 ? "" : ", ").append(gaussian(random) / Math.sqrt(in));
            }
            sb.append("]");
        }
        sb.append("], \"bias\": [");
        for (int j = 0; j < out; j++) {
            sb.append(j == 0 ? "" : ", ").append(0.1 * gaussian(random));
        }
        sb.append("]");
        if (activation != null) {
            sb.append(", \"activation\": \"").append(activation).append("\"");
        }
        return sb.append("}").toString();
    }

    /** {@code rows} inputs of {@code n} standard-normal values, back to back. */
    static double[] inputs(int rows, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] xs = new double[rows * n];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = gaussian(random);
        }
        return xs;
    }

    static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }
}
