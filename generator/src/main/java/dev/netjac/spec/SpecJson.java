package dev.netjac.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.netjac.NetjacException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a model's JSON file strictly (duplicate keys and trailing content are errors, sizes and nesting are
 * bounded), turning I/O and syntax errors into one-line messages that name the file, line and column.
 */
final class SpecJson {
    /** The largest spec file accepted; specs are small, weights live in their own files. */
    static final long MAX_SPEC_BYTES = 64L << 20;

    /** The deepest nesting of JSON arrays and objects accepted (inline weights need a few levels). */
    static final int MAX_NESTING = 64;

    /** The longest parser detail quoted in a "malformed JSON" message. */
    private static final int MAX_DETAIL = 200;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
    }

    private SpecJson() {}

    /** Parses {@code path}; {@code file} is how messages name it. */
    static JsonNode parse(Path path, String file) {
        try {
            if (Files.isDirectory(path)) {
                throw new NetjacException(file + ": is a folder, expected a netjac spec (.json) file");
            }
            if (!Files.isRegularFile(path)) {
                throw new NetjacException(file + ": file not found");
            }
            if (Files.size(path) > MAX_SPEC_BYTES) {
                throw new NetjacException(file + ": " + Files.size(path) + " bytes, more than the "
                        + MAX_SPEC_BYTES + " a model file may have");
            }
            return parse(Files.readAllBytes(path), file);
        } catch (NoSuchFileException e) {
            throw new NetjacException(file + ": file not found");
        } catch (IOException e) {
            throw new NetjacException(file + ": cannot read: " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    /** Parses JSON held in memory (a member of an archive, an HDF5 attribute); {@code file} is how messages name it. */
    static JsonNode parse(byte[] json, String file) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw new NetjacException(file + ": empty file, expected a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw malformed(file, e);
        } catch (IOException e) {
            throw new NetjacException(file + ": cannot read: " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    private static NetjacException malformed(String file, JsonProcessingException e) {
        String where = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        String detail = firstLine(String.valueOf(e.getOriginalMessage()));
        if (detail.startsWith("Duplicate field ")) {
            // Jackson: "Duplicate field 'units'"; the key text is quoted by Jackson as it was written.
            return new NetjacException(file + ": duplicate key " + detail.substring("Duplicate field ".length())
                    + where + "; each key may appear only once in an object");
        }
        if (detail.startsWith("Trailing token")) {
            detail = "trailing content after the top-level object; expected the end of the file";
        } else if (detail.contains("nesting depth")) {
            detail = "nested more than " + MAX_NESTING + " levels deep";
        }
        // Jackson names other places as "[Source: ...; line: 1, column: 24]"; keep the line and column only.
        detail = detail.replaceAll("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL) + "...";
        }
        return new NetjacException(file + ": malformed JSON" + where + ": " + detail);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).trim();
    }
}
