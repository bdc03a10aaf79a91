package dev.netjac.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.NetjacException;
import dev.netjac.layers.Activation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry of spec types: what it lists, the arities it records, and the messages it words. */
class SpecTypesTest {
    static final Path DOCS = Path.of("../docs");

    @TempDir
    Path dir;

    @Test
    void listsEveryTypeOnceSortedWithItsArity() {
        List<String> names = new ArrayList<>();
        Map<String, String> merges = new TreeMap<>();
        for (SpecType type : SpecTypes.all()) {
            names.add(type.name());
            if (type.arity().isMerge()) {
                merges.put(type.name(), type.arity().toString());
            } else {
                assertEquals(Arity.ONE, type.arity(), type.name());
            }
        }
        assertEquals(SpecTypes.names(), names);
        assertEquals(names.stream().sorted().distinct().toList(), names);
        assertEquals(Map.of("add", "2+", "concatenate", "2+", "divide", "2", "multiply", "2+", "subtract", "2"), merges);
        for (Activation activation : Activation.values()) {
            assertTrue(names.contains(activation.specName()), activation.specName());
        }
        assertTrue(names.containsAll(List.of("dense", "activation", "softmax", "log_softmax", "flatten", "conv1d", "conv2d",
                "batch_normalization", "layer_normalization", "reshape", "identity", "dropout", "prelu", "thresholded_relu",
                "max_pooling2d", "global_average_pooling1d")), names.toString());
    }

    @Test
    void aliasesResolveToTheirActivationsType() {
        assertSame(SpecTypes.get("swish"), SpecTypes.get("silu"));
        assertSame(SpecTypes.get("leaky_relu"), SpecTypes.get("LeakyReLU"));
        assertSame(SpecTypes.get("relu"), SpecTypes.get("ReLU"));
        assertNull(SpecTypes.get("lstm"));
        assertNull(SpecTypes.get(null));
        assertTrue(SpecTypes.names().stream().noneMatch(n -> n.equals("silu")), "aliases are not listed as types");
    }

    /** GitHub's heading anchors: lower case, punctuation other than - and _ dropped, spaces as -. */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("#")) {
                String heading = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
                anchors.add(heading.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    @Test
    void everyDocsAnchorIsAHeadingOfItsPage() throws IOException {
        for (SpecType type : SpecTypes.all()) {
            String[] parts = type.docs().split("#", 2);
            Path page = DOCS.resolve(parts[0]);
            assertTrue(Files.isRegularFile(page), type + ": no page " + page);
            assertTrue(parts.length == 1 || anchors(page).contains(parts[1]),
                    type + ": no heading for #" + parts[1] + " in " + page + "; headings: " + anchors(page));
        }
    }

    private String error(String layers) throws IOException {
        Path file = dir.resolve("net.json");
        Files.writeString(file, ("{'netjac': 1, 'input': {'shape': [2]}, 'layers': [" + layers + "]}").replace('\'', '"'));
        return assertThrows(NetjacException.class, () -> Netjac.read(file, ReadOptions.defaults())).getMessage();
    }

    @Test
    void unknownTypesListTheRegistry() throws IOException {
        String m = error("{'type': 'lstm'}");
        assertTrue(m.endsWith(": layers[0] (lstm): unknown layer type \"lstm\", expected one of "
                + String.join(", ", SpecTypes.names())), m);
        assertTrue(error("{'type': 'concatenat', 'inputs': ['input', 'input']}")
                .contains("unknown layer type \"concatenat\" (did you mean 'concatenate'?)"));
    }

    @Test
    void arityMessagesComeFromTheRegistry() throws IOException {
        String a = "{'type': 'tanh', 'name': 'a'}, ";
        assertTrue(error(a + "{'type': 'subtract', 'inputs': ['a']}")
                .endsWith(": layers[1] (subtract): subtract merges exactly two inputs; list them in \"inputs\", found 1"));
        assertTrue(error("{'type': 'subtract'}")
                .endsWith(": layers[0] (subtract): subtract merges exactly two inputs; list them in \"inputs\", found none"));
        assertTrue(error(a + "{'type': 'subtract', 'inputs': ['a', 'input', 'a']}")
                .endsWith(": layers[1] (subtract): 'inputs': subtract merges exactly two inputs, found 3"));
        assertTrue(error(a + "{'type': 'concatenate', 'inputs': ['a']}")
                .endsWith(": layers[1] (concatenate): concatenate merges two or more inputs; list them in \"inputs\", found 1"));
        assertTrue(error(a + "{'type': 'dense', 'units': 1, 'kernel': [[1], [1]], 'bias': [0], 'inputs': ['a', 'input']}")
                .endsWith(": layers[1] (dense): 'inputs': dense reads one input, found 2"));
    }

    @Test
    void arityWords() {
        assertEquals("one input", Arity.ONE.inWords());
        assertEquals("exactly two inputs", Arity.exactly(2).inWords());
        assertEquals("three or more inputs", Arity.atLeast(3).inWords());
        assertEquals("2..4", new Arity(2, 4).toString());
        assertTrue(new Arity(2, 4).accepts(3));
        assertThrows(IllegalArgumentException.class, () -> new Arity(0, 1));
        assertNotNull(SpecTypes.get("add").docs());
    }
}
