package dev.netjac.codegen;

import dev.netjac.runtime.WeightSet;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint a generated class and its weights resource share: SHA-256 over the class's source (the
 * canonical form of the model: every layer, size and option the class computes with, its package and name)
 * and the weights as the resource stores them. The source is hashed with {@link #PLACEHOLDER} where the
 * fingerprint constant goes, which is then replaced; so the class, its resource and a regeneration of the same
 * model all agree, and any other pairing is refused when the class loads its weights.
 */
final class Fingerprint {
    /** Stands in the source for the fingerprint while it is computed; only letters, so no model text can forge it. */
    static final String PLACEHOLDER = "netjacFingerprintPending";

    private Fingerprint() {}

    /** The hex SHA-256 of {@code source} (with the placeholder) followed by {@code weights}' resource bytes. */
    static String of(String source, WeightSet weights) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha.update(source.getBytes(StandardCharsets.UTF_8));
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            weights.withFingerprint("").write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: nothing is written anywhere
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** {@code source} with its placeholder constant, {@code "netjacFingerprintPending"}, set to {@code fingerprint}. */
    static String fill(String source, String fingerprint) {
        String quoted = "\"" + PLACEHOLDER + "\"";
        int at = source.indexOf(quoted);
        if (at < 0 || source.indexOf(quoted, at + 1) >= 0) {
            throw new IllegalStateException("generated source must hold the fingerprint placeholder exactly once");
        }
        return source.substring(0, at) + "\"" + fingerprint + "\"" + source.substring(at + quoted.length());
    }
}
