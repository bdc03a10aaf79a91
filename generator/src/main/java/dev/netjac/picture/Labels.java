package dev.netjac.picture;

import dev.netjac.NetjacException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Class labels from a text file: one per line, UTF-8, as many as the network has outputs. */
public final class Labels {
    private Labels() {}

    /** Labels files are a few names; anything larger is the wrong file. */
    private static final long MAX_BYTES = 1 << 20;

    /** Reads {@code file}; a trailing empty line is allowed, other counts than {@code outputs} are refused. */
    public static List<String> read(Path file, int outputs) {
        if (!Files.isRegularFile(file)) {
            throw new NetjacException(file + ": labels file not found (--labels)");
        }
        List<String> lines;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new NetjacException(file + ": labels file is " + Files.size(file) + " bytes, expected one short label per line (--labels)");
            }
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        } catch (CharacterCodingException e) {
            throw new NetjacException(file + ": labels file is not UTF-8 text (--labels)", e);
        } catch (IOException e) {
            throw new NetjacException(file + ": cannot read the labels: " + e.getMessage() + " (--labels)", e);
        }
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.size() != outputs) {
            throw new NetjacException(file + ": " + lines.size() + " labels, expected " + outputs
                    + " (one per line, one per network output) (--labels)");
        }
        List<String> labels = new ArrayList<>();
        for (String line : lines) {
            labels.add(line.strip());
        }
        return labels;
    }
}
