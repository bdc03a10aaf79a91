package dev.netjac.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A JVM without jdk.incubator.vector gets the plain kernels and one log line, at first use, naming the flag
 * that makes netjac faster; a JVM with it, or with -Dnetjac.simd=false, gets none. Runs fresh JVMs, since the
 * choice is made once per JVM.
 */
class MissingVectorModuleTest {

    /** Uses the kernels twice and prints which implementation it got. */
    public static void main(String[] args) {
        System.out.println(Kernels.implementation());
        System.out.println(Kernels.implementation());
    }

    @Test
    void oneLineNamesTheFlagWhenTheModuleIsMissing() throws Exception {
        Result r = run();
        assertEquals("plain\nplain", r.out);
        // One message through System.Logger (java.util.logging's default format adds a source line above it).
        List<String> notice = r.errLines().stream().filter(l -> l.contains("jdk.incubator.vector")).collect(Collectors.toList());
        assertEquals(1, notice.size(), "stderr: " + r.err);
        assertTrue(notice.get(0).contains("--add-modules jdk.incubator.vector"), notice.get(0));
    }

    @Test
    void silentWithTheModuleOrWhenPlainIsChosen() throws Exception {
        Result vector = run("--add-modules", "jdk.incubator.vector");
        assertTrue(vector.out.startsWith("vector-"), vector.out);
        assertTrue(vector.errLines().stream().noneMatch(l -> l.contains("netjac")), vector.err);
        Result off = run("-Dnetjac.simd=false");
        assertEquals("plain\nplain", off.out);
        assertTrue(off.errLines().stream().noneMatch(l -> l.contains("netjac")), off.err);
    }

    private record Result(String out, String err) {
        List<String> errLines() {
            return Arrays.stream(err.split("\n")).filter(l -> !l.isBlank()).collect(Collectors.toList());
        }
    }

    private static Result run(String... options) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new java.util.ArrayList<>(List.of(java));
        command.addAll(Arrays.asList(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MissingVectorModuleTest.class.getName()));
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        return new Result(out, err);
    }
}
