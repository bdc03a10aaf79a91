package dev.netjac.cli;

import dev.netjac.NetjacException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Checks on the files a command is about to write, made before any work so that a mistake costs nothing. */
final class OutputFiles {
    private OutputFiles() {}

    /**
     * Fails when {@code file} (given with {@code option}) could not be written as asked: its name does not end
     * in {@code extension} (the one format netjac writes there: NumPy data in a file called j.png helps nobody),
     * it is a folder, or its folder is missing. Does nothing for null.
     */
    static void require(Path file, String option, String extension) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new NetjacException(file + ": expected a file name, found a folder (" + option + ")");
        }
        String name = file.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(extension)) {
            throw new NetjacException(file + ": " + option + " writes a " + extension + " file, found a name ending in "
                    + extensionOf(name) + "; name it like " + stem(name) + extension);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new NetjacException(file + ": cannot write: folder " + parent + " not found (" + option + ")");
        }
    }

    private static String extensionOf(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "no extension" : "'" + name.substring(dot) + "'";
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }

    /**
     * Fails when an output is the same file as a file read or as another output: {@code eval --output x.npy
     * --input x.npy} would otherwise replace the inputs while they are still needed, and a weight file of the
     * model named as an output would be overwritten. Compared as real files, so {@code ./x.npy}, a symlink or
     * a hard link to an input count as the input. Keys are the options (or "the model"), nulls are skipped.
     */
    static void requireDistinct(Map<String, Path> outputs, Map<String, Path> inputs) {
        List<Map.Entry<String, Path>> seen = new ArrayList<>();
        for (Map.Entry<String, Path> read : inputs.entrySet()) {
            if (read.getValue() != null) {
                seen.add(read);
            }
        }
        for (Map.Entry<String, Path> written : outputs.entrySet()) {
            if (written.getValue() == null) {
                continue;
            }
            for (Map.Entry<String, Path> other : seen) {
                if (sameFile(written.getValue(), other.getValue())) {
                    throw new NetjacException(written.getValue() + ": " + written.getKey() + " names the same file as "
                            + other.getKey() + (other.getValue().equals(written.getValue()) ? "" : " (" + other.getValue() + ")")
                            + "; write it to another file");
                }
            }
            seen.add(written);
        }
    }

    private static boolean sameFile(Path a, Path b) {
        if (Files.exists(a) && Files.exists(b)) {
            try {
                return Files.isSameFile(a, b);
            } catch (IOException e) {
                // Fall back to comparing where the paths lead.
            }
        }
        return whereItLeads(a).equals(whereItLeads(b));
    }

    /** The real path of {@code file}, or for a file not yet there, its folder's real path and its name. */
    private static Path whereItLeads(Path file) {
        Path abs = file.toAbsolutePath();
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            // Not there (yet): resolve its folder instead.
        }
        Path parent = abs.getParent();
        try {
            return parent == null ? abs.normalize() : parent.toRealPath().resolve(abs.getFileName());
        } catch (IOException e) {
            return abs.normalize();
        }
    }
}
