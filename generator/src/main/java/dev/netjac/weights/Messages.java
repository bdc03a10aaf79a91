package dev.netjac.weights;

import dev.netjac.NetjacException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Builds the weight readers' error messages, so every reader names files and quotes bad input the same way.
 *
 * <p>Messages follow {@link NetjacException}'s format, {@code <file>: <where>: <expected>, found <found>}.
 */
final class Messages {
    private Messages() {}

    /** The name a file is called by in messages: its last path element, as the user wrote it in the spec. */
    static String sourceName(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    static NetjacException fail(String source, String detail) {
        return new NetjacException(source + ": " + detail);
    }

    /** Turns an I/O failure into {@code <file>: file not found} or {@code <file>: cannot read: <reason>}. */
    static NetjacException readFailure(String source, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new NetjacException(source + ": file not found", e);
        }
        return new NetjacException(source + ": cannot read: " + reason(e), e);
    }

    /** Turns an I/O failure while writing into {@code <file>: cannot write: <reason>}. */
    static NetjacException writeFailure(String source, IOException e) {
        return new NetjacException(source + ": cannot write: " + reason(e), e);
    }

    /** A short human reason for an I/O failure; JDK messages for file-system errors are often just the path. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + ((NoSuchFileException) e).getFile();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e instanceof EOFException ? "unexpected end of data" : e.getClass().getSimpleName();
        }
        return message;
    }

    /** The first bytes of {@code bytes} as hex, e.g. {@code 50 4b 03 04}, for "bad magic" messages. */
    static String hex(byte[] bytes, int maxBytes) {
        StringBuilder sb = new StringBuilder();
        int limit = Math.min(bytes.length, maxBytes);
        for (int i = 0; i < limit; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02x", bytes[i] & 0xff));
        }
        if (bytes.length == 0) {
            sb.append("no bytes");
        }
        return sb.toString();
    }
}
