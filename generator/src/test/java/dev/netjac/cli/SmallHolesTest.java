package dev.netjac.cli;

import static dev.netjac.cli.CliTest.assertBadInput;
import static dev.netjac.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.NetjacException;
import dev.netjac.graph.Graph;
import dev.netjac.spec.ReadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 17's smaller holes: {@code eval} never writes over a file it reads (the inputs, the model or its weight
 * files, however the path is spelled), and class and package names that would compile into something else or
 * never load ({@code X$Y}, keywords, {@code java.*}) are refused, through the CLI and the API.
 */
class SmallHolesTest {
    @TempDir
    Path dir;

    private Path model;
    private Path input;
    private byte[] inputBytes;

    @BeforeEach
    void model() throws IOException {
        model = dir.resolve("m.json");
        Files.writeString(model, "{\"netjac\": 1, \"input\": {\"shape\": [2]}, \"layers\": [{\"type\": \"dense\", \"units\": 2,"
                + " \"kernel\": \"k.npy\", \"bias\": [0, 0]}]}");
        dev.netjac.weights.Npy.write(dir.resolve("k.npy"), new int[] {2, 2}, new double[] {1, 2, 3, 4});
        input = dir.resolve("x.npy");
        dev.netjac.weights.Npy.write(input, new int[] {2}, new double[] {0.5, -1});
        inputBytes = Files.readAllBytes(input);
    }

    private void assertInputUntouched() throws IOException {
        assertArrayEquals(inputBytes, Files.readAllBytes(input), "the input file was written");
    }

    @Test
    void evalOutputSameAsInputIsRefusedBeforeWriting() throws IOException {
        String line = assertBadInput(run("eval", "--input", input, "--output", input, model));
        assertTrue(line.contains(input + ": --output names the same file as --input; write it to another file"), line);
        assertInputUntouched();
    }

    @Test
    void evalOutputSameAsInputThroughDotPathSymlinkOrHardLinkIsRefused() throws IOException {
        Path dotted = dir.resolve(".").resolve("sub/..").resolve("x.npy");
        Files.createDirectories(dir.resolve("sub"));
        Path link = Files.createSymbolicLink(dir.resolve("y.npy"), input.getFileName());
        Path hard = Files.createLink(dir.resolve("h.npy"), input);
        for (Path alias : new Path[] {dotted, link, hard}) {
            String line = assertBadInput(run("eval", "--input", input, "--output", alias, model));
            assertTrue(line.contains("--output names the same file as --input"), line);
            line = assertBadInput(run("eval", "--input", input, "--jacobian", alias, model));
            assertTrue(line.contains("--jacobian names the same file as --input"), line);
        }
        assertInputUntouched();
        assertEquals(0, run("eval", "--input", input, "--output", dir.resolve("y2.npy"), model).exit());
    }

    @Test
    void evalNeverWritesOverTheModelsWeightsOrOneOutputOverAnother() throws IOException {
        byte[] kernel = Files.readAllBytes(dir.resolve("k.npy"));
        String line = assertBadInput(run("eval", "--input", input, "--output", dir.resolve("k.npy"), model));
        assertTrue(line.contains("--output names the same file as the model's file k.npy"), line);
        assertArrayEquals(kernel, Files.readAllBytes(dir.resolve("k.npy")));
        Path y = dir.resolve("y.npy");
        line = assertBadInput(run("eval", "--input", input, "--output", y, "--jacobian", dir.resolve("./y.npy"), model));
        assertTrue(line.contains("--jacobian names the same file as --output"), line);
        assertFalse(Files.exists(y), "nothing may be written");
    }

    @Test
    void evalOutputsGetTheModeOfAnyNewFile() throws IOException {
        Path y = dir.resolve("y.npy");
        Path png = dir.resolve("s.png");
        CliTest.Run r = run("eval", "--input", input, "--output", y, "--heatmap", png, model);
        assertEquals(0, r.exit(), r.err());
        var expected = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain.txt")));
        assertEquals(expected, Files.getPosixFilePermissions(y));
        assertEquals(expected, Files.getPosixFilePermissions(png));
    }

    @ParameterizedTest
    @ValueSource(strings = {"X$Y", "$", "var", "record", "class", "_", "Network"})
    void classNamesThatAreNoPlainJavaNameAreRefused(String name) throws IOException {
        Path out = dir.resolve("gen");
        String line = assertBadInput(run("generate", "--out", out, "--class", name, model));
        assertTrue(line.contains("--class: \"" + name + "\" is not a valid Java class name"), line);
        assertFalse(Files.exists(out), "nothing may be written");
        Graph graph = Netjac.read(model, ReadOptions.defaults());
        NetjacException e = assertThrows(NetjacException.class,
                () -> Netjac.generate(graph, Netjac.Options.defaults().withClassName(name)));
        assertTrue(e.getMessage().contains("class name \"" + name + "\" is not a valid Java class name"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "java.lang", "java.util.concurrent", "javax.swing", "com.a$b", "com.class"})
    void packagesOfTheJdkAndMalformedPackagesAreRefused(String name) throws IOException {
        Path out = dir.resolve("gen");
        String line = assertBadInput(run("generate", "--out", out, "--package", name, model));
        assertTrue(line.contains("--package: \"" + name + "\" is not a valid"), line);
        assertFalse(Files.exists(out), "nothing may be written");
        Graph graph = Netjac.read(model, ReadOptions.defaults());
        NetjacException e = assertThrows(NetjacException.class,
                () -> Netjac.generate(graph, Netjac.Options.defaults().withPackageName(name)));
        assertTrue(e.getMessage().contains("package name \"" + name + "\" is not a valid"), e.getMessage());
        assertThrows(NetjacException.class, () -> Netjac.writeSources(model, out, out,
                Netjac.Options.defaults().withPackageName(name)));
        assertFalse(Files.exists(out), "nothing may be written");
    }

    @Test
    void packagesThatOnlyStartLikeTheJdksAreFine() {
        Graph graph = Netjac.read(model, ReadOptions.defaults());
        assertEquals("javanets", Netjac.generate(graph, Netjac.Options.defaults().withPackageName("javanets")).packageName());
        assertEquals("com.java.x", Netjac.generate(graph, Netjac.Options.defaults().withPackageName("com.java.x")).packageName());
    }
}
