package dev.netjac.weights;

import static dev.netjac.weights.WeightFixtures.assertFails;
import static dev.netjac.weights.WeightFixtures.assertTensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyTest {

    /** A .npy file with {@code dict} as header, padded the way numpy pads it, followed by {@code data}. */
    static byte[] npy(int major, String dict, byte[] data) {
        int lengthBytes = major == 1 ? 2 : 4;
        int prefix = 8 + lengthBytes;
        byte[] text = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int padding = 64 - (prefix + text.length + 1) % 64;
        int headerLength = text.length + padding + 1;
        ByteBuffer out = ByteBuffer.allocate(prefix + headerLength + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            out.putShort((short) headerLength);
        } else {
            out.putInt(headerLength);
        }
        out.put(text);
        for (int i = 0; i < padding; i++) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n').put(data);
        return out.array();
    }

    static byte[] npy(String dict, byte[] data) {
        return npy(1, dict, data);
    }

    static byte[] float64s(ByteOrder order, double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(order);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Tensor readBytes(byte[] bytes) {
        return Npy.read(bytes, "w1.npy");
    }

    @Nested
    class Fixtures {
        /** Every .npy fixture written by numpy, read both from its file and from memory, equals numpy's values. */
        @TestFactory
        Stream<DynamicTest> everyFixtureMatchesNumpy() {
            JsonNode expected = WeightFixtures.expected("npy");
            return WeightFixtures.names(expected).stream().map(name -> DynamicTest.dynamicTest(name, () -> {
                assertTensor(expected.get(name), Npy.read(WeightFixtures.path(name)), name);
                assertTensor(expected.get(name), Npy.read(WeightFixtures.bytes(name), name), name + " (bytes)");
            }));
        }

        @Test
        void everyNpyFileInTheFixtureDirectoryIsInExpectedJson() throws IOException {
            List<String> listed = WeightFixtures.names(WeightFixtures.expected("npy"));
            try (Stream<Path> files = Files.list(WeightFixtures.path("expected.json").getParent())) {
                List<String> onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".npy"))
                        .sorted().collect(Collectors.toList());
                assertEquals(onDisk, listed.stream().sorted().collect(Collectors.toList()));
                assertTrue(onDisk.size() >= 15, "fixtures were generated");
            }
        }

        @Test
        void byteOrderDoesNotChangeValues() {
            assertArrayEquals(Npy.read(WeightFixtures.path("f8_le_c.npy")).toArray(),
                    Npy.read(WeightFixtures.path("f8_be_c.npy")).toArray());
            assertArrayEquals(Npy.read(WeightFixtures.path("f4_le_c.npy")).toArray(),
                    Npy.read(WeightFixtures.path("f4_be_c.npy")).toArray());
        }

        @Test
        void fortranOrderIsReturnedRowMajor() {
            Tensor t = Npy.read(WeightFixtures.path("f8_le_fortran.npy"));
            assertArrayEquals(new int[] {3, 4}, t.shape());
            Tensor t3 = Npy.read(WeightFixtures.path("f4_be_fortran_3d.npy"));
            assertArrayEquals(new int[] {2, 3, 4}, t3.shape());
        }

        @Test
        void zeroDimensionalArrayHasRankZeroAndOneValue() {
            Tensor t = Npy.read(WeightFixtures.path("scalar_0d.npy"));
            assertEquals(0, t.rank());
            assertEquals(1, t.size());
            assertEquals(3.25, t.get(0));
        }

        @Test
        void emptyArrayKeepsItsShape() {
            Tensor t = Npy.read(WeightFixtures.path("empty_0x3.npy"));
            assertArrayEquals(new int[] {0, 3}, t.shape());
            assertEquals(0, t.size());
        }

        @Test
        void nanAndInfinityAreReturnedAsTheyAre() {
            Tensor t = Npy.read(WeightFixtures.path("specials_f8.npy"));
            assertTrue(Double.isNaN(t.get(0)));
            assertEquals(Double.POSITIVE_INFINITY, t.get(1));
            assertEquals(Double.NEGATIVE_INFINITY, t.get(2));
        }
    }

    @Nested
    class Headers {
        private final byte[] data = float64s(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, 5, 6);

        @ParameterizedTest
        @ValueSource(strings = {
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
            "{'descr':'<f8','fortran_order':False,'shape':(2,3)}",
            "{ 'shape' : ( 2 , 3 , ) , 'fortran_order' : False , 'descr' : '<f8' , }",
            "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2, 3)}",
            "{u'descr': u'<f8', 'fortran_order': False, 'shape': (2L, 3L)}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': [2, 3]}",
            "{'descr': '=f8', 'fortran_order': False, 'shape': (2, 3)}",
            "{'descr': 'f8', 'fortran_order': False, 'shape': (2, 3)}",
            "{'descr': '|f8', 'fortran_order': False, 'shape': (2, 3)}",
            "{'descr': '<f8',\n 'fortran_order': False,\t'shape': (2, 3)}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), 'extra': None}",
        })
        void acceptsWhatEveryNumpyVersionMayWrite(String dict) {
            Tensor t = readBytes(npy(dict, data));
            assertArrayEquals(new int[] {2, 3}, t.shape());
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, t.toArray());
        }

        @Test
        void acceptsAHeaderWithoutTrailingNewline() {
            byte[] bytes = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (6,)}", data);
            int newline = bytes.length - data.length - 1; // the padded header ends in '\n'
            assertEquals('\n', bytes[newline]);
            bytes[newline] = ' ';
            assertEquals(6, readBytes(bytes).size());
        }

        @Test
        void fortranOrderIsTransposedToRowMajor() {
            // column-major (2, 3): columns [1, 4], [2, 5], [3, 6]
            byte[] f = float64s(ByteOrder.LITTLE_ENDIAN, 1, 4, 2, 5, 3, 6);
            Tensor t = readBytes(npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", f));
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, t.toArray());
        }

        @Test
        void fortranOrderOfRankThreeMatchesTheDefinition() {
            int[] shape = {2, 3, 4};
            double[] fortran = new double[24];
            double[] expected = new double[24];
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int k = 0; k < 4; k++) {
                        double v = 100 * i + 10 * j + k;
                        fortran[i + 2 * (j + 3 * k)] = v;
                        expected[(i * 3 + j) * 4 + k] = v;
                    }
                }
            }
            assertArrayEquals(expected, Npy.fortranToRowMajor(fortran, shape));
        }

        @Test
        void versions2And3UseFourByteHeaderLengths() {
            String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (6,), }";
            assertEquals(6, readBytes(npy(2, dict, data)).size());
            assertEquals(6, readBytes(npy(3, dict, data)).size());
        }

        @Test
        void version3HeaderIsUtf8() {
            String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (6,), 'note': '\u00e9\u4e2d'}";
            assertEquals(6, readBytes(npy(3, dict, data)).size());
        }

        @Test
        void bigEndianFloat16() {
            byte[] halves = {0x3c, 0x00, (byte) 0xc0, 0x00, 0x7b, (byte) 0xff};
            Tensor t = readBytes(npy("{'descr': '>f2', 'fortran_order': False, 'shape': (3,), }", halves));
            assertArrayEquals(new double[] {1.0, -2.0, 65504.0}, t.toArray());
        }
    }

    @Nested
    class Errors {
        @TempDir
        Path dir;

        private Path bigFile() {
            Path file = dir.resolve("w1.npy");
            Npy.write(file, new int[] {500, 100}, new double[50_000]);
            return file;
        }

        @Test
        void truncatedByEightBytes() throws IOException {
            Path file = bigFile();
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, Arrays.copyOf(bytes, bytes.length - 8));
            String message = assertFails(() -> Npy.read(file));
            assertEquals("w1.npy: truncated: header shape (500, 100) float64 needs 400000 data bytes, found 399992",
                    message);
        }

        @Test
        void truncatedInMemory() {
            byte[] bytes = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", new byte[20]);
            assertEquals("w1.npy: truncated: header shape (3,) float64 needs 24 data bytes, found 20",
                    assertFails(() -> readBytes(bytes)));
        }

        @Test
        void trailingBytes() throws IOException {
            Path file = bigFile();
            Files.write(file, new byte[8], java.nio.file.StandardOpenOption.APPEND);
            assertEquals("w1.npy: trailing bytes: header shape (500, 100) float64 needs 400000 data bytes, found 400008",
                    assertFails(() -> Npy.read(file)));
        }

        @Test
        void badMagic() throws IOException {
            Path file = dir.resolve("w1.npy");
            byte[] bytes = WeightFixtures.bytes("f8_le_c.npy");
            bytes[1] = 'X';
            Files.write(file, bytes);
            assertFails(() -> Npy.read(file), "w1.npy: not a .npy file (bad magic bytes)", "found 93 58 55 4d 50 59");
        }

        @Test
        void emptyAndTinyFilesHaveBadMagic() {
            assertFails(() -> readBytes(new byte[0]), "w1.npy: not a .npy file (bad magic bytes)", "found no bytes");
            assertFails(() -> readBytes(new byte[] {(byte) 0x93, 'N'}), "w1.npy: not a .npy file (bad magic bytes)");
        }

        @Test
        void zipArchiveGetsAHint() {
            assertFails(() -> Npy.read(WeightFixtures.path("weights.npz")), "weights.npz: not a .npy file",
                    "read .npz files with Npz");
        }

        @Test
        void endsInsideVersionOrHeaderLength() {
            byte[] valid = WeightFixtures.bytes("f8_le_c.npy");
            assertFails(() -> readBytes(Arrays.copyOf(valid, 7)), "w1.npy: truncated: expected a format version");
            assertFails(() -> readBytes(Arrays.copyOf(valid, 9)), "w1.npy: truncated: expected a 2-byte header length");
        }

        @Test
        void unsupportedVersion() {
            byte[] bytes = WeightFixtures.bytes("f8_le_c.npy");
            bytes[6] = 4;
            assertFails(() -> readBytes(bytes), "w1.npy: unsupported .npy format version: expected 1.0, 2.0 or 3.0, found 4.0");
        }

        @Test
        void headerLengthRunningPastTheFile() throws IOException {
            byte[] bytes = WeightFixtures.bytes("f8_le_c.npy");
            bytes[8] = (byte) 0xff;
            bytes[9] = (byte) 0xff;
            Path file = dir.resolve("w1.npy");
            Files.write(file, bytes);
            assertFails(() -> Npy.read(file), "w1.npy: header: header length 65535 runs past the end of the file ("
                    + bytes.length + " bytes)");
        }

        @Test
        void hugeVersion2HeaderLengthIsRefusedBeforeAllocating() {
            byte[] bytes = npy(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }", new byte[0]);
            bytes[8] = bytes[9] = bytes[10] = bytes[11] = (byte) 0xff;
            assertFails(() -> readBytes(bytes), "w1.npy: header: header length 4294967295 runs past the end");
            assertFails(() -> Npy.decode(new java.io.ByteArrayInputStream(bytes), -1, "w1.npy", ExpectedSize.ANY),
                    "w1.npy: header: expected a header length of at most 1048576 bytes, found 4294967295");
        }

        @ParameterizedTest
        @ValueSource(strings = {"<i8", "<i4", "|u1", "|b1", "|O", "<U5", "|S3", "<c16", "<c8", "|V8", "<M8[ns]", "<f16",
                "float64", ""})
        void refusesEveryNonFloatDtype(String descr) {
            byte[] bytes = npy("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (1,), }", new byte[16]);
            assertFails(() -> readBytes(bytes),
                    "w1.npy: header: expected a float16/float32/float64 array, found dtype '" + descr + "'");
        }

        @Test
        void integerMessageSuggestsTheFix() {
            byte[] bytes = npy("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", new byte[8]);
            assertFails(() -> readBytes(bytes), "expected a float16/float32/float64 array, found dtype '<i8'",
                    "astype(numpy.float64)");
        }

        @Test
        void objectArrayMessageMentionsPickle() {
            byte[] bytes = npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", new byte[8]);
            assertFails(() -> readBytes(bytes), "found dtype '|O'", "object array");
        }

        @Test
        void refusesStructuredDtypes() {
            byte[] bytes = npy("{'descr': [('a', '<f8'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }",
                    new byte[12]);
            assertFails(() -> readBytes(bytes),
                    "w1.npy: header: expected a float16/float32/float64 array, found a structured dtype [('a', '<f8'), ('b', '<i4')]");
        }

        @Test
        void refusesAbsurdShapesBeforeAllocating() {
            byte[] bytes = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000, 100000), }", new byte[8]);
            assertFails(() -> readBytes(bytes), "w1.npy: header: shape (100000, 100000, 100000) has 1000000000000000 elements",
                    "more than the limit of 268435456");
            // also when the length is unknown, as for a zip entry
            assertFails(() -> Npy.decode(new java.io.ByteArrayInputStream(bytes), -1, "w1.npy", ExpectedSize.ANY),
                    "shape (100000, 100000, 100000)");
        }

        @Test
        void refusesShapeJustOverTheLimit() {
            byte[] bytes = npy("{'descr': '<f2', 'fortran_order': False, 'shape': (" + (Npy.MAX_ELEMENTS + 1) + ",), }",
                    new byte[0]);
            assertFails(() -> readBytes(bytes), "shape (268435457,) has 268435457 elements");
        }

        @Test
        void shapeAtTheLimitIsCheckedAgainstTheDataNotAllocated() {
            byte[] bytes = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (" + Npy.MAX_ELEMENTS + ",), }",
                    new byte[64]);
            assertFails(() -> readBytes(bytes), "truncated: header shape (268435456,) float64 needs 2147483648 data bytes, found 64");
            assertFails(() -> Npy.decode(new java.io.ByteArrayInputStream(bytes), -1, "w1.npy", ExpectedSize.ANY), "found 64");
        }

        @Test
        void refusesNegativeAndOverflowingDimensions() {
            assertFails(() -> readBytes(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3, -1), }", new byte[0])),
                    "w1.npy: header: expected non-negative dimensions, found shape (3, -1)");
            assertFails(() -> readBytes(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }",
                    new byte[0])), "shape (4294967296, 4294967296, 4294967296) has 79228162514264337593543950336 elements");
            assertFails(() -> readBytes(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3000000000), }",
                    new byte[0])), "shape (0, 3000000000) has dimension 3000000000");
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "{'descr': '<f8', 'fortran_order': False}",
            "{'descr': '<f8', 'shape': (3,)}",
            "{'fortran_order': False, 'shape': (3,)}",
            "['descr', '<f8']",
            "{'descr': '<f8', 'fortran_order': 0, 'shape': (3,)}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': 3}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (3.0,)}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': ('3',)}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (3,)",
            "{'descr': '<f8' 'fortran_order': False, 'shape': (3,)}",
            "{'descr': '<f8, 'fortran_order': False, 'shape': (3,)}",
            "{'descr': '<f8', 'fortran_order': false, 'shape': (3,)}",
            "{'descr': '<f8', 'fortran_order': __import__('os'), 'shape': (3,)}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (3,)} extra",
            "",
            "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{",
        })
        void malformedHeadersAreReportedNotEvaluated(String dict) {
            byte[] bytes = npy(dict, new byte[24]);
            assertFails(() -> readBytes(bytes), "w1.npy: header: ");
        }

        @Test
        void syntaxErrorsSayWhere() {
            byte[] bytes = npy("{'descr': '<f8' 'fortran_order': False, 'shape': (3,)}", new byte[24]);
            assertFails(() -> readBytes(bytes), "w1.npy: header: cannot parse the header dict at character 16",
                    "expected ',' or '}', found \"'fortran_order': Fal\"");
        }

        @Test
        void version3HeaderWithInvalidUtf8() {
            byte[] bytes = npy(3, "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'x': 'ab'}", new byte[24]);
            int quote = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("'ab'");
            bytes[quote + 1] = (byte) 0xc3;
            bytes[quote + 2] = (byte) 0x28;
            assertFails(() -> readBytes(bytes), "w1.npy: header: expected UTF-8 text");
        }

        @Test
        void missingFileAndDirectory() {
            assertEquals("nope.npy: file not found", assertFails(() -> Npy.read(dir.resolve("nope.npy"))));
            assertFails(() -> Npy.read(dir), dir.getFileName() + ": cannot read: expected a file, found a directory");
        }
    }

    @Nested
    class Writing {
        @TempDir
        Path dir;

        @Test
        void roundTripsShapesAndValuesExactly() {
            Random random = new Random(7);
            int[][] shapes = {{}, {1}, {5}, {0}, {3, 4}, {0, 3}, {2, 3, 4}, {1, 1, 1, 1}, {20000}};
            for (int[] shape : shapes) {
                int n = Shapes.elementCount(shape);
                double[] data = new double[n];
                for (int i = 0; i < n; i++) {
                    data[i] = Double.longBitsToDouble(random.nextLong()); // every bit pattern, NaNs included
                }
                Path file = dir.resolve("t" + shape.length + "_" + n + ".npy");
                Npy.write(file, shape, data);
                Tensor back = Npy.read(file);
                assertArrayEquals(shape, back.shape(), Tensor.shapeString(shape));
                for (int i = 0; i < n; i++) {
                    assertEquals(Double.doubleToLongBits(data[i]), Double.doubleToLongBits(back.get(i)));
                }
            }
        }

        @Test
        void specialValuesRoundTrip() {
            double[] data = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE,
                Double.MAX_VALUE};
            Path file = dir.resolve("s.npy");
            Npy.write(file, Tensor.of(new int[] {6}, data.clone()));
            double[] back = Npy.read(file).toArray();
            for (int i = 0; i < data.length; i++) {
                assertEquals(Double.doubleToLongBits(data[i]), Double.doubleToLongBits(back[i]));
            }
        }

        @Test
        void writesNumpysLayout() throws IOException {
            Path file = dir.resolve("w.npy");
            Npy.write(file, new int[] {3, 4}, Npy.read(WeightFixtures.path("f8_le_c.npy")).toArray());
            byte[] bytes = Files.readAllBytes(file);
            int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
            int dataStart = 10 + headerLength;
            assertEquals(0, dataStart % 64, "data is 64-byte aligned");
            assertEquals(1, bytes[6]);
            assertEquals(0, bytes[7]);
            String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
            assertTrue(header.startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }"), header);
            assertTrue(header.endsWith(" \n"), header);
            // the data section is byte-identical to numpy's
            byte[] fixture = WeightFixtures.bytes("f8_le_c.npy");
            assertArrayEquals(Arrays.copyOfRange(fixture, fixture.length - 96, fixture.length),
                    Arrays.copyOfRange(bytes, dataStart, bytes.length));
        }

        @Test
        void headerIsAlignedForEveryRank() throws IOException {
            for (int rank = 0; rank < 20; rank++) {
                int[] shape = new int[rank];
                Arrays.fill(shape, 1);
                Path file = dir.resolve("r" + rank + ".npy");
                Npy.write(file, shape, new double[] {rank});
                byte[] bytes = Files.readAllBytes(file);
                int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
                assertEquals(0, (10 + headerLength) % 64);
                assertEquals(rank, Npy.read(file).get(0));
            }
        }

        @Test
        void replacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
            Path file = dir.resolve("w.npy");
            Files.write(file, "old".getBytes(StandardCharsets.US_ASCII));
            Npy.write(file, new int[] {2}, new double[] {1, 2});
            assertArrayEquals(new double[] {1, 2}, Npy.read(file).toArray());
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(file), files.collect(Collectors.toList()));
            }
        }

        @Test
        void failureIsANetjacExceptionAndLeavesNothingBehind() throws IOException {
            assertFails(() -> Npy.write(dir.resolve("missing").resolve("w.npy"), new int[] {1}, new double[] {1}),
                    "w.npy: cannot write: ");
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(0, files.count());
            }
        }

        @Test
        void mismatchedShapeIsAProgrammingError() {
            Path file = dir.resolve("w.npy");
            assertThrows(IllegalArgumentException.class, () -> Npy.write(file, new int[] {2, 2}, new double[3]));
            assertThrows(IllegalArgumentException.class, () -> Npy.write(file, new int[] {-1}, new double[0]));
            assertThrows(IllegalArgumentException.class,
                    () -> Npy.write(file, new int[] {65536, 65536}, new double[0]));
        }
    }

    /** A header that is not Latin-1 clean in a v1 file is still read as Latin-1, as numpy does. */
    @Test
    void version1HeaderIsLatin1() {
        byte[] bytes = npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'n': '\u00e9\u00ff'}", new byte[8]);
        assertEquals(1, readBytes(bytes).size());
    }
}
