package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.graph.Graph;
import dev.netjac.runtime.Network;
import dev.netjac.spec.ReadOptions;
import dev.netjac.testing.Javac;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text from a model file never reaches generated source except as a sanitized identifier: model, layer and
 * file names built to break out of identifiers, strings and comments (quotes, {@code *}{@code /}, unicode
 * escapes, newlines) leave no trace in the source, which still compiles with {@code -Werror}.
 */
class InjectionTest {
    static final String PAYLOAD = "System.exit(42)";

    @Test
    void hostileNamesNeverReachGeneratedSource(@TempDir Path dir) throws Exception {
        String hostile = "x\\\"; } static { " + PAYLOAD + "; } /* */ // \\u000a " + PAYLOAD + "; \\n\\r*/";
        String spec = "{\"netjac\": 1, \"name\": \"" + hostile + "\", \"description\": \"" + hostile + "\","
                + " \"input\": {\"shape\": [2]}, \"layers\": ["
                + "{\"type\": \"dense\", \"name\": \"" + hostile + "\", \"units\": 2, \"kernel\": [[1, 2], [3, 4]], \"bias\": [0.5, -0.5], \"activation\": \"tanh\"},"
                + "{\"type\": \"softmax\", \"name\": \"" + hostile + "2\"}]}";
        Path file = dir.resolve("evil \" * \\u000a " + PAYLOAD + ";.json"); // no "/" in a file name
        Files.writeString(file, spec, StandardCharsets.UTF_8);

        Graph graph = Netjac.read(file, ReadOptions.defaults());
        GeneratedNetwork generated = Netjac.generate(graph, Netjac.Options.defaults());
        String source = generated.source();
        assertFalse(source.contains(PAYLOAD), source);
        assertFalse(source.contains("\\u"), "no unicode escapes: javac would decode them before lexing");
        assertTrue(Identifiers.isValidClassName(generated.className()), generated.className());
        for (String line : source.split("\n")) {
            if (line.startsWith("//")) {
                assertFalse(line.contains("\r"), line);
            }
        }
        // Both compilers accept it and the class computes the same as a benign twin.
        Network janino = dev.netjac.compile.JaninoCompiler.instantiate(generated);
        try (URLClassLoader loader = Javac.compile(List.of(generated), dir.resolve("javac"))) {
            Network javac = Javac.instantiate(loader, generated);
            double[] x = {0.3, -0.7};
            double[] a = new double[2];
            double[] b = new double[2];
            janino.forward(x, a);
            javac.forward(x, b);
            assertEquals(a[0], b[0], 0.0);
            assertEquals(a[1], b[1], 0.0);
        }
    }
}
