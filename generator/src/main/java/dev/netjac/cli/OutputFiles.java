package dev.netjac.cli;

import dev.netjac.NetjacException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

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
}
