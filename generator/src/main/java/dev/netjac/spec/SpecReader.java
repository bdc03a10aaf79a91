package dev.netjac.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import dev.netjac.graph.Graph;
import java.nio.file.Path;

/**
 * Reads a netjac spec, version 1 ({@code docs/spec.md}), and its weight files into a {@link Graph}. Every
 * problem is a {@link NetjacException} naming the file, the layer and what was expected versus found.
 *
 * <p>The work is in three pieces: {@link SpecJson} reads the file, {@link SpecHeader} the top-level fields,
 * and {@link GraphBuilder} the layers, each parsed by its type in {@link SpecTypes}.
 */
public final class SpecReader {
    private SpecReader() {}

    public static Graph read(Path spec) {
        return read(spec, ReadOptions.defaults());
    }

    public static Graph read(Path spec, ReadOptions options) {
        return read(spec, options, new ReadFiles());
    }

    /** Reads {@code spec}, recording it and every weight file it names in {@code read}. */
    public static Graph read(Path spec, ReadOptions options, ReadFiles read) {
        String file = displayPath(spec.toString());
        try {
            JsonNode root = parse(spec, file);
            read.add(spec);
            return read(root, file, spec.toAbsolutePath().getParent(), defaultName(spec), options, null, read);
        } catch (NetjacException e) {
            throw oneLine(e);
        }
    }

    /**
     * The spec's path as the user gave it, which starts every message, with control characters (a file name
     * with a line break) escaped so that the message stays on one line.
     */
    public static String displayPath(String path) {
        return UserText.oneLine(path);
    }

    /** The last guard of the one-line rule, {@link UserText#oneLine(NetjacException)}. */
    public static NetjacException oneLine(NetjacException e) {
        return UserText.oneLine(e);
    }

    /** Parses a model's JSON file, turning I/O and syntax errors into one-line messages naming the file. */
    public static JsonNode parse(Path path, String file) {
        return SpecJson.parse(path, file);
    }

    /** Parses JSON an importer found inside another file; {@code file} names where (e.g. {@code m.keras!config.json}). */
    public static JsonNode parse(byte[] json, String file) {
        return SpecJson.parse(json, file);
    }

    /**
     * Reads a spec an importer built in memory; {@code source} resolves its weight references (null: they are
     * file references relative to {@code baseDir}, as in a spec on disk).
     */
    public static Graph read(JsonNode rootNode, String file, Path baseDir, String defaultName, ReadOptions options,
            WeightSource source) {
        return read(rootNode, file, baseDir, defaultName, options, source, new ReadFiles());
    }

    /** As above, recording in {@code read} the weight files loaded from {@code baseDir} (none when {@code source} is given). */
    public static Graph read(JsonNode rootNode, String file, Path baseDir, String defaultName, ReadOptions options,
            WeightSource source, ReadFiles read) {
        SpecHeader header = SpecHeader.read(new JsonObject(rootNode, file), defaultName);
        return GraphBuilder.build(header, file, baseDir, options, source, read);
    }

    private static String defaultName(Path spec) {
        String name = spec.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
