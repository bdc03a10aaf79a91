package dev.netjac.picture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netjac.NetjacException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsTest {
    @TempDir
    Path dir;

    @Test
    void oneLabelPerLineWithOrWithoutATrailingNewline() throws Exception {
        Path file = dir.resolve("l.txt");
        Files.writeString(file, "cat\r\n  dog \nbird\n");
        assertEquals(List.of("cat", "dog", "bird"), Labels.read(file, 3));
        Files.writeString(file, "cat\ndog\nbird");
        assertEquals(List.of("cat", "dog", "bird"), Labels.read(file, 3));
    }

    @Test
    void wrongCountsMissingFilesAndNonUtf8AreNamed() throws Exception {
        Path file = dir.resolve("l.txt");
        Files.writeString(file, "cat\ndog\n\n");
        assertEquals(file + ": 3 labels, expected 2 (one per line, one per network output) (--labels)",
                assertThrows(NetjacException.class, () -> Labels.read(file, 2)).getMessage());
        Path missing = dir.resolve("none.txt");
        assertEquals(missing + ": labels file not found (--labels)",
                assertThrows(NetjacException.class, () -> Labels.read(missing, 2)).getMessage());
        Files.write(file, new byte[] {'a', '\n', (byte) 0xff, (byte) 0xfe});
        assertEquals(file + ": labels file is not UTF-8 text (--labels)",
                assertThrows(NetjacException.class, () -> Labels.read(file, 2)).getMessage());
    }
}
