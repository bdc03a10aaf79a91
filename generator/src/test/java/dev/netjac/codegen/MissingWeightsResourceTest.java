package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netjac.Netjac;
import dev.netjac.graph.Graph;
import dev.netjac.reference.ReferenceEvaluator;
import dev.netjac.runtime.Network;
import dev.netjac.runtime.WeightsResourceException;
import dev.netjac.spec.SpecReader;
import dev.netjac.testing.Javac;
import java.lang.reflect.InvocationTargetException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build-time class whose weights resource is missing fails its constructor with the runtime's
 * {@link WeightsResourceException}, and works in the same JVM once the resource is back: no
 * ExceptionInInitializerError, no NoClassDefFoundError afterwards.
 */
class MissingWeightsResourceTest {
    @TempDir
    Path dir;

    @Test
    void missingResourceFailsTheConstructorAndARetryWorks() throws Exception {
        Graph graph = SpecReader.read(Path.of("src/test/resources/emitter/tiny.json"));
        GeneratedNetwork generated = Netjac.generate(graph, Netjac.Options.defaults());
        try (URLClassLoader loader = Javac.compile(List.of(generated), dir)) {
            Path resource = dir.resolve("classes").resolve(generated.qualifiedName().replace('.', '/') + ".weights");
            Path aside = dir.resolve("aside.weights");
            Files.move(resource, aside);
            for (int attempt = 0; attempt < 2; attempt++) {
                InvocationTargetException e = assertThrows(InvocationTargetException.class,
                        () -> Javac.instantiate(loader, generated));
                WeightsResourceException cause = assertInstanceOf(WeightsResourceException.class, e.getCause());
                assertEquals("weights resource Tiny.weights not found beside " + generated.qualifiedName()
                        + "; it is generated together with the class and must be on the class path", cause.getMessage());
            }
            Files.move(aside, resource);
            Network net = Javac.instantiate(loader, generated);
            double[] x = {0.3, -1.2};
            double[] y = new double[net.outputSize()];
            net.forward(x, y);
            assertArrayEquals(new ReferenceEvaluator(graph).forward(x), y, 1e-15);
        }
    }
}
