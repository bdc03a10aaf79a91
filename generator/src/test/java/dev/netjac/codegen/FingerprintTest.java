package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.runtime.Network;
import dev.netjac.runtime.WeightSet;
import dev.netjac.runtime.WeightsResourceException;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.spec.ReadOptions;
import dev.netjac.testing.Javac;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated class and its weights resource carry one fingerprint, and a class refuses weights of another
 * generation: the stale pair a kill between the two renames of {@code generate} leaves behind.
 */
class FingerprintTest {
    @TempDir
    Path dir;

    private static final Pattern CONSTANT = Pattern.compile("FINGERPRINT = \"([0-9a-f]{64})\"");

    /** input (2,) -> dense 2 with the given kernel's first value, named Pair in package fp. */
    private GeneratedNetwork pair(double w, String activation) throws IOException {
        Path spec = dir.resolve("pair-" + w + activation + ".json");
        Files.writeString(spec, "{\"netjac\": 1, \"name\": \"Pair\", \"input\": {\"shape\": [2]}, \"layers\": [{\"type\": \"dense\","
                + " \"units\": 2, \"kernel\": [[" + w + ", 1], [2, 3]], \"bias\": [0.5, -0.5], \"activation\": \"" + activation + "\"}]}");
        return Netjac.generate(Netjac.read(spec, ReadOptions.defaults()), Netjac.Options.defaults().withPackageName("fp"));
    }

    private static String constant(GeneratedNetwork g) {
        Matcher m = CONSTANT.matcher(g.source());
        assertTrue(m.find(), "no FINGERPRINT constant");
        return m.group(1);
    }

    @Test
    void classAndWeightsShareAFingerprintThatIsSha256OfSourceAndWeights() throws Exception {
        GeneratedNetwork g = pair(1, "tanh");
        String fingerprint = constant(g);
        assertEquals(fingerprint, g.weights().fingerprint());
        // Recomputed from the outputs: the source with the placeholder back, then the resource's bytes as a set
        // without fingerprint writes them (magic, version 2, empty UTF string, the tensors).
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(g.source().replace(fingerprint, Fingerprint.PLACEHOLDER).getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream resource = new ByteArrayOutputStream();
        g.weights().write(resource);
        byte[] bytes = resource.toByteArray();
        ByteArrayOutputStream withoutFingerprint = new ByteArrayOutputStream();
        withoutFingerprint.write(bytes, 0, 12);
        new DataOutputStream(withoutFingerprint).writeUTF("");
        int tensorsAt = 12 + 2 + fingerprint.length();
        withoutFingerprint.write(bytes, tensorsAt, bytes.length - tensorsAt);
        assertEquals(HexFormat.of().formatHex(sha.digest(withoutFingerprint.toByteArray())), fingerprint);
    }

    @Test
    void sameModelSameFingerprintAnyChangeAnother() throws Exception {
        String base = constant(pair(1, "tanh"));
        assertEquals(base, constant(pair(1, "tanh")));
        assertNotEquals(base, constant(pair(1.0000001, "tanh")), "a weight changed");
        assertNotEquals(base, constant(pair(1, "relu")), "the spec changed, weights equal");
    }

    @Test
    void staleResourceBesideTheClassIsRefusedNamingBoth() throws Exception {
        GeneratedNetwork oldClass = pair(1, "tanh");
        GeneratedNetwork newWeights = pair(7, "tanh");
        try (URLClassLoader loader = Javac.compile(List.of(oldClass), dir.resolve("build"))) {
            assertEquals(2, Javac.instantiate(loader, oldClass).outputSize());
        }
        // A kill between the renames: the old class, the new weights (same names, same shapes).
        Path build = dir.resolve("stale");
        try (URLClassLoader loader = Javac.compile(List.of(oldClass), build)) {
            try (OutputStream out = Files.newOutputStream(build.resolve("classes/fp/Pair.weights"))) {
                newWeights.weights().write(out);
            }
            Throwable e = assertThrows(Throwable.class, () -> Javac.instantiate(loader, oldClass));
            String message = rootCause(e).getMessage();
            assertInstanceOf(WeightsResourceException.class, rootCause(e), message);
            assertTrue(message.startsWith("weights resource Pair.weights (fingerprint "
                    + newWeights.weights().fingerprint().substring(0, 16) + ") and class fp.Pair (fingerprint "
                    + constant(oldClass).substring(0, 16) + ") come from different netjac runs; regenerate"), message);
        }
    }

    @Test
    void weightsHandedToTheConstructorMustMatchIfFingerprinted() throws Exception {
        GeneratedNetwork g = pair(1, "tanh");
        GeneratedNetwork other = pair(7, "tanh");
        try (URLClassLoader loader = Javac.compile(List.of(g), dir.resolve("build"))) {
            Class<? extends Network> type = loader.loadClass("fp.Pair").asSubclass(Network.class);
            double[] x = {0.3, -0.2};
            assertArrayEquals(forward(Javac.instantiate(loader, g), x),
                    forward(type.getConstructor(WeightSet.class).newInstance(g.weights()), x));
            Throwable e = assertThrows(InvocationTargetException.class,
                    () -> type.getConstructor(WeightSet.class).newInstance(other.weights()));
            assertTrue(e.getCause().getMessage().startsWith("the weights given (fingerprint"), e.getCause().getMessage());
            // Weights built in memory, without a fingerprint, are checked by shape only.
            Network plain = type.getConstructor(WeightSet.class).newInstance(other.weights().withFingerprint(""));
            assertEquals(Math.tanh(7 * 0.3 + 2 * -0.2 + 0.5), forward(plain, x)[0], 1e-15);
        }
    }

    @Test
    void aJaninoCompiledClassRefusesTheWeightsOfAnotherRun() throws Exception {
        GeneratedNetwork oldClass = pair(1, "tanh");
        GeneratedNetwork newWeights = pair(7, "tanh");
        Class<? extends Network> type = JaninoCompiler.compile(oldClass);
        Throwable e = assertThrows(InvocationTargetException.class,
                () -> type.getConstructor(WeightSet.class).newInstance(newWeights.weights())).getCause();
        assertEquals("the weights given (fingerprint " + newWeights.weights().fingerprint().substring(0, 16)
                + ") and class fp.Pair (fingerprint " + constant(oldClass).substring(0, 16) + ") come from different"
                + " netjac runs; regenerate the class and its weights together (netjac generate, or rebuild with the"
                + " netjac Maven plugin)", e.getMessage());
        assertEquals(2, JaninoCompiler.instantiate(oldClass).outputSize());
    }

    @Test
    void versionOneResourceHasNoFingerprintAndIsRefused() throws Exception {
        GeneratedNetwork g = pair(1, "tanh");
        Path build = dir.resolve("v1");
        try (URLClassLoader loader = Javac.compile(List.of(g), build)) {
            Path resource = build.resolve("classes/fp/Pair.weights");
            byte[] v2 = Files.readAllBytes(resource);
            ByteArrayOutputStream v1 = new ByteArrayOutputStream();
            v1.write(v2, 0, 8);
            new DataOutputStream(v1).writeInt(1);
            int tensorsAt = 12 + 2 + 64;
            v1.write(v2, tensorsAt, v2.length - tensorsAt);
            Files.write(resource, v1.toByteArray());
            try (InputStream in = Files.newInputStream(resource)) {
                assertEquals("", WeightSet.read(in).fingerprint());
            }
            Throwable e = assertThrows(Throwable.class, () -> Javac.instantiate(loader, g));
            assertTrue(rootCause(e).getMessage().contains("(fingerprint none)"), rootCause(e).getMessage());
        }
    }

    private static double[] forward(Network net, double[] x) {
        double[] y = new double[net.outputSize()];
        net.forward(x, y);
        return y;
    }

    private static Throwable rootCause(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
