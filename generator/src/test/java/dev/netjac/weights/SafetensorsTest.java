package dev.netjac.weights;

import static dev.netjac.weights.WeightFixtures.assertFails;
import static dev.netjac.weights.WeightFixtures.assertTensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafetensorsTest {
    @TempDir
    Path dir;

    /** Writes a safetensors file: header length, {@code header} JSON, then {@code data}. */
    private Path file(String name, String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json).put(data);
        Path file = dir.resolve(name);
        Files.write(file, out.array());
        return file;
    }

    private static byte[] float32s(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private Path oneTensor(String entry, byte[] data) throws IOException {
        return file("m.safetensors", "{\"w\": " + entry + "}", data);
    }

    @TestFactory
    Stream<DynamicTest> everyFloatTensorMatchesNumpy() {
        JsonNode expected = WeightFixtures.expected("safetensors").get("model.safetensors");
        Path file = WeightFixtures.path("model.safetensors");
        return WeightFixtures.names(expected).stream().map(name -> DynamicTest.dynamicTest(name,
                () -> assertTensor(expected.get(name), Safetensors.read(file, name), name)));
    }

    @Test
    void scalarHasRankZero() {
        Tensor t = Safetensors.read(WeightFixtures.path("model.safetensors"), "scalar_f32");
        assertEquals(0, t.rank());
        assertEquals(-0.75, t.get(0));
    }

    @Test
    void integerTensorIsRefusedByName() {
        assertEquals("model.safetensors: tensor 'step_i64': dtype: expected F16/BF16/F32/F64, found I64",
                assertFails(() -> Safetensors.read(WeightFixtures.path("model.safetensors"), "step_i64")));
    }

    @Test
    void missingTensorListsTheAvailableOnes() {
        Path file = WeightFixtures.path("model.safetensors");
        String available = "available: \"scalar_f32\", \"step_i64\", \"w_bf16\", \"w_f16\", \"w_f32\", \"w_f64\"";
        assertEquals("model.safetensors: no tensor 'nope', " + available, assertFails(() -> Safetensors.read(file, "nope")));
        assertEquals("model.safetensors: no tensor '__metadata__', " + available,
                assertFails(() -> Safetensors.read(file, "__metadata__")));
    }

    @Test
    void readsAMinimalHandWrittenFile() throws IOException {
        Path file = oneTensor("{\"dtype\": \"F32\", \"shape\": [2, 2], \"data_offsets\": [0, 16]}",
                float32s(1, 2, 3, Float.NaN));
        double[] values = Safetensors.read(file, "w").toArray();
        assertArrayEquals(new double[] {1, 2, 3, Double.NaN}, values);
    }

    @Test
    void offsetsAreRelativeToTheDataSection() throws IOException {
        String header = "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]},"
                + " \"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [4, 12]}}";
        Path file = file("m.safetensors", header, float32s(9, 7, 8));
        assertArrayEquals(new double[] {7, 8}, Safetensors.read(file, "b").toArray());
        assertArrayEquals(new double[] {9}, Safetensors.read(file, "a").toArray());
    }

    @Test
    void emptyTensor() throws IOException {
        Path file = oneTensor("{\"dtype\": \"F64\", \"shape\": [0, 5], \"data_offsets\": [0, 0]}", new byte[0]);
        assertArrayEquals(new int[] {0, 5}, Safetensors.read(file, "w").shape());
    }

    @Test
    void tooShortForTheHeaderLength() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        assertEquals("m.safetensors: not a safetensors file: expected an 8-byte header length, found a 3-byte file",
                assertFails(() -> Safetensors.read(file, "w")));
    }

    @Test
    void headerLengthPastTheEndOfTheFile() throws IOException {
        Path file = oneTensor("{\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}", float32s(1));
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, bytes.length);
        Files.write(file, bytes);
        assertFails(() -> Safetensors.read(file, "w"),
                "m.safetensors: header: header length " + bytes.length + " runs past the end of the file (" + bytes.length
                        + " bytes)");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        Files.write(file, bytes);
        assertFails(() -> Safetensors.read(file, "w"), "header length 18446744073709551615 runs past the end");
    }

    @Test
    void headerLongerThanTheLimit() throws IOException {
        Path file = dir.resolve("big.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(120_000_000L); // sparse: cheap to create
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(100_000_001L).array());
        }
        assertFails(() -> Safetensors.read(file, "w"),
                "big.safetensors: header: expected a header length of at most 100000000 bytes, found 100000001");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"w\": {\"dtype\": \"F32\"|header: invalid JSON at line 1",
        "[1, 2]|header: expected a JSON object, found [1,2]",
        "{\"w\": 1, \"w\": 2}|header: invalid JSON",
        "{\"w\": {}} x|header: invalid JSON",
        "''|header: expected a JSON object, found an empty header",
        "'   '|header: expected a JSON object, found an empty header",
    })
    void invalidHeaderJson(String header, String expected) throws IOException {
        Path file = file("m.safetensors", header, new byte[4]);
        assertFails(() -> Safetensors.read(file, "w"), "m.safetensors: " + expected);
    }

    @Test
    void invalidUtf8InHeader() throws IOException {
        Path file = file("m.safetensors", "{\"w\": \"ab\"}", new byte[0]);
        byte[] bytes = Files.readAllBytes(file);
        bytes[8 + 7] = (byte) 0xff;
        Files.write(file, bytes);
        assertFails(() -> Safetensors.read(file, "w"), "m.safetensors: header: invalid JSON");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // entry | message after "m.safetensors: tensor 'w': "
        "{\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 12]}"
                + "|data_offsets: expected 0 <= begin <= end <= 8 (the data section's size), found [0, 12]",
        "{\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [8, 4]}"
                + "|data_offsets: expected 0 <= begin <= end <= 8 (the data section's size), found [8, 4]",
        "{\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 99999999999999999999999]}"
                + "|data_offsets: expected 0 <= begin <= end <= 8 (the data section's size), found [0, 99999999999999999999999]",
        "{\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 4]}"
                + "|data_offsets: expected end - begin = 8 bytes for shape (2,) F32, found [0, 4] (4 bytes)",
        "{\"dtype\": \"F64\", \"shape\": [2], \"data_offsets\": [0, 8]}"
                + "|data_offsets: expected end - begin = 16 bytes for shape (2,) F64, found [0, 8] (8 bytes)",
        "{\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, -8]}"
                + "|data_offsets: expected an array of 2 non-negative integers, found [0,-8]",
        "{\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8.0]}"
                + "|data_offsets: expected an array of 2 non-negative integers, found [0,8.0]",
        "{\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 4, 8]}"
                + "|data_offsets: expected an array of 2 non-negative integers, found [0,4,8]",
        "{\"dtype\": \"F32\", \"shape\": [2]}"
                + "|data_offsets: expected an array of 2 non-negative integers, found nothing",
        "{\"dtype\": \"F32\", \"shape\": [-2], \"data_offsets\": [0, 8]}"
                + "|shape: expected an array of non-negative integers, found [-2]",
        "{\"dtype\": \"F32\", \"shape\": \"2\", \"data_offsets\": [0, 8]}"
                + "|shape: expected an array of non-negative integers, found \"2\"",
        "{\"dtype\": \"F32\", \"shape\": [100000, 100000, 100000], \"data_offsets\": [0, 8]}"
                + "|shape (100000, 100000, 100000) has 1000000000000000 elements, more than the limit of 268435456",
        "{\"dtype\": \"I64\", \"shape\": [1], \"data_offsets\": [0, 8]}"
                + "|dtype: expected F16/BF16/F32/F64, found I64",
        "{\"dtype\": \"f32\", \"shape\": [2], \"data_offsets\": [0, 8]}"
                + "|dtype: expected F16/BF16/F32/F64, found f32",
        "{\"dtype\": 32, \"shape\": [2], \"data_offsets\": [0, 8]}"
                + "|dtype: expected F16/BF16/F32/F64, found 32",
        "{\"shape\": [2], \"data_offsets\": [0, 8]}"
                + "|dtype: expected F16/BF16/F32/F64, found nothing",
        "[0, 8]"
                + "|expected an object with dtype, shape and data_offsets, found [0,8]",
    })
    void invalidTensorEntries(String entry, String expected) throws IOException {
        Path file = oneTensor(entry, float32s(1, 2));
        assertEquals("m.safetensors: tensor 'w': " + expected,
                assertFails(() -> Safetensors.read(file, "w")).replaceFirst("(limit of 268435456).*", "$1"));
    }

    @Test
    void dataSectionIsTheRestOfTheFile() throws IOException {
        Path file = oneTensor("{\"dtype\": \"BF16\", \"shape\": [3], \"data_offsets\": [0, 6]}", new byte[6]);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 2));
        assertFails(() -> Safetensors.read(file, "w"),
                "m.safetensors: tensor 'w': data_offsets: expected 0 <= begin <= end <= 4 (the data section's size), found [0, 6]");
    }

    @Test
    void missingFileAndDirectory() {
        assertEquals("nope.safetensors: file not found",
                assertFails(() -> Safetensors.read(dir.resolve("nope.safetensors"), "w")));
        assertFails(() -> Safetensors.read(dir, "w"), ": cannot read: expected a file, found a directory");
    }
}
