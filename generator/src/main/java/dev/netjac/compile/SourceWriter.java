package dev.netjac.compile;

import dev.netjac.NetjacException;
import dev.netjac.codegen.GeneratedNetwork;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a generated class for a javac build: {@code <sourceRoot>/<package dirs>/<Class>.java} and the
 * weights resource {@code <resourceRoot>/<package dirs>/<Class>.weights}. Each file is written to a
 * temporary file beside its target and then moved into place, so a failure never leaves a half-written
 * output and the previous one stays intact.
 */
public final class SourceWriter {
    private SourceWriter() {}

    /** The two files written. */
    public record Written(Path source, Path weights) {}

    public static Written write(GeneratedNetwork generated, Path sourceRoot, Path resourceRoot) {
        String packagePath = generated.packageName().replace('.', '/');
        Path sourceDir = packagePath.isEmpty() ? sourceRoot : sourceRoot.resolve(packagePath);
        Path resourceDir = packagePath.isEmpty() ? resourceRoot : resourceRoot.resolve(packagePath);
        Path source = sourceDir.resolve(generated.className() + ".java");
        Path weights = resourceDir.resolve(generated.weightsResourceName());
        try {
            Path tmpWeights = temp(resourceDir, weights);
            Path tmpSource = temp(sourceDir, source);
            try {
                try (OutputStream out = Files.newOutputStream(tmpWeights)) {
                    generated.weights().write(out);
                }
                Files.write(tmpSource, generated.source().getBytes(StandardCharsets.UTF_8));
                move(tmpWeights, weights);
                move(tmpSource, source);
            } finally {
                Files.deleteIfExists(tmpWeights);
                Files.deleteIfExists(tmpSource);
            }
        } catch (IOException e) {
            throw new NetjacException(source + ": cannot write generated files: " + e);
        }
        return new Written(source, weights);
    }

    private static Path temp(Path dir, Path target) throws IOException {
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
