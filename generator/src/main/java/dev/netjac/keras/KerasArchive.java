package dev.netjac.keras;

import dev.netjac.NetjacException;
import dev.netjac.UserText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The members of a Keras 3 {@code .keras} zip archive, read defensively: every entry name is checked (no
 * {@code ..}, no absolute or drive paths, no backslashes or control characters) although nothing is ever
 * extracted to disk, the sizes the central directory claims are checked against limits and against the entry's
 * compressed size before anything is inflated, and inflating stops at the claimed size, so a zip bomb costs at
 * most 100 times the archive's size.
 */
final class KerasArchive {
    /** The largest config.json or metadata.json accepted. */
    static final long MAX_JSON_BYTES = 64L << 20;

    /** The largest model.weights.h5 accepted (inflated into memory). */
    static final long MAX_WEIGHTS_BYTES = 1L << 30;

    /**
     * An entry above 1 MiB may claim at most this many times its compressed size (H5Datasets's rule for
     * compressed datasets): weights deflate by 1.1x at best, a zip bomb by 1000x, so memory stays bounded by the
     * archive's own size, not by what its directory claims.
     */
    static final long MAX_COMPRESSION_RATIO = 100;

    /** At most this many entries (a Keras archive has three, plus assets). */
    private static final int MAX_ENTRIES = 10_000;

    private final Map<String, byte[]> members = new HashMap<>();

    private KerasArchive() {}

    /** Reads {@code wanted} members (name → size limit) of the archive at {@code path}; absent ones are absent. */
    static KerasArchive read(Path path, String file, Map<String, Long> wanted) {
        KerasArchive archive = new KerasArchive();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            int count = 0;
            List<String> names = new ArrayList<>();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (++count > MAX_ENTRIES) {
                    throw new NetjacException(file + ": more than " + MAX_ENTRIES + " zip entries; not a Keras archive");
                }
                checkName(entry.getName(), file);
                names.add(entry.getName());
                Long limit = wanted.get(entry.getName());
                if (limit != null) {
                    archive.members.put(entry.getName(), inflate(zip, entry, limit, file));
                }
            }
            if (!archive.members.containsKey("config.json")) {
                throw new NetjacException(file + ": a zip archive without config.json, so not a Keras 3 .keras file (entries: "
                        + UserText.list(names, UserText.MAX_NAMES) + "); netjac reads a .keras archive as model.save(\"x.keras\")"
                        + " writes it" + (names.stream().anyMatch(n -> n.endsWith(".npy"))
                                ? " (a .npz holds weights: reference its arrays from a netjac spec)" : ""));
            }
        } catch (ZipException e) {
            throw new NetjacException(file + ": damaged zip archive (" + UserText.oneLine(String.valueOf(e.getMessage())) + ")");
        } catch (IOException e) {
            throw new NetjacException(file + ": cannot read: " + UserText.oneLine(String.valueOf(e.getMessage())));
        }
        return archive;
    }

    /** The member's bytes, or null if the archive has none of that name. */
    byte[] get(String name) {
        return members.get(name);
    }

    static void checkName(String name, String file) {
        boolean bad = name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.matches("^[A-Za-z]:.*");
        for (String part : name.split("/", -1)) {
            bad |= part.equals("..");
        }
        for (int i = 0; i < name.length() && !bad; i++) {
            bad = Character.isISOControl(name.charAt(i));
        }
        if (bad) {
            throw new NetjacException(file + ": zip entry " + UserText.quote(name) + " has an unsafe name (absolute, with"
                    + " '..', a drive or backslashes); refusing the archive");
        }
    }

    private static byte[] inflate(ZipFile zip, ZipEntry entry, long limit, String file) throws IOException {
        long claimed = entry.getSize();
        String name = UserText.quote(entry.getName());
        if (claimed < 0) {
            throw new NetjacException(file + ": zip entry " + name + " does not state its size; refusing to inflate it");
        }
        if (claimed > limit) {
            throw new NetjacException(file + ": zip entry " + name + " claims " + claimed + " bytes, more than the "
                    + limit + " netjac accepts for it");
        }
        long compressed = entry.getCompressedSize();
        if (claimed > (1L << 20) && (compressed < 0 || claimed / MAX_COMPRESSION_RATIO > compressed)) {
            throw new NetjacException(file + ": zip entry " + name + " claims " + claimed + " bytes from " + compressed
                    + " compressed, more than " + MAX_COMPRESSION_RATIO + " times; a zip bomb, refused before inflating");
        }
        byte[] data = new byte[(int) claimed];
        try (InputStream in = zip.getInputStream(entry)) {
            int n = in.readNBytes(data, 0, data.length);
            if (n != data.length) {
                throw new NetjacException(file + ": zip entry " + name + " claims " + claimed + " bytes but holds " + n
                        + "; truncated or damaged archive");
            }
            if (in.read() != -1) {
                throw new NetjacException(file + ": zip entry " + name + " inflates to more than the " + claimed
                        + " bytes it claims; refusing the archive");
            }
        }
        return data;
    }
}
