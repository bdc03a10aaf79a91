package dev.netjac.spec;

import dev.netjac.NetjacException;
import dev.netjac.UserText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The folder a model file lives in, and the one place that turns a file reference written inside the model
 * (a weight file, a TF.js shard, ONNX external data, …) into a file netjac may read.
 *
 * <p>A model file must not make netjac read arbitrary files. So a reference is resolved relative to the folder,
 * and both the folder and the file are resolved to their <em>real</em> paths (every symbolic link followed);
 * the file is refused when its real path is not inside the folder's real path, whether it got out by
 * {@code ..}, an absolute path, or a symlinked file or folder. {@link ReadOptions#allowWeightsOutsideModelDir()}
 * (CLI {@code --allow-outside}) lifts exactly that check and nothing else: the file must still exist and be a
 * regular file.
 *
 * <p>Messages start with the quoted reference as written in the model, so that callers can prefix the place it
 * came from: {@code "w1.npy" is outside the model's folder …}. They never show the bytes, size or real path of a
 * refused file. Usage:
 * <pre>{@code
 * ModelFolder folder = ModelFolder.of(specFile.getParent(), options, "the spec");
 * Path file = folder.resolve(name, message -> layer.error("'kernel': " + message));
 * }</pre>
 */
public final class ModelFolder {
    private final Path folder;
    private final Path realFolder;
    private final boolean allowOutside;
    private final String modelName;

    private ModelFolder(Path folder, Path realFolder, boolean allowOutside, String modelName) {
        this.folder = folder;
        this.realFolder = realFolder;
        this.allowOutside = allowOutside;
        this.modelName = modelName;
    }

    /**
     * The folder {@code folder} (null means the working directory), under the rules of {@code options}.
     *
     * @param modelName how "not found" messages name the model file: {@code "w1.npy" not found next to <modelName>}
     * @throws NetjacException if the folder does not exist
     */
    public static ModelFolder of(Path folder, ReadOptions options, String modelName) {
        Path dir = (folder == null ? Path.of("") : folder).toAbsolutePath().normalize();
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            throw new NetjacException(UserText.quote(dir.toString()) + ": the model's folder cannot be read");
        }
        return new ModelFolder(dir, real, options.allowWeightsOutsideModelDir(), modelName);
    }

    /** The folder as given, absolute and normalized (not resolved through symlinks). */
    public Path path() {
        return folder;
    }

    /** Whether references may leave the folder ({@code --allow-outside}). */
    public boolean allowsOutside() {
        return allowOutside;
    }

    /**
     * Resolves {@code reference} to the real path of an existing regular file that netjac may read.
     *
     * @param reference the file name as written in the model, relative to the folder
     * @param error makes the exception to throw from a message that starts with the quoted reference; the caller
     *     adds where in the model the reference was found
     * @return the file's real path (read this path, so that a symlink swapped afterwards is not followed)
     */
    public Path resolve(String reference, Function<String, NetjacException> error) {
        String quoted = UserText.quote(reference);
        if (reference == null || reference.isEmpty() || reference.indexOf('\0') >= 0) {
            throw error.apply(quoted + " is not a file name");
        }
        Path relative;
        try {
            relative = Path.of(reference);
        } catch (RuntimeException e) {
            throw error.apply(quoted + " is not a valid path");
        }
        Path file = folder.resolve(relative).normalize();
        if (!allowOutside && (relative.isAbsolute() || !file.startsWith(folder))) {
            throw error.apply(quoted + " is outside the model's folder; files must be given relative to it, without '..'"
                    + " (allow it with --allow-outside)");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw error.apply(quoted + " not found next to " + modelName);
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            // A dangling symlink or an unreadable folder on the way; say no more about where it points.
            throw error.apply(quoted + " cannot be opened (a broken symbolic link, or a folder on its path cannot be read)");
        }
        if (!allowOutside && !real.startsWith(realFolder)) {
            throw error.apply(quoted + " is a symbolic link (or inside a linked folder) leading outside the model's folder;"
                    + " files must really be inside it (allow it with --allow-outside)");
        }
        if (Files.isDirectory(real)) {
            throw error.apply(quoted + " is a folder, expected a file");
        }
        if (!Files.isRegularFile(real)) {
            throw error.apply(quoted + " is not a regular file");
        }
        return real;
    }

    /** Whether {@code file}'s real path is inside this folder's real path (false if it cannot be resolved). */
    public boolean contains(Path file) {
        try {
            return file.toAbsolutePath().toRealPath().startsWith(realFolder);
        } catch (IOException e) {
            return false;
        }
    }
}
