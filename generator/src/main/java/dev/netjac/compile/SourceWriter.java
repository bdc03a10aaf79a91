package dev.netjac.compile;

import dev.netjac.NetjacException;
import dev.netjac.codegen.GeneratedNetwork;
import dev.netjac.runtime.WeightSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a generated class for a javac build: {@code <sourceRoot>/<package dirs>/<Class>.java} and the
 * weights resource {@code <resourceRoot>/<package dirs>/<Class>.weights}. Each file is written to a
 * temporary file beside its target and then moved into place, so a failure never leaves a half-written
 * output and the previous one stays intact; a kill between the two moves leaves a class and a resource of
 * different runs, which the generated class refuses by their fingerprints.
 *
 * <p>Temporary files are named {@code .#<target>.<random>.tmp}: hidden, never {@code .java} or {@code .weights}
 * (so javac and the netjac plugin's resource folder, which takes {@code **}{@code /*.weights} only, skip them),
 * and matching the {@code **}{@code /.#*} default exclude of Maven's and Gradle's resource and archive tasks
 * for a build that takes the whole folder. Leftovers of killed runs for the same class ({@code .<Class>.*.tmp}
 * and {@code .#<Class>.*.tmp}, covering the {@code .<target><digits>.tmp} of earlier versions) are removed on
 * the next write. Files are created like any other file the user writes, so their mode follows the umask (a
 * temporary file API would make them {@code rw-------}).
 */
public final class SourceWriter {
    private static final String TEMP_PREFIX = ".#";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The generated class's fingerprint constant, as JavaEmitter writes it. */
    private static final Pattern FINGERPRINT_CONSTANT = Pattern.compile("static final String FINGERPRINT = \"([0-9a-f]+)\";");

    private SourceWriter() {}

    /** The two files written. */
    public record Written(Path source, Path weights) {}

    public static Written write(GeneratedNetwork generated, Path sourceRoot, Path resourceRoot) {
        String packagePath = generated.packageName().replace('.', '/');
        Path sourceDir = packagePath.isEmpty() ? sourceRoot : sourceRoot.resolve(packagePath);
        Path resourceDir = packagePath.isEmpty() ? resourceRoot : resourceRoot.resolve(packagePath);
        Path source = sourceDir.resolve(generated.className() + ".java");
        Path weights = resourceDir.resolve(generated.weightsResourceName());
        Path tmpWeights = null;
        Path tmpSource = null;
        try {
            try {
                Files.createDirectories(resourceDir);
                Files.createDirectories(sourceDir);
                removeLeftovers(weights);
                removeLeftovers(source);
                tmpWeights = create(weights);
                try (OutputStream out = Files.newOutputStream(tmpWeights, StandardOpenOption.WRITE)) {
                    generated.weights().write(out);
                }
                tmpSource = create(source);
                Files.write(tmpSource, generated.source().getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE);
                move(tmpWeights, weights);
                move(tmpSource, source);
            } finally {
                deleteIfThere(tmpWeights);
                deleteIfThere(tmpSource);
            }
        } catch (IOException e) {
            throw new NetjacException(source + ": cannot write generated files: " + e);
        }
        return new Written(source, weights);
    }

    /**
     * True when {@code source}, a generated class, and {@code weights}, a weights resource, exist and carry the
     * same fingerprint: they were written by one run. False for a pair a kill between the two moves left (or a
     * file copied over one of them), which the class would refuse at run time, so a build regenerates it.
     */
    public static boolean isIntactPair(Path source, Path weights) {
        String classFingerprint = null;
        try (BufferedReader in = Files.newBufferedReader(source, StandardCharsets.UTF_8)) {
            for (String line; classFingerprint == null && (line = in.readLine()) != null; ) {
                Matcher m = FINGERPRINT_CONSTANT.matcher(line);
                if (m.find()) {
                    classFingerprint = m.group(1);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
        try (InputStream in = Files.newInputStream(weights)) {
            return classFingerprint != null && classFingerprint.equals(WeightSet.readFingerprint(in));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Deletes the temporary files killed runs left beside {@code target}: for {@code Big.java} or
     * {@code Big.weights}, every {@code .Big.*.tmp} and {@code .#Big.*.tmp} in its folder (ours, and the
     * {@code .Big.java<digits>.tmp} of earlier versions). Other files are never touched. Quiet: a leftover that
     * cannot be deleted is harmless, no build picks it up, and the next run tries again.
     */
    public static void removeLeftovers(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        String name = target.getFileName().toString();
        int dot = name.indexOf('.');
        String stem = (dot < 0 ? name : name.substring(0, dot)) + ".";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*" + TEMP_SUFFIX)) {
            for (Path file : files) {
                String n = file.getFileName().toString();
                if ((n.startsWith("." + stem) || n.startsWith(TEMP_PREFIX + stem)) && !Files.isDirectory(file)) {
                    deleteIfThere(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            // See above: harmless, retried next time.
        }
    }

    /** Creates a new, empty temporary file for {@code target} in its folder (O_EXCL: never an existing file or link). */
    private static Path create(Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = target.resolveSibling(TEMP_PREFIX + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36)
                    + TEMP_SUFFIX);
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private static void deleteIfThere(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Removed by the next run (removeLeftovers).
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
