package dev.netjac.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code generate} leaves on disk: the two outputs with the mode any file the user writes gets, no temporary
 * file, and no leftover of a killed run for the same targets (while other files stay).
 */
class SourceWriterTest {
    @TempDir
    Path dir;

    private Path model() throws IOException {
        Path model = dir.resolve("tiny.json");
        Files.writeString(model, "{\"netjac\": 1, \"name\": \"Tiny\", \"input\": {\"shape\": [2]}, \"layers\": [{\"type\": \"dense\","
                + " \"units\": 2, \"kernel\": [[1, 2], [3, 4]], \"bias\": [0, 0]}]}");
        return model;
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void leftoversOfKilledRunsForTheSameTargetsAreRemovedOthersStay() throws IOException {
        Path out = Files.createDirectories(dir.resolve("gen/p"));
        Path res = Files.createDirectories(dir.resolve("res/p"));
        for (String stale : List.of(".Tiny.java8123456.tmp", ".Tiny.java-42.tmp", ".#Tiny.java.k3j.tmp", ".Tiny.x.tmp")) {
            Files.write(out.resolve(stale), new byte[100]);
        }
        for (String stale : List.of(".Tiny.weights977.tmp", ".#Tiny.weights.abc.tmp")) {
            Files.write(res.resolve(stale), new byte[100]);
        }
        // Another class's leftovers (maybe a run in progress) and the user's files are not ours to delete.
        for (String other : List.of(".Tinyer.java12.tmp", "notes.tmp", ".Tiny.txt", "Tiny.java.bak")) {
            Files.write(out.resolve(other), new byte[1]);
        }
        Netjac.writeSources(model(), dir.resolve("gen"), dir.resolve("res"), Netjac.Options.defaults().withPackageName("p"));
        assertEquals(List.of(".Tiny.txt", ".Tinyer.java12.tmp", "Tiny.java", "Tiny.java.bak", "notes.tmp"), names(out));
        assertEquals(List.of("Tiny.weights"), names(res));
    }

    @Test
    void outputsGetTheModeOfAnyNewFileInTheirFolder() throws IOException {
        Path out = dir.resolve("gen");
        SourceWriter.Written written = Netjac.writeSources(model(), out, out, Netjac.Options.defaults().withPackageName("p"));
        Path viaNio = Files.createFile(out.resolve("p/viaNio.txt"));
        Path viaStream = out.resolve("p/viaStream.txt");
        new FileOutputStream(viaStream.toFile()).close();
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(viaNio);
        assertEquals(expected, Files.getPosixFilePermissions(viaStream));
        assertEquals(expected, Files.getPosixFilePermissions(written.source()));
        assertEquals(expected, Files.getPosixFilePermissions(written.weights()));
    }

    /** The CLI in a fresh JVM under {@code umask}, checked against a file the same shell creates. */
    @Test
    void cliOutputsFollowTheUmask() throws Exception {
        Path model = model();
        for (String umask : List.of("022", "077", "002")) {
            Path out = dir.resolve("gen" + umask);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", "umask " + umask + " && \"$0\" -cp \"$1\" dev.netjac.cli.NetjacCli"
                    + " generate --out \"$2\" --package p \"$3\" && : > \"$2/p/shell.txt\"",
                    java, System.getProperty("java.class.path"), out.toString(), model.toString());
            pb.redirectErrorStream(true);
            Process process = pb.start();
            String log = new String(process.getInputStream().readAllBytes());
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "generate did not finish");
            assertEquals(0, process.exitValue(), log);
            Set<PosixFilePermission> shell = Files.getPosixFilePermissions(out.resolve("p/shell.txt"));
            String expected = umask.equals("022") ? "rw-r--r--" : umask.equals("077") ? "rw-------" : "rw-rw-r--";
            assertEquals(expected, PosixFilePermissions.toString(shell), "the shell's own file");
            assertEquals(shell, Files.getPosixFilePermissions(out.resolve("p/Tiny.java")), "umask " + umask);
            assertEquals(shell, Files.getPosixFilePermissions(out.resolve("p/Tiny.weights")), "umask " + umask);
            assertFalse(names(out.resolve("p")).stream().anyMatch(n -> n.endsWith(".tmp")), names(out.resolve("p")).toString());
        }
    }
}
