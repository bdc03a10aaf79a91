package dev.netjac.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.NetjacException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ModelFolder} checks real paths, not path text: {@code ..}, absolute paths, symlinked files and symlinked
 * folders leading out are refused; links that stay inside are fine; {@code --allow-outside} lifts only that rule.
 */
class ModelFolderTest {
    private static final String SECRET = "TOP-SECRET-BYTES";

    @TempDir
    Path root;

    private Path model;
    private Path outside;

    @BeforeEach
    void layout() throws IOException {
        model = Files.createDirectory(root.resolve("model"));
        outside = Files.createDirectory(root.resolve("outside"));
        Files.writeString(outside.resolve("secret.npy"), SECRET);
        Files.writeString(model.resolve("w.npy"), "inside");
    }

    private static ModelFolder folder(Path dir, boolean allowOutside) {
        return ModelFolder.of(dir, ReadOptions.defaults().withAllowWeightsOutsideModelDir(allowOutside), "the spec");
    }

    private String refused(Path dir, String reference) {
        NetjacException e = assertThrows(NetjacException.class,
                () -> folder(dir, false).resolve(reference, m -> new NetjacException("spec.json: 'kernel': " + m)));
        String m = e.getMessage();
        assertTrue(m.startsWith("spec.json: 'kernel': \""), m);
        assertFalse(m.contains(SECRET), m);
        if (!reference.contains(outside.toString())) {
            assertFalse(m.contains(outside.toString()), "the real target is not shown: " + m);
        }
        assertFalse(m.contains("\n"), m);
        return m;
    }

    @Test
    void plainFileInsideResolvesToItsRealPath() throws IOException {
        assertEquals(model.resolve("w.npy").toRealPath(), folder(model, false).resolve("w.npy", NetjacException::new));
    }

    @Test
    void dotDotAndAbsolutePathsAreRefused() {
        assertTrue(refused(model, "../outside/secret.npy").contains("is outside the model's folder"));
        assertTrue(refused(model, outside.resolve("secret.npy").toString()).contains("--allow-outside"));
        assertTrue(refused(model, "sub/../../outside/secret.npy").contains("without '..'"));
    }

    @Test
    void symlinkedFileLeadingOutIsRefused() throws IOException {
        Files.createSymbolicLink(model.resolve("w1.npy"), Path.of("../outside/secret.npy"));
        Files.createSymbolicLink(model.resolve("abs.npy"), outside.resolve("secret.npy"));
        assertTrue(refused(model, "w1.npy").contains("\"w1.npy\" is a symbolic link"));
        assertTrue(refused(model, "abs.npy").contains("leading outside the model's folder"));
    }

    @Test
    void symlinkedFolderLeadingOutIsRefused() throws IOException {
        Files.createSymbolicLink(model.resolve("sub"), outside);
        assertTrue(refused(model, "sub/secret.npy").contains("leading outside the model's folder"));
    }

    @Test
    void linkToSystemFileIsRefused() throws IOException {
        Files.createSymbolicLink(model.resolve("x.bin"), Path.of("/etc/passwd"));
        refused(model, "x.bin");
    }

    @Test
    void danglingLinkIsRefusedWithoutItsTarget() throws IOException {
        Files.createSymbolicLink(model.resolve("gone.npy"), outside.resolve("gone.npy"));
        assertTrue(refused(model, "gone.npy").contains("broken symbolic link"));
    }

    @Test
    void linksThatStayInsideAreFine() throws IOException {
        Files.createDirectory(model.resolve("real"));
        Files.writeString(model.resolve("real/k.npy"), "k");
        Files.createSymbolicLink(model.resolve("alias.npy"), Path.of("real/k.npy"));
        Files.createSymbolicLink(model.resolve("linked"), model.resolve("real"));
        Path real = model.resolve("real/k.npy").toRealPath();
        assertEquals(real, folder(model, false).resolve("alias.npy", NetjacException::new));
        assertEquals(real, folder(model, false).resolve("linked/k.npy", NetjacException::new));
    }

    @Test
    void modelFolderReachedThroughALinkIsItsRealFolder() throws IOException {
        Path link = Files.createSymbolicLink(root.resolve("link-to-model"), model);
        assertEquals(model.resolve("w.npy").toRealPath(), folder(link, false).resolve("w.npy", NetjacException::new));
        Files.createSymbolicLink(model.resolve("w1.npy"), Path.of("../outside/secret.npy"));
        refused(link, "w1.npy");
    }

    @Test
    void allowOutsideLetsEveryEscapeThroughButStillWantsARegularFile() throws IOException {
        Files.createSymbolicLink(model.resolve("w1.npy"), Path.of("../outside/secret.npy"));
        Path secret = outside.resolve("secret.npy").toRealPath();
        ModelFolder open = folder(model, true);
        assertEquals(secret, open.resolve("w1.npy", NetjacException::new));
        assertEquals(secret, open.resolve("../outside/secret.npy", NetjacException::new));
        assertEquals(secret, open.resolve(secret.toString(), NetjacException::new));
        NetjacException e = assertThrows(NetjacException.class, () -> open.resolve("../outside", NetjacException::new));
        assertTrue(e.getMessage().contains("is a folder, expected a file"), e.getMessage());
    }

    @Test
    void missingFolderAndBadNames() {
        assertThrows(NetjacException.class, () -> folder(root.resolve("nope"), false));
        assertTrue(assertThrows(NetjacException.class, () -> folder(model, false).resolve("", NetjacException::new))
                .getMessage().contains("is not a file name"));
        assertTrue(assertThrows(NetjacException.class, () -> folder(model, false).resolve("none.npy", NetjacException::new))
                .getMessage().contains("\"none.npy\" not found next to the spec"));
    }

    @Test
    void containsChecksRealPaths() throws IOException {
        Files.createSymbolicLink(model.resolve("w1.npy"), Path.of("../outside/secret.npy"));
        assertTrue(folder(model, false).contains(model.resolve("w.npy")));
        assertFalse(folder(model, false).contains(model.resolve("w1.npy")));
        assertFalse(folder(model, false).contains(Path.of("/etc/passwd")));
    }
}
