package dev.netjac.samples.spark;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} pairs after the command word; unknown names are refused. */
final class Options {
    private final Map<String, String> values = new HashMap<>();

    Options(String[] args, int from, List<String> known) {
        for (int i = from; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || !known.contains(name.substring(2))) {
                throw new IllegalArgumentException("unknown option " + name + "; expected one of --" + String.join(", --", known));
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            values.put(name.substring(2), args[++i]);
        }
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(get(name, Integer.toString(fallback)));
    }

    /** A comma-separated list of numbers, e.g. {@code --vjp 1,0,0}. */
    static double[] vector(String text) {
        String[] parts = text.split(",");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Double.parseDouble(parts[i].trim());
        }
        return v;
    }
}
