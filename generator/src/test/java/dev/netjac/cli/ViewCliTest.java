package dev.netjac.cli;

import static dev.netjac.cli.CliTest.assertBadInput;
import static dev.netjac.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netjac view}'s bad input: one-line errors before any server starts (the page itself: ExplorerBrowserTest). */
class ViewCliTest {
    @TempDir
    Path dir;

    @Test
    void badOptionsAreOneLineErrors() throws Exception {
        assertEquals("netjac: --port: expected 0 to 65535, found 70000", assertBadInput(run("view", "--port", "70000", CliTest.SEED)));
        assertEquals("netjac: --layout: expected auto, channels-last, channels-first or vector, found \"nhwc\"",
                assertBadInput(run("view", "--layout", "nhwc", CliTest.SEED)));
        Path labels = dir.resolve("labels.txt");
        Files.writeString(labels, "only one\n");
        assertEquals("netjac: " + labels + ": 1 labels, expected 10 (one per line, one per network output) (--labels)",
                assertBadInput(run("view", "--labels", labels, "--port", "0", CliTest.SEED)));
        assertEquals("netjac: input shape (500,) is not an image: channels-first expects (C, H, W)",
                assertBadInput(run("view", "--layout", "channels-first", "--port", "0", CliTest.SEED)));
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            String line = assertBadInput(run("view", "--port", port, CliTest.SEED));
            CliTest.assertContains(line, "cannot listen on 127.0.0.1:" + port, "try --port 0");
        }
    }
}
