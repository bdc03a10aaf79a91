package dev.netjac.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's {@code --help} ends with an example, and each example is a command line picocli accepts whose
 * input files exist in the repository (so examples cannot go stale); {@code --version} prints the pom's version.
 */
class CliHelpTest {
    static final Path ROOT = Path.of("..");

    @Test
    void everyCommandsHelpShowsAnExampleThatParsesAndNamesRealFiles() {
        List<String> commands = new ArrayList<>(new CommandLine(new NetjacCli()).getSubcommands().keySet());
        commands.removeIf(name -> name.equals("help"));
        assertTrue(commands.size() >= 5, commands.toString());
        commands.add(0, "");   // the top-level netjac --help
        for (String command : commands) {
            String[] args = command.isEmpty() ? new String[] {"--help"} : new String[] {command, "--help"};
            CliTest.Run help = CliTest.run((Object[]) args);
            assertEquals(0, help.exit(), command + ": " + help.err());
            assertTrue(help.out().contains("Example"), "netjac " + command + " --help has no example:\n" + help.out());
            List<String[]> examples = examples(help.out());
            assertFalse(examples.isEmpty(), "netjac " + command + " --help: no example line:\n" + help.out());
            for (String[] example : examples) {
                if (!command.isEmpty()) {
                    assertEquals(command, example[0], "an example of " + command + " runs another command");
                }
                String line = String.join(" ", example);
                try {
                    new CommandLine(new NetjacCli()).parseArgs(example);
                } catch (CommandLine.ParameterException e) {
                    throw new AssertionError("example 'netjac " + line + "' does not parse: " + e.getMessage(), e);
                }
                for (int i = 1; i < example.length; i++) {
                    boolean input = example[i].endsWith(".json") || example[i - 1].equals("--input");
                    if (input) {
                        assertTrue(Files.isRegularFile(ROOT.resolve(example[i])), "example 'netjac " + line + "': "
                                + example[i] + " does not exist in the repository");
                    }
                }
            }
        }
    }

    /** The argument lists of the help text's "  netjac ..." lines, without the leading "netjac". */
    private static List<String[]> examples(String help) {
        List<String[]> out = new ArrayList<>();
        // A long example continues on the next line after a shell-style backslash.
        for (String line : help.replaceAll("\\\\\\R\\s*", "").split("\\R")) {
            if (line.startsWith("  netjac ")) {
                String[] words = line.trim().split("\\s+");
                out.add(Arrays.copyOfRange(words, 1, words.length));
            }
        }
        return out;
    }

    @Test
    void versionIsThePomsVersion() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>netjac-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(m.find(), "no version in pom.xml");
        CliTest.Run version = CliTest.run("--version");
        assertEquals(0, version.exit(), version.err());
        String[] lines = version.out().split("\\R");
        assertEquals("netjac " + m.group(1), lines[0]);
        assertTrue(lines[1].startsWith("Java " + System.getProperty("java.version")), lines[1]);
        assertEquals(m.group(1), VersionProvider.version());
    }
}
