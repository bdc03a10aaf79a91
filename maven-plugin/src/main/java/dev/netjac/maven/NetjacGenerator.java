package dev.netjac.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netjac.Netjac;
import dev.netjac.NetjacException;
import dev.netjac.Progress;
import dev.netjac.codegen.Identifiers;
import dev.netjac.compile.SourceWriter;
import dev.netjac.graph.Graph;
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
import java.util.Iterator;
import java.util.LinkedHashSet;
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
 * spec's bytes, the bytes of every weight file it references (for a TensorFlow.js model.json, every shard its
 * weights manifest lists), the plugin's version and the package name,
 * followed by the files the model's generation wrote. A model is up to date when its hash matches and all of
 * those files still exist. The status file is written only after the model's files were written.
 */
public final class NetjacGenerator {
    static final String STATUS_SUFFIX = ".sha256";
    static final String DEFAULT_PACKAGE = "netjac";

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
    private final String pluginVersion;
    private final Consumer<String> info;
    private final Consumer<String> debug;
    /** How long a run goes before it logs progress; tests set 0. */
    long progressDelayNanos = Progress.delayNanos();

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
        this.includes = includes == null || includes.isEmpty() ? List.of("**/*.json") : List.copyOf(includes);
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

    /** Runs once: removes stale outputs, then generates every model that is not up to date. */
    public Result run() throws GenerationException {
        if (!packageName.isEmpty() && !Identifiers.isValidPackageName(packageName)) {
            throw new GenerationException("netjac: packageName " + packageName
                    + " is not a valid Java package name", null);
        }
        List<String> models = findModels();
        List<String> removed = removeStale(new TreeSet<>(models));
        List<String> generated = new ArrayList<>();
        List<String> upToDate = new ArrayList<>();
        Map<Path, String> owners = new HashMap<>();
        // A build with many models logs how far it got (a line per tenth, once it takes longer than the delay).
        Progress progress = Progress.lines(info, "netjac: models", models.size(), System::nanoTime, progressDelayNanos);
        for (String model : models) {
            String pkg = packageFor(model);
            Path spec = sourceDirectory.resolve(model);
            Path statusFile = statusFile(model);
            String hash = hash(spec, pkg);
            Status previous = readStatus(statusFile);
            List<Path> outputs;
            if (previous != null && previous.hash().equals(hash) && previous.outputs().stream().allMatch(Files::isRegularFile)) {
                debug.accept("netjac: " + model + " is up to date");
                upToDate.add(model);
                outputs = previous.outputs();
            } else {
                outputs = generate(model, spec, pkg);
                if (previous != null) {
                    for (Path old : previous.outputs()) {
                        if (!outputs.contains(old)) {
                            deleteQuietly(old);
                        }
                    }
                }
                writeStatus(statusFile, new Status(hash, outputs));
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

    private List<Path> generate(String model, Path spec, String pkg) throws GenerationException {
        try {
            Graph graph = Netjac.read(spec, ReadOptions.defaults());
            SourceWriter.Written written = SourceWriter.write(
                    Netjac.generate(graph, Netjac.Options.defaults().withPackageName(pkg).withClassName(null)),
                    outputDirectory, resourceOutputDirectory);
            return List.of(written.source().toAbsolutePath().normalize(), written.weights().toAbsolutePath().normalize());
        } catch (NetjacException e) {
            throw new GenerationException(e.getMessage(), e);
        }
    }

    /** The package for {@code model}: the configured one, else its folder relative to the source folder. */
    String packageFor(String model) throws GenerationException {
        if (!packageName.isEmpty()) {
            return packageName;
        }
        int slash = model.lastIndexOf('/');
        if (slash < 0) {
            return DEFAULT_PACKAGE;
        }
        String folder = model.substring(0, slash);
        String pkg = folder.replace('/', '.');
        for (String part : folder.split("/", -1)) {
            if (!Identifiers.isValidPackageName(part) || part.isEmpty()) {
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
        try (Stream<Path> files = Files.walk(sourceDirectory)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> sourceDirectory.relativize(p).toString().replace('\\', '/'))
                    .filter(rel -> in.stream().anyMatch(p -> p.matcher(rel).matches()))
                    .filter(rel -> out.stream().noneMatch(p -> p.matcher(rel).matches()))
                    .filter(this::isModel)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * False for a JSON file that is plainly not a model, so that files living beside models are left alone
     * (a TF.js export's {@code metadata.json}, a weights manifest): a top-level array, or an object with none of
     * the keys of a netjac spec ({@code netjac}, {@code input}, {@code layers}) or of a TF.js model
     * ({@code modelTopology}). Anything else, including malformed JSON, is a model, so that its errors are reported.
     */
    private boolean isModel(String rel) {
        JsonNode root;
        try {
            root = JSON.readTree(sourceDirectory.resolve(rel).toFile());
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

    /** SHA-256 over the spec, its weight files (by name and content), the plugin version and the package. */
    String hash(Path spec, String pkg) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        update(sha, "netjac-maven-plugin " + pluginVersion + "\npackage " + pkg + "\nspec\n");
        byte[] specBytes;
        try {
            specBytes = Files.readAllBytes(spec);
        } catch (IOException e) {
            specBytes = new byte[0];
        }
        sha.update(specBytes);
        Path dir = spec.toAbsolutePath().getParent();
        for (String ref : weightReferences(specBytes)) {
            Path file;
            try {
                file = dir.resolve(ref).normalize();
            } catch (RuntimeException e) {
                continue;
            }
            if (!Files.isRegularFile(file)) {
                update(sha, "\nmissing " + ref + "\n");
                continue;
            }
            update(sha, "\nweight " + ref + " " + fileSize(file) + "\n");
            try (var in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, n);
                }
            } catch (IOException e) {
                update(sha, "unreadable");
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Every string in the spec's layers that may name a weight file: string field values and {@code "file"}
     * values of nested objects. Strings that are not files (activation names) are skipped by the caller. For
     * a TensorFlow.js model.json, the shard files its {@code weightsManifest} lists.
     */
    static Set<String> weightReferences(byte[] specBytes) {
        Set<String> refs = new LinkedHashSet<>();
        try {
            JsonNode root = JSON.readTree(specBytes);
            if (root != null && root.path("layers").isArray()) {
                collect(root.get("layers"), refs, 0);
            }
            if (root != null && root.has("modelTopology") && root.path("weightsManifest").isArray()) {
                for (JsonNode group : root.get("weightsManifest")) {
                    for (JsonNode path : group.path("paths")) {
                        if (path.isTextual() && !path.asText().isEmpty() && path.asText().indexOf('\0') < 0) {
                            refs.add(path.asText());
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // A malformed spec fails generation with netjac's own message; its bytes are hashed anyway.
        }
        return refs;
    }

    private static void collect(JsonNode node, Set<String> refs, int depth) {
        if (depth > 64) {
            return;
        }
        if (node.isTextual()) {
            String text = node.asText();
            if (!text.isEmpty() && text.indexOf('\0') < 0) {
                refs.add(text);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getKey().equals("type") && !field.getKey().equals("name")) {
                    collect(field.getValue(), refs, depth + 1);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                if (child.isContainerNode() || child.isTextual()) {
                    collect(child, refs, depth + 1);
                }
            }
        }
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- status files

    /**
     * A status file: the hash on the first line, then one written file per line, as {@code source <path>}
     * or {@code resource <path>} relative to the output folders, so that a moved or copied project never
     * refers to (or deletes) files of another checkout.
     */
    private record Status(String hash, List<Path> outputs) {}

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
            for (String line : lines.subList(1, lines.size())) {
                int space = line.indexOf(' ');
                if (space < 0) {
                    continue;
                }
                String kind = line.substring(0, space);
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
            return new Status(lines.get(0).trim(), outputs);
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
