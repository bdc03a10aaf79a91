import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's Example, compiled from src/main/java as the README shows it, and the library's dependencies. */
class ExampleTest {
    @Test
    void readmeExampleRuns() {
        PrintStream saved = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            // relu(x1 + x2) - 2 relu(x1 + x2 - 1) at x = 0: y = [0.0].
            Example.main(new String[] {"xor.json"});
        } finally {
            System.setOut(saved);
        }
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("[0.0]"), printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void libraryUsersDoNotGetTheCliDependency() {
        // picocli is optional in netjac-generator: only the CLI jar needs it.
        assertThrows(ClassNotFoundException.class, () -> Class.forName("picocli.CommandLine"));
    }
}
