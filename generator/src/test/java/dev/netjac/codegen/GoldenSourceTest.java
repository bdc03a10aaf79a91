package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.netjac.Netjac;
import dev.netjac.spec.ReadOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The generated source of a tiny network, compared as a whole file with {@code tiny.expected.java}: the form
 * of generated code is part of netjac's interface (people read it, diffs of it are reviewed). After an
 * intended change, regenerate with {@code mvn -pl generator test -Dtest=GoldenSourceTest -Dnetjac.updateGolden=true}.
 */
class GoldenSourceTest {
    static final Path DIR = Path.of("src/test/resources/emitter");

    private static GeneratedNetwork tiny() {
        return Netjac.generate(Netjac.read(DIR.resolve("tiny.json"), ReadOptions.defaults()),
                Netjac.Options.defaults().withPackageName("com.example"));
    }

    @Test
    void generatedSourceMatchesGoldenFile() throws Exception {
        String source = tiny().source();
        Path golden = DIR.resolve("tiny.expected.java");
        if (Boolean.getBoolean("netjac.updateGolden")) {
            Files.writeString(golden, source);
        }
        assertEquals(Files.readString(golden), source);
    }

    @Test
    void generationIsDeterministic() throws Exception {
        GeneratedNetwork a = tiny();
        GeneratedNetwork b = tiny();
        assertEquals(a.source(), b.source());
        ByteArrayOutputStream wa = new ByteArrayOutputStream();
        ByteArrayOutputStream wb = new ByteArrayOutputStream();
        a.weights().write(wa);
        b.weights().write(wb);
        assertArrayEquals(wa.toByteArray(), wb.toByteArray());
    }

    @Test
    void sourceIsAsciiAndHoldsNoWeightLiterals() {
        String source = tiny().source();
        assertEquals(source, new String(source.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII));
        // Weights live in the resource, never in the source: 0.75 and -2.0 are kernel entries.
        assertFalse(source.contains("0.75"));
        assertFalse(source.contains("2.0"));
    }
}
