package dev.netjac.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress on stderr from check and eval (plain lines: tests have no terminal), shown at once by
 * netjac.progress.delayMs=0, and silenced by --quiet. Stdout is the same either way.
 */
class CliProgressTest {
    @TempDir
    Path dir;

    @BeforeEach
    void showAtOnce() {
        System.setProperty("netjac.progress.delayMs", "0");
    }

    @AfterEach
    void restore() {
        System.clearProperty("netjac.progress.delayMs");
    }

    @Test
    void checkReportsCompileStagesAndPoints() {
        CliTest.Run run = CliTest.run("check", CliTest.SEED, "--points", "4");
        assertEquals(0, run.exit(), run.err());
        CliTest.assertContains(run.err(), "ScaledSeedNet: 0/2 (0%), generating Java",
                "ScaledSeedNet: 1/2 (50%), compiling ", " lines with Janino", "ScaledSeedNet: done, 2 in ",
                "check: 1/4 (25%)", "check: 4/4 (100%)", "check: done, 4 in ");
        CliTest.Run quiet = CliTest.run("check", CliTest.SEED, "--points", "4", "--quiet");
        assertEquals(0, quiet.exit(), quiet.err());
        assertEquals("", quiet.err());
        assertEquals(run.out(), quiet.out());
    }

    @Test
    void evalReportsTheBatch() {
        Path y = dir.resolve("y.npy");
        CliTest.Run run = CliTest.run("eval", CliTest.SEED, "--input", CliTest.SEED_DIR.resolve("scaled/reference/x.npy"),
                "--output", y);
        assertEquals(0, run.exit(), run.err());
        CliTest.assertContains(run.err(), "eval: 1/8 (12%)", "eval: 8/8 (100%)", "eval: done, 8 in ");
        CliTest.Run quiet = CliTest.run("eval", CliTest.SEED, "--input", CliTest.SEED_DIR.resolve("scaled/reference/x.npy"),
                "--output", y, "-q");
        assertEquals("", quiet.err());
        assertTrue(quiet.out().isEmpty());
    }
}
