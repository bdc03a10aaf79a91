package dev.netjac.weights;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netjac.NetjacException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random mutations of valid weight files: whatever the damage, a reader either returns a tensor or
 * throws a {@link NetjacException} naming the file, never another exception.
 */
class WeightFuzzTest {
    private static final long SEED = 0x5eed_0f_7e57L;
    /**
     * 1,000 per format in the normal test run; a longer fuzz run multiplies it, e.g.
     * {@code mvn -pl generator -am test -Dtest=WeightFuzzTest -Dnetjac.fuzz.scale=100 -Dsurefire.failIfNoSpecifiedTests=false}.
     */
    private static final int MUTATIONS_PER_FORMAT = 1000 * Integer.getInteger("netjac.fuzz.scale", 1);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 30L * 60, unit = java.util.concurrent.TimeUnit.SECONDS)
    void npyMutations() {
        List<byte[]> seeds = List.of(WeightFixtures.bytes("f8_le_c.npy"), WeightFixtures.bytes("f2_le.npy"),
                WeightFixtures.bytes("f4_be_fortran_3d.npy"), WeightFixtures.bytes("f8_v2.npy"),
                WeightFixtures.bytes("f4_v3.npy"), WeightFixtures.bytes("scalar_0d.npy"));
        Random random = new Random(SEED);
        for (int i = 0; i < MUTATIONS_PER_FORMAT; i++) {
            byte[] mutant = mutate(seeds.get(random.nextInt(seeds.size())), random);
            check(i, mutant, "fuzz.npy", () -> Npy.read(mutant, "fuzz.npy"));
        }
    }

    @Test
    @Timeout(value = 30L * 60, unit = java.util.concurrent.TimeUnit.SECONDS)
    void npzMutations() throws IOException {
        List<byte[]> seeds = List.of(WeightFixtures.bytes("weights.npz"), WeightFixtures.bytes("weights_compressed.npz"));
        String[] keys = {"w1", "b1", "w2", "b2"};
        Random random = new Random(SEED + 1);
        Path file = dir.resolve("fuzz.npz");
        for (int i = 0; i < MUTATIONS_PER_FORMAT / 2; i++) {
            byte[] mutant = mutate(seeds.get(random.nextInt(seeds.size())), random);
            Files.write(file, mutant);
            String key = keys[random.nextInt(keys.length)];
            check(i, mutant, "fuzz.npz", () -> Npz.read(file, key));
        }
    }

    @Test
    @Timeout(value = 30L * 60, unit = java.util.concurrent.TimeUnit.SECONDS)
    void safetensorsMutations() throws IOException {
        byte[] seed = WeightFixtures.bytes("model.safetensors");
        String[] names = {"w_f32", "w_f64", "w_f16", "w_bf16", "scalar_f32", "step_i64"};
        Random random = new Random(SEED + 2);
        Path file = dir.resolve("fuzz.safetensors");
        for (int i = 0; i < MUTATIONS_PER_FORMAT / 2; i++) {
            byte[] mutant = mutate(seed, random);
            Files.write(file, mutant);
            String name = names[random.nextInt(names.length)];
            check(i, mutant, "fuzz.safetensors", () -> Safetensors.read(file, name));
        }
    }

    private interface Read {
        Tensor run();
    }

    private static void check(int iteration, byte[] mutant, String source, Read read) {
        try {
            Tensor t = read.run();
            assertTrue(t.size() <= Npy.MAX_ELEMENTS);
        } catch (NetjacException e) {
            if (!e.getMessage().startsWith(source)) {
                fail("mutation " + iteration + ": message does not start with " + source + ": " + e.getMessage());
            }
        } catch (Throwable t) {
            throw new AssertionError("mutation " + iteration + " of " + source + " (" + mutant.length + " bytes, starting "
                    + Messages.hex(mutant, 64) + ") threw " + t, t);
        }
    }

    /** One or more random edits, half of them aimed at the first 128 bytes where the headers are. */
    static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int limit = random.nextBoolean() ? Math.min(bytes.length, 128) : bytes.length;
            int at = limit == 0 ? 0 : random.nextInt(limit);
            switch (random.nextInt(7)) {
                case 0: // bit flips
                    for (int k = 1 + random.nextInt(4); k > 0 && bytes.length > 0; k--) {
                        int p = random.nextInt(limit);
                        bytes[p] ^= (byte) (1 << random.nextInt(8));
                    }
                    break;
                case 1: // truncation
                    bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
                    break;
                case 2: // insertion of random bytes
                    bytes = insert(bytes, at, randomBytes(random, 1 + random.nextInt(16)));
                    break;
                case 3: // interesting values: length fields and counts are where parsers break
                    byte[] special = {0, (byte) 0xff, (byte) 0x7f, (byte) 0x80, '9', '-', '(', ',', '\'', '"', '{', ']'};
                    for (int k = 1 + random.nextInt(4); k > 0 && at + k <= bytes.length; k--) {
                        bytes[at + k - 1] = special[random.nextInt(special.length)];
                    }
                    break;
                case 4: // deletion of a range
                    int n = Math.min(bytes.length - at, 1 + random.nextInt(16));
                    byte[] shorter = new byte[bytes.length - n];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + n, shorter, at, bytes.length - at - n);
                    bytes = shorter;
                    break;
                case 5: // duplication of a range
                    int m = Math.min(bytes.length - at, 1 + random.nextInt(32));
                    bytes = insert(bytes, at, Arrays.copyOfRange(bytes, at, at + m));
                    break;
                default: // appended garbage
                    bytes = insert(bytes, bytes.length, randomBytes(random, 1 + random.nextInt(64)));
                    break;
            }
        }
        return bytes;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] insert(byte[] bytes, int at, byte[] extra) {
        byte[] out = new byte[bytes.length + extra.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(bytes, at, out, at + extra.length, bytes.length - at);
        return out;
    }
}
