package dev.netjac.weights;

import dev.netjac.NetjacException;
import dev.netjac.UserText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads one array from a numpy {@code .npz} archive, as written by {@code numpy.savez} (stored entries) or
 * {@code numpy.savez_compressed} (deflated entries): a zip file holding one {@code <key>.npy} per array.
 *
 * <p>Each entry is decoded as a stream whose length is not trusted: the entry's own .npy header bounds how
 * much is inflated (its shape, itself capped by {@link Npy#MAX_ELEMENTS}, plus a small scan for trailing
 * bytes), so a zip bomb is refused after reading little more than the header promised, whatever sizes the
 * zip directory declares. Failures of the JDK zip code on corrupt archives are reported as
 * {@link NetjacException}s naming the file.
 */
public final class Npz {
    /** Upper bound on a sane entry: the largest array allowed plus the largest header, used to fail fast. */
    static final long MAX_ENTRY_BYTES = (long) Npy.MAX_ELEMENTS * 8 + Npy.MAX_HEADER_BYTES + 16;

    private static final String SUFFIX = ".npy";

    private Npz() {}

    /**
     * Reads the array saved under {@code key} (as in {@code numpy.savez(file, key=array)}); {@code key} may
     * be given with or without its {@code .npy} suffix. Messages about the array's contents name it as
     * {@code weights.npz[key]}.
     */
    public static Tensor read(Path file, String key) {
        return read(file, key, ExpectedSize.ANY);
    }

    /**
     * Reads the array under {@code key}, refusing from its entry's header alone (before inflating the data) an
     * array with more values than {@code expected}: memory and the bytes inflated are bounded by the expected
     * size, not by what the archive claims.
     */
    public static Tensor read(Path file, String key, ExpectedSize expected) {
        String source = Messages.sourceName(file);
        if (Files.isDirectory(file)) {
            throw Messages.fail(source, "cannot read: expected a file, found a directory");
        }
        if (!Files.exists(file)) {
            throw Messages.fail(source, "file not found");
        }
        String arrayName = stripSuffix(key);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = find(zip, key);
            if (entry == null) {
                throw Messages.fail(source, "no array " + PyLiteral.repr(arrayName) + ", available: " + UserText.list(names(zip), 50));
            }
            String entrySource = source + "[" + stripSuffix(entry.getName()) + "]";
            if (entry.getSize() > MAX_ENTRY_BYTES) {
                throw Messages.fail(entrySource, "expected at most " + MAX_ENTRY_BYTES
                        + " uncompressed bytes (Npy.MAX_ELEMENTS float64 values and a header), found an entry declaring "
                        + entry.getSize());
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return Npy.decode(in, -1, entrySource, expected);
            } catch (IOException e) {
                throw Messages.fail(entrySource, "cannot read: corrupt archive entry: " + Messages.reason(e));
            } catch (NetjacException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new NetjacException(entrySource + ": cannot read: corrupt archive entry: " + e, e);
            }
        } catch (NoSuchFileException e) {
            throw Messages.readFailure(source, e);
        } catch (ZipException e) {
            throw new NetjacException(source + ": expected a .npz (zip) archive, found a file that is not one or is corrupt: "
                    + Messages.reason(e), e);
        } catch (IOException e) {
            throw Messages.readFailure(source, e);
        } catch (NetjacException e) {
            throw e;
        } catch (RuntimeException e) {
            // the JDK zip reader can throw unchecked exceptions on corrupt central directories
            throw new NetjacException(source + ": expected a .npz (zip) archive, found a corrupt one: " + e, e);
        }
    }

    /** The entry for {@code key}: {@code key.npy} first, as numpy looks it up, then {@code key} itself. */
    private static ZipEntry find(ZipFile zip, String key) {
        List<String> candidates = key.endsWith(SUFFIX) ? List.of(key) : List.of(key + SUFFIX, key);
        for (String name : candidates) {
            ZipEntry entry = zip.getEntry(name);
            if (entry != null && !entry.isDirectory() && entry.getName().equals(name)) {
                return entry;
            }
        }
        return null;
    }

    private static List<String> names(ZipFile zip) {
        List<String> names = new ArrayList<>();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            if (!entry.isDirectory()) {
                names.add(stripSuffix(entry.getName()));
            }
        }
        Collections.sort(names);
        return names;
    }

    private static String stripSuffix(String name) {
        return name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
    }
}
