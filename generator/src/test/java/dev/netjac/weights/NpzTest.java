package dev.netjac.weights;

import static dev.netjac.weights.WeightFixtures.assertFails;
import static dev.netjac.weights.WeightFixtures.assertTensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    @TempDir
    Path dir;

    /** Writes a zip with the given entries (name, bytes), deflated or stored. */
    private Path zip(String fileName, boolean deflate, Object... namesAndBytes) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(buffer)) {
            for (int i = 0; i < namesAndBytes.length; i += 2) {
                byte[] bytes = (byte[]) namesAndBytes[i + 1];
                ZipEntry entry = new ZipEntry((String) namesAndBytes[i]);
                if (!deflate) {
                    CRC32 crc = new CRC32();
                    crc.update(bytes);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(bytes.length);
                    entry.setCrc(crc.getValue());
                }
                out.putNextEntry(entry);
                out.write(bytes);
                out.closeEntry();
            }
        }
        Path file = dir.resolve(fileName);
        Files.write(file, buffer.toByteArray());
        return file;
    }

    private static byte[] vector(double... values) {
        return NpyTest.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (" + values.length + ",), }",
                NpyTest.float64s(ByteOrder.LITTLE_ENDIAN, values));
    }

    @TestFactory
    Stream<DynamicTest> fixturesFromSavezAndSavezCompressedMatchNumpy() {
        JsonNode expected = WeightFixtures.expected("npz");
        return WeightFixtures.names(expected).stream().flatMap(file -> WeightFixtures.names(expected.get(file)).stream()
                .map(key -> DynamicTest.dynamicTest(file + "[" + key + "]", () -> {
                    JsonNode want = expected.get(file).get(key);
                    assertTensor(want, Npz.read(WeightFixtures.path(file), key), file + "[" + key + "]");
                    assertTensor(want, Npz.read(WeightFixtures.path(file), key + ".npy"), file + "[" + key + ".npy]");
                })));
    }

    @Test
    void bothFixturesHoldTheSameArrays() {
        for (String key : new String[] {"w1", "b1", "w2", "b2"}) {
            assertArrayEquals(Npz.read(WeightFixtures.path("weights.npz"), key).toArray(),
                    Npz.read(WeightFixtures.path("weights_compressed.npz"), key).toArray());
        }
    }

    @Test
    void missingKeyListsTheAvailableOnes() throws IOException {
        Path file = dir.resolve("weights.npz");
        Files.copy(WeightFixtures.path("weights.npz"), file);
        assertEquals("weights.npz: no array 'w3', available: \"b1\", \"b2\", \"w1\", \"w2\"", assertFails(() -> Npz.read(file, "w3")));
        assertEquals("weights.npz: no array 'w3', available: \"b1\", \"b2\", \"w1\", \"w2\"",
                assertFails(() -> Npz.read(file, "w3.npy")));
    }

    @Test
    void emptyArchiveSaysSo() throws IOException {
        Path file = zip("empty.npz", true);
        assertEquals("empty.npz: no array 'w1', available: (none)", assertFails(() -> Npz.read(file, "w1")));
    }

    @Test
    void entriesWithoutNpySuffixAreFoundByTheirName() throws IOException {
        Path file = zip("odd.npz", false, "raw", vector(1, 2), "w1.npy", vector(3));
        assertArrayEquals(new double[] {1, 2}, Npz.read(file, "raw").toArray());
        assertArrayEquals(new double[] {3}, Npz.read(file, "w1").toArray());
        assertFails(() -> Npz.read(file, "raw.npy"), "odd.npz: no array 'raw', available: \"raw\", \"w1\"");
    }

    @Test
    void notAZip() throws IOException {
        Path file = dir.resolve("weights.npz");
        Files.copy(WeightFixtures.path("f8_le_c.npy"), file);
        assertFails(() -> Npz.read(file, "w1"), "weights.npz: expected a .npz (zip) archive, found a file that is not one");
        Files.write(file, new byte[0]);
        assertFails(() -> Npz.read(file, "w1"), "weights.npz: expected a .npz (zip) archive");
    }

    @Test
    void truncatedArchive() throws IOException {
        byte[] bytes = WeightFixtures.bytes("weights_compressed.npz");
        Path file = dir.resolve("weights.npz");
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertFails(() -> Npz.read(file, "w1"), "weights.npz: expected a .npz (zip) archive");
    }

    @Test
    void corruptDeflatedData() throws IOException {
        byte[] bytes = WeightFixtures.bytes("weights_compressed.npz");
        // the first entry's compressed data starts after its local header (30 bytes + name + extra)
        int nameLength = (bytes[26] & 0xff) | (bytes[27] & 0xff) << 8;
        int extraLength = (bytes[28] & 0xff) | (bytes[29] & 0xff) << 8;
        int dataStart = 30 + nameLength + extraLength;
        for (int i = dataStart; i < dataStart + 40; i++) {
            bytes[i] = (byte) 0xff;
        }
        Path file = dir.resolve("weights.npz");
        Files.write(file, bytes);
        assertFails(() -> Npz.read(file, "w1"), "weights.npz[w1]: ");
    }

    @Test
    void errorsInsideAnEntryNameTheEntry() throws IOException {
        byte[] ints = NpyTest.npy("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", new byte[16]);
        byte[] valid = vector(1, 2, 3);
        byte[] truncated = Arrays.copyOf(valid, valid.length - 8);
        for (boolean deflate : new boolean[] {false, true}) {
            Path file = zip("bad.npz", deflate, "w1.npy", ints, "w2.npy", truncated, "w3.npy", new byte[] {1, 2, 3});
            assertFails(() -> Npz.read(file, "w1"),
                    "bad.npz[w1]: header: expected a float16/float32/float64 array, found dtype '<i8'");
            assertEquals("bad.npz[w2]: truncated: header shape (3,) float64 needs 24 data bytes, found 16",
                    assertFails(() -> Npz.read(file, "w2")));
            assertFails(() -> Npz.read(file, "w3"), "bad.npz[w3]: not a .npy file (bad magic bytes)");
        }
    }

    @Test
    void trailingBytesInAnEntry() throws IOException {
        Path file = zip("t.npz", false, "w1.npy", NpyTest.concat(vector(1, 2, 3), new byte[5]));
        assertEquals("t.npz[w1]: trailing bytes: header shape (3,) float64 needs 24 data bytes, found 29",
                assertFails(() -> Npz.read(file, "w1")));
    }

    @Test
    void hugeShapeInAnEntryIsRefusedBeforeAllocating() throws IOException {
        byte[] huge = NpyTest.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000, 100000), }",
                new byte[8]);
        Path file = zip("h.npz", true, "w1.npy", huge);
        assertFails(() -> Npz.read(file, "w1"), "h.npz[w1]: header: shape (100000, 100000, 100000) has", "limit");
    }

    /** An entry whose header promises 4 values but that inflates to 64 MiB is refused after ~1 MiB. */
    @Test
    void zipBombIsRefusedWithoutInflatingIt() throws IOException {
        byte[] bomb = NpyTest.concat(vector(1, 2, 3, 4), new byte[64 << 20]);
        Path file = zip("bomb.npz", true, "w1.npy", bomb);
        assertTrue(Files.size(file) < 200_000, "the bomb compresses well");
        String message = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertFails(() -> Npz.read(file, "w1")));
        assertTrue(message.startsWith("bomb.npz[w1]: trailing bytes: header shape (4,) float64 needs 32 data bytes, "
                + "found more than "), message);
    }

    /** The sizes in the zip directory are not trusted in either direction. */
    @Test
    void declaredSizesAreNotTrusted() throws IOException {
        byte[] valid = vector(1, 2, 3);
        Path file = zip("lie.npz", true, "w1.npy", valid);
        byte[] bytes = Files.readAllBytes(file);
        int cen = centralDirectoryEntry(bytes);

        // declares fewer bytes than the entry has: the header, not the directory, says how much to read
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(cen + 24, 10);
        Files.write(file, bytes);
        assertArrayEquals(new double[] {1, 2, 3}, Npz.read(file, "w1").toArray());

        // declares more than any acceptable array: refused up front
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(cen + 24, 0xf0000000);
        Files.write(file, bytes);
        assertFails(() -> Npz.read(file, "w1"), "lie.npz[w1]: expected at most", "found an entry declaring 4026531840");
    }

    private static int centralDirectoryEntry(byte[] zip) {
        for (int i = zip.length - 22; i >= 0; i--) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) {
                return i;
            }
        }
        throw new AssertionError("no central directory");
    }

    @Test
    void missingFileAndDirectory() {
        assertEquals("nope.npz: file not found", assertFails(() -> Npz.read(dir.resolve("nope.npz"), "w1")));
        assertFails(() -> Npz.read(dir, "w1"), ": cannot read: expected a file, found a directory");
    }
}
