package dev.netjac.samples.solver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Runs both samples as a user would; each checks its answers against the exact arm kinematics. */
class SolverSamplesTest {
    static final Path FOLDER = Path.of(".");

    @Test
    void inverseKinematicsReachesEveryTargetWithinTheJointLimits() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean ok = InverseKinematics.run(FOLDER, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(ok, out);
        assertTrue(!out.contains("FAILED") && out.contains(" ok"), out);
    }

    @Test
    void newtonConvergesForEveryTarget() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean ok = NewtonArm.run(FOLDER, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(ok, out);
        assertTrue(!out.contains("FAILED") && out.contains(" ok"), out);
    }
}
