package dev.netjac.weights;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opening weight files for reading, with the file-level failures every reader reports the same way. */
final class WeightFiles {
    private WeightFiles() {}

    /**
     * Opens {@code file} for reading. A directory is refused here because on Linux opening one succeeds and
     * only the first read fails, with a less helpful message.
     */
    static FileChannel open(Path file, String source) throws IOException {
        if (Files.isDirectory(file)) {
            throw Messages.fail(source, "cannot read: expected a file, found a directory");
        }
        return FileChannel.open(file, StandardOpenOption.READ);
    }
}
