package dev.netjac.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netjac.ModelFormat;
import dev.netjac.ModelSource;
import dev.netjac.Netjac;
import dev.netjac.NetjacException;
import dev.netjac.Progress;
import dev.netjac.codegen.Identifiers;
import dev.netjac.compile.SourceWriter;
import dev.netjac.keras.KerasFileReader;
import dev.netjac.spec.ModelFolder;
import dev.netjac.spec.ReadOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The netjac Maven plugin's work, free of Maven types so that it can be tested directly: finds the models
 * under a source folder, regenerates those whose inputs changed, and removes the outputs of models that are
 * gone.
 *
 * <p>For each model a status file {@code <statusDirectory>/<model path>.sha256} records a SHA-256 over the
 * model file's bytes, the names and bytes of exactly the files its reading opened (weight files, npz and
 * safetensors archives, TF.js shards: {@link Netjac#readSource}), the plugin's version and the package name;
 * then the files the model's generation wrote and the files it read. A model is up to date when the hash of
 * the files last read still matches and all written files still exist. A file the model merely names (a
 * string field that is no weight reference) is not read, so it does not count. The status file is written
 * only after the model's files were written.
 */
public final class NetjacGenerator {
    static final String STATUS_SUFFIX = ".sha256";
    static final String DEFAULT_PACKAGE = "netjac";
    /** The model files looked for when no includes are given (GenerateMojo's default says the same). */
    static final List<String> DEFAULT_INCLUDES = List.of("**/*.json", "**/*.h5", "**/*.keras", "**/*.onnx");

    /** A failure to generate one model; its message is netjac's one-line message. */
    public static final class GenerationException extends Exception {
        private static final long serialVersionUID = 1L;

        GenerationException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What one run did. Paths are model paths relative to the source folder, with '/' separators. */
    public record Result(List<String> generated, List<String> upToDate, List<String> removed) {}

    private final Path sourceDirectory;
    private final Path outputDirectory;
    private final Path resourceOutputDirectory;
    private final Path statusDirectory;
    private final List<String> includes;
    private final List<String> excludes;
    private final String packageName;
    /** Per-model class names and packages, by model path relative to the source folder. */
    private Map<String, Model> named = Map.of();
    private final String pluginVersion;
    private final Consumer<String> info;
    private final Consumer<String> debug;
    /** How long a run goes before it logs progress; tests set 0. */
    long progressDelayNanos = Progress.delayNanos();
    private ReadOptions readOptions = ReadOptions.defaults();

    /**
     * @param packageName the package of every generated class, or null/empty to derive it from the model's
     *     folder relative to {@code sourceDirectory} ({@value #DEFAULT_PACKAGE} for models directly in it)
     */
    public NetjacGenerator(Path sourceDirectory, Path outputDirectory, Path resourceOutputDirectory,
            Path statusDirectory, List<String> includes, List<String> excludes, String packageName,
            String pluginVersion, Consumer<String> info, Consumer<String> debug) {
        this.sourceDirectory = sourceDirectory.toAbsolutePath().normalize();
        this.outputDirectory = outputDirectory.toAbsolutePath().normalize();
        this.resourceOutputDirectory = resourceOutputDirectory.toAbsolutePath().normalize();
        this.statusDirectory = statusDirectory.toAbsolutePath().normalize();
        this.includes = includes == null || includes.isEmpty() ? DEFAULT_INCLUDES : List.copyOf(includes);
        this.excludes = excludes == null ? List.of() : List.copyOf(excludes);
        this.packageName = packageName == null ? "" : packageName.trim();
        this.pluginVersion = pluginVersion == null ? "" : pluginVersion;
        this.info = info;
        this.debug = debug;
    }

    /**
     * The version that goes into every model's hash: the plugin's version, and for a -SNAPSHOT also the size
     * and time of the plugin's and the generator's jars, so that a rebuilt snapshot regenerates everything.
     */
    public static String toolVersion(String pluginVersion) {
        StringBuilder sb = new StringBuilder(String.valueOf(pluginVersion));
        if (pluginVersion != null && pluginVersion.endsWith("-SNAPSHOT")) {
            for (Class<?> c : List.of(NetjacGenerator.class, Netjac.class)) {
                try {
                    Path jar = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
                    if (Files.isRegularFile(jar)) {
                        sb.append(' ').append(Files.size(jar)).append('@').append(Files.getLastModifiedTime(jar).toMillis());
                    }
                } catch (Exception e) {
                    sb.append(" ?");
                }
            }
        }
        return sb.toString();
    }

    /**
     * Gives the models listed in {@code models} their own class name and/or package (each entry's file is
     * relative to the source folder); returns this.
     */
    public NetjacGenerator withModels(List<Model> models) throws GenerationException {
        Map<String, Model> byFile = new HashMap<>();
        for (Model m : models == null ? List.<Model>of() : models) {
            String file = m.file() == null ? "" : m.file().trim().replace('\\', '/');
            if (file.isEmpty()) {
                throw new GenerationException("netjac: <models>: a <model> without <file>; give the model file"
                        + " relative to " + sourceDirectory, null);
            }
            String cls = blankToNull(m.className());
            String pkg = blankToNull(m.packageName());
            if (cls != null && Identifiers.classNameProblem(cls) != null) {
                throw new GenerationException("netjac: <models>: " + file + ": className " + cls + " "
                        + Identifiers.classNameProblem(cls), null);
            }
            if (pkg != null && Identifiers.packageNameProblem(pkg) != null) {
                throw new GenerationException("netjac: <models>: " + file + ": packageName " + pkg + " "
                        + Identifiers.packageNameProblem(pkg), null);
            }
            if (byFile.put(file, new Model(file, cls, pkg)) != null) {
                throw new GenerationException("netjac: <models>: " + file + " is listed twice", null);
            }
        }
        this.named = Map.copyOf(byFile);
        return this;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    /**
     * Lets models read files outside their folder ({@code ..}, absolute paths, symlinks leading out), and model
     * files be symlinks leading out of the source folder: the plugin's {@code <allowOutside>}, the CLI's
     * {@code --allow-outside}. Off by default.
     */
    public NetjacGenerator allowOutside(boolean allow) {
        readOptions = readOptions.withAllowWeightsOutsideModelDir(allow);
        return this;
    }

    /** Runs once: removes stale outputs, then generates every model that is not up to date. */
    public Result run() throws GenerationException {
        if (!packageName.isEmpty() && Identifiers.packageNameProblem(packageName) != null) {
            throw new GenerationException("netjac: packageName " + packageName + " "
                    + Identifiers.packageNameProblem(packageName), null);
        }
        List<String> models = findModels();
        for (String file : new TreeSet<>(named.keySet())) {
            if (!models.contains(file)) {
                throw new GenerationException("netjac: <models>: " + file + " is not a model under " + sourceDirectory
                        + (models.isEmpty() ? "" : "; its models are " + String.join(", ", models.subList(0, Math.min(10, models.size())))), null);
            }
        }
        List<String> removed = removeStale(new TreeSet<>(models));
        List<String> generated = new ArrayList<>();
        List<String> upToDate = new ArrayList<>();
        Map<Path, String> owners = new HashMap<>();
        // A build with many models logs how far it got (a line per tenth, once it takes longer than the delay).
        Progress progress = Progress.lines(info, "netjac: models", models.size(), System::nanoTime, progressDelayNanos);
        for (String model : models) {
            String pkg = packageFor(model);
            String cls = named.containsKey(model) ? named.get(model).className() : null;
            // What the hash covers of the naming: the package, and a configured class name when there is one.
            String naming = cls == null ? pkg : pkg + "\nclass " + cls;
            Path spec = sourceDirectory.resolve(model);
            refuseIfOutside(model, spec);
            Path statusFile = statusFile(model);
            Status previous = readStatus(statusFile);
            List<Path> outputs;
            if (previous != null && previous.hash().equals(hash(spec, naming, previous.inputs()))
                    && previous.outputs().stream().allMatch(Files::isRegularFile) && isIntactPair(model, previous.outputs())) {
                debug.accept("netjac: " + model + " is up to date");
                upToDate.add(model);
                outputs = previous.outputs();
                // Generating removes a killed run's temporary files; an up-to-date model must not keep them either.
                outputs.forEach(SourceWriter::removeLeftovers);
            } else {
                Generated made = generate(spec, pkg, cls);
                outputs = made.outputs();
                if (previous != null) {
                    for (Path old : previous.outputs()) {
                        if (!outputs.contains(old)) {
                            deleteQuietly(old);
                        }
                    }
                }
                // Hashed after generation: only now is it known which files the model's reading opened.
                writeStatus(statusFile, new Status(hash(spec, naming, made.inputs()), outputs, made.inputs()));
                generated.add(model);
                info.accept("netjac: generated " + outputs.get(0).getFileName() + " (package " + pkg + ") from " + model);
            }
            for (Path out : outputs) {
                String other = owners.putIfAbsent(out, model);
                if (other != null) {
                    throw new GenerationException("netjac: " + model + " and " + other + " both generate "
                            + out.getFileName() + " in package " + pkg
                            + "; give the models different names or put them in different folders", null);
                }
            }
            progress.advance(1);
        }
        progress.done();
        if (models.isEmpty()) {
            info.accept("netjac: no models in " + sourceDirectory);
        } else if (generated.isEmpty()) {
            info.accept("netjac: " + upToDate.size() + " models up to date");
        } else {
            info.accept("netjac: " + generated.size() + " models generated, " + upToDate.size() + " up to date");
        }
        return new Result(generated, upToDate, removed);
    }

    /**
     * False when the class and weights resource a model last generated carry different fingerprints (a kill
     * between their writes, or a file copied over one): the class would refuse its weights, so it is regenerated.
     */
    private boolean isIntactPair(String model, List<Path> outputs) {
        if (outputs.size() != 2 || SourceWriter.isIntactPair(outputs.get(0), outputs.get(1))) {
            return true;
        }
        info.accept("netjac: " + model + ": its class and weights resource come from different runs; regenerating both");
        return false;
    }

    /** A model file that is a symlink out of the source folder is refused before a byte of it is read. */
    private void refuseIfOutside(String model, Path spec) throws GenerationException {
        if (!readOptions.allowWeightsOutsideModelDir()
                && !ModelFolder.of(sourceDirectory, readOptions, "the model").contains(spec)) {
            throw new GenerationException("netjac: " + model + " is a symbolic link (or inside a linked folder) leading"
                    + " outside " + sourceDirectory + "; models must really be inside it (allow it with <allowOutside>)", null);
        }
    }

    /** What generating one model wrote, and the files (other than the model file) its reading opened. */
    private record Generated(List<Path> outputs, List<String> inputs) {}

    private Generated generate(Path spec, String pkg, String className) throws GenerationException {
        try {
            ModelSource source = Netjac.readSource(spec, readOptions);
            SourceWriter.Written written = SourceWriter.write(
                    Netjac.generate(source.graph(), Netjac.Options.defaults().withPackageName(pkg).withClassName(className)),
                    outputDirectory, resourceOutputDirectory);
            return new Generated(List.of(written.source().toAbsolutePath().normalize(),
                    written.weights().toAbsolutePath().normalize()), inputNames(spec, source.files()));
        } catch (NetjacException e) {
            throw new GenerationException(e.getMessage(), e);
        }
    }

    /** The package for {@code model}: the configured one, else its folder relative to the source folder. */
    String packageFor(String model) throws GenerationException {
        if (named.containsKey(model) && named.get(model).packageName() != null) {
            return named.get(model).packageName();
        }
        if (!packageName.isEmpty()) {
            return packageName;
        }
        int slash = model.lastIndexOf('/');
        if (slash < 0) {
            return DEFAULT_PACKAGE;
        }
        String folder = model.substring(0, slash);
        String pkg = folder.replace('/', '.');
        if (Identifiers.isJdkPackage(pkg)) {
            throw new GenerationException("netjac: " + model + ": package " + pkg + " (from its folder) "
                    + Identifiers.packageNameProblem(pkg) + "; rename the folder or set <packageName>", null);
        }
        for (String part : folder.split("/", -1)) {
            // A lone "java" is fine below the top (com/java/nets); at the top the JDK check above refused it.
            if (part.isEmpty() || !Identifiers.isJdkPackage(part) && !Identifiers.isValidPackageName(part)) {
                throw new GenerationException("netjac: " + model + ": folder '" + part + "' is not a valid Java identifier,"
                        + " so no package name can be derived from " + folder + "; rename the folder or set <packageName>", null);
            }
        }
        return pkg;
    }

    // ---------------------------------------------------------------- finding models

    List<String> findModels() {
        if (!Files.isDirectory(sourceDirectory)) {
            return List.of();
        }
        List<Pattern> in = includes.stream().map(NetjacGenerator::antPattern).toList();
        List<Pattern> out = excludes.stream().map(NetjacGenerator::antPattern).toList();
        ModelFolder folder = ModelFolder.of(sourceDirectory, readOptions, "the model");
        try (Stream<Path> files = Files.walk(sourceDirectory)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> sourceDirectory.relativize(p).toString().replace('\\', '/'))
                    .filter(rel -> in.stream().anyMatch(p -> p.matcher(rel).matches()))
                    .filter(rel -> out.stream().noneMatch(p -> p.matcher(rel).matches()))
                    // A model file leading outside is kept (and refused in run) without being opened here.
                    .filter(rel -> !folder.contains(sourceDirectory.resolve(rel)) || isModel(rel))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * False for a file that is plainly not a model, so that files living beside models are left alone: a JSON
     * file with a top-level array, or an object with none of the keys of a netjac spec ({@code netjac},
     * {@code input}, {@code layers}) or of a TF.js model ({@code modelTopology}), such as a TF.js export's
     * {@code metadata.json} or a weights manifest; an HDF5 file without Keras's {@code model_config} (weights
     * saved with {@code model.save_weights}); a zip without config.json (an {@code .npz}). Anything else,
     * including malformed JSON, is a model, so that its errors are reported.
     */
    private boolean isModel(String rel) {
        Path file = sourceDirectory.resolve(rel);
        ModelFormat format;
        try {
            format = ModelFormat.detect(file, rel);
        } catch (RuntimeException e) {
            return true;
        }
        if (format == ModelFormat.HDF5 || format == ModelFormat.ZIP) {
            if (KerasFileReader.isKerasModel(file)) {
                return true;
            }
            info.accept("netjac: skipped " + rel + ": not a model (" + (format == ModelFormat.HDF5
                    ? "an HDF5 file without Keras's model_config" : "a zip archive without config.json") + ")");
            return false;
        }
        if (format != ModelFormat.JSON) {
            return true;
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException | RuntimeException e) {
            return true;
        }
        if (root == null || (root.isObject() && (root.has("netjac") || root.has("input") || root.has("layers")
                || root.has("modelTopology")))) {
            return true;
        }
        info.accept("netjac: skipped " + rel + ": not a model (no \"netjac\" or \"modelTopology\" key)");
        return false;
    }

    /** An Ant-style pattern ({@code **}, {@code *}, {@code ?}) as a regular expression over '/'-paths. */
    static Pattern antPattern(String pattern) {
        String p = pattern.trim().replace('\\', '/');
        if (p.endsWith("/")) {
            p += "**";
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '*' && i + 1 < p.length() && p.charAt(i + 1) == '*') {
                if (i + 2 < p.length() && p.charAt(i + 2) == '/') {
                    re.append("(?:.*/)?");
                    i += 2;
                } else {
                    re.append(".*");
                    i += 1;
                }
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    // ---------------------------------------------------------------- staleness

    private Path statusFile(String model) {
        return statusDirectory.resolve(model + STATUS_SUFFIX);
    }

    /** Deletes the outputs and status of every model that has a status file but is no longer a model. */
    private List<String> removeStale(Set<String> models) {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(statusDirectory)) {
            return removed;
        }
        List<Path> statusFiles;
        try (Stream<Path> files = Files.walk(statusDirectory)) {
            statusFiles = files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(STATUS_SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path statusFile : statusFiles) {
            String rel = statusDirectory.relativize(statusFile).toString().replace('\\', '/');
            String model = rel.substring(0, rel.length() - STATUS_SUFFIX.length());
            if (models.contains(model)) {
                continue;
            }
            Status status = readStatus(statusFile);
            if (status != null) {
                for (Path out : status.outputs()) {
                    deleteQuietly(out);
                }
            }
            deleteQuietly(statusFile);
            removed.add(model);
            info.accept("netjac: removed the outputs of " + model + " (model no longer present)");
        }
        return removed;
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // A leftover output is harmless; the next run tries again.
        }
    }

    // ---------------------------------------------------------------- hashing

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Bumped when what the hash covers changes, so that old status files count as stale. */
    private static final String STATUS_FORMAT = "inputs-read 2";

    /**
     * How the status file names the files read: relative to the model's folder with '/' separators (so that a
     * moved checkout stays up to date), absolute if outside it; the model file itself is always hashed.
     */
    static List<String> inputNames(Path spec, List<Path> files) {
        Path self = spec.toAbsolutePath().normalize();
        // Readers record real paths (symlinks resolved), so names are taken relative to the folder's real path.
        Path dir = realPath(self.getParent());
        List<String> names = new ArrayList<>();
        for (Path file : files) {
            Path f = file.toAbsolutePath().normalize();
            if (!f.equals(self) && !f.equals(realPath(self))) {
                names.add(f.startsWith(dir) ? dir.relativize(f).toString().replace('\\', '/') : f.toString());
            }
        }
        return names;
    }

    /**
     * SHA-256 over the plugin version, the package, the model file's bytes and, for each of {@code inputs} (as
     * {@link #inputNames} writes them), its name, size and bytes. An input is opened only if the reader would
     * accept it now ({@link ModelFolder}: really inside the model's folder unless {@link #allowOutside}); one it
     * would refuse, say a weight file since replaced by a symlink to {@code /etc/shadow}, or a name in a tampered
     * status file, is hashed by name only, so the model counts as changed and the reader reports the refusal.
     */
    String hash(Path spec, String pkg, List<String> inputs) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        update(sha, "netjac-maven-plugin " + pluginVersion + "\n" + STATUS_FORMAT + "\npackage " + pkg + "\nmodel\n");
        hashFile(sha, spec);
        ModelFolder folder = ModelFolder.of(spec.toAbsolutePath().normalize().getParent(), readOptions, "the model");
        for (String name : inputs) {
            Path file;
            try {
                file = folder.resolve(name, NetjacException::new);
            } catch (NetjacException e) {
                update(sha, "\nrefused " + name + "\n");
                continue;
            }
            update(sha, "\ninput " + name + " " + fileSize(file) + "\n");
            hashFile(sha, file);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }

    private static void hashFile(MessageDigest sha, Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        } catch (IOException e) {
            update(sha, "\nunreadable\n");
        }
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- status files

    /**
     * A status file: the hash on the first line, then one written file per line, as {@code source <path>}
     * or {@code resource <path>} relative to the output folders, so that a moved or copied project never
     * refers to (or deletes) files of another checkout; then one {@code input <name>} line per file read.
     */
    private record Status(String hash, List<Path> outputs, List<String> inputs) {}

    private Status readStatus(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                return null;
            }
            List<Path> outputs = new ArrayList<>();
            List<String> inputs = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                int space = line.indexOf(' ');
                if (space < 0) {
                    continue;
                }
                String kind = line.substring(0, space);
                if (kind.equals("input")) {
                    inputs.add(line.substring(space + 1));
                    continue;
                }
                Path root = kind.equals("source") ? outputDirectory : kind.equals("resource") ? resourceOutputDirectory : null;
                if (root == null) {
                    return null;
                }
                Path out = root.resolve(line.substring(space + 1)).normalize();
                if (!out.startsWith(root)) {
                    return null;
                }
                outputs.add(out);
            }
            return new Status(lines.get(0).trim(), outputs, inputs);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void writeStatus(Path file, Status status) throws GenerationException {
        StringBuilder sb = new StringBuilder(status.hash()).append('\n');
        for (Path out : status.outputs()) {
            if (out.startsWith(outputDirectory)) {
                sb.append("source ").append(outputDirectory.relativize(out).toString().replace('\\', '/'));
            } else {
                sb.append("resource ").append(resourceOutputDirectory.relativize(out).toString().replace('\\', '/'));
            }
            sb.append('\n');
        }
        for (String input : status.inputs()) {
            sb.append("input ").append(input).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, sb, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new GenerationException("netjac: cannot write status file " + file + ": " + e, e);
        }
    }
}
