package dev.netjac.hipparchus;

import dev.netjac.Netjac;
import dev.netjac.runtime.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.StringJoiner;

/** Small real networks compiled by netjac (spec → Janino), whose maps the tests know in closed form. */
final class TestNetworks {
    private TestNetworks() {}

    /**
     * A spec layer {@code dense} computing W·x + b for W given as out × in rows (netjac's kernel is in × out,
     * so it is written transposed).
     */
    static String dense(double[][] w, double[] b, String activation) {
        StringJoiner kernel = new StringJoiner(", ", "[", "]");
        for (int i = 0; i < w[0].length; i++) {
            double[] column = new double[w.length];
            for (int o = 0; o < w.length; o++) {
                column[o] = w[o][i];
            }
            kernel.add(array(column));
        }
        return String.format(Locale.ROOT, "{\"type\": \"dense\", \"units\": %d, \"kernel\": %s, \"bias\": %s, \"activation\": \"%s\"}",
                w.length, kernel, array(b), activation);
    }

    /** Compiles a chain of spec layers over an input of {@code inputs} values. */
    static Network compile(Path dir, String name, int inputs, String... layers) {
        String spec = "{\"netjac\": 1, \"name\": \"" + name + "\", \"input\": {\"shape\": [" + inputs + "]},\n\"layers\": [\n"
                + String.join(",\n", layers) + "]}";
        Path file = dir.resolve(name + ".json");
        try {
            Files.writeString(file, spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Netjac.load(file);
    }

    private static String array(double[] values) {
        StringJoiner sj = new StringJoiner(", ", "[", "]");
        Arrays.stream(values).forEach(v -> sj.add(Double.toString(v)));
        return sj.toString();
    }

    /** y = W·x + b by plain loops, the independent closed form. */
    static double[] affine(double[][] w, double[] b, double[] x) {
        double[] y = b.clone();
        for (int o = 0; o < w.length; o++) {
            for (int i = 0; i < x.length; i++) {
                y[o] += w[o][i] * x[i];
            }
        }
        return y;
    }
}
