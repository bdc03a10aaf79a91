package dev.netjac.spec;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files a model reader opened, in the order first opened, each once: the model file, then its weight
 * files, archives and shards. The Maven plugin hashes exactly these to decide whether a model is stale, so a
 * reader adds every file whose bytes it reads, and nothing else.
 */
public final class ReadFiles {
    private final Set<Path> files = new LinkedHashSet<>();

    /** Records {@code file} (made absolute and normalized). */
    public void add(Path file) {
        files.add(file.toAbsolutePath().normalize());
    }

    public List<Path> list() {
        return List.copyOf(files);
    }
}
