package dev.netjac.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * {@code netjac --version}: the version Maven wrote into {@code netjac-version.properties} when it built the
 * jar (resource filtering), so the CLI cannot drift from the pom, plus the Java runtime it runs on.
 */
final class VersionProvider implements CommandLine.IVersionProvider {
    static final String RESOURCE = "/dev/netjac/netjac-version.properties";

    /** The build's version, or "unknown" when the classes run without their filtered resource (an IDE build). */
    static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown");
            return version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "netjac " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                    + System.getProperty("java.vendor") + ")"
        };
    }
}
