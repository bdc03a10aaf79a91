package dev.netjac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.spec.ReadOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ModelFormat#detect} goes by content, and refuses TensorFlow folders, checkpoints and unknown binaries. */
class ModelFormatTest {
    @TempDir
    Path dir;

    private static final byte[] HDF5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};

    /** The head torch.onnx.export writes: ir_version 7, producer "pytorch" "1.13.1", then the graph. */
    private static byte[] torchOnnxHead() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x08, 0x07, 0x12, 0x07});
        out.writeBytes("pytorch".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {0x1a, 0x06});
        out.writeBytes("1.13.1".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {0x3a, (byte) 0xd0, 0x0f, 0x0a, 0x05}); // graph of 2000 bytes, its first node ...
        out.writeBytes(new byte[40]);
        return out.toByteArray();
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private ModelFormat detect(Path p) {
        return ModelFormat.detect(p, p.getFileName().toString());
    }

    private String refused(Path p) {
        return assertThrows(NetjacException.class, () -> detect(p)).getMessage();
    }

    @Test
    void jsonIsJsonWhateverItsName() throws Exception {
        assertEquals(ModelFormat.JSON, detect(write("model.h5", "{\"netjac\": 1}".getBytes(StandardCharsets.UTF_8))));
        assertEquals(ModelFormat.JSON, detect(write("bom.json", "\ufeff  {\"modelTopology\": {}}".getBytes(StandardCharsets.UTF_8))));
        // text that is not JSON still goes to the JSON reader, whose message names the line and column
        assertEquals(ModelFormat.JSON, detect(write("typo.json", "netjac: 1\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals(ModelFormat.JSON, detect(write("empty.json", new byte[0])));
    }

    @Test
    void hdf5AtOffsetZeroOrAfterAUserBlock() throws Exception {
        assertEquals(ModelFormat.HDF5, detect(write("a.bin", HDF5)));
        byte[] userBlock = new byte[1024 + HDF5.length];
        System.arraycopy(HDF5, 0, userBlock, 1024, HDF5.length);
        assertEquals(ModelFormat.HDF5, detect(write("b.keras", userBlock)));
    }

    @Test
    void zipIsAKerasArchive() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("config.json"));
            zip.write("{}".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(ModelFormat.ZIP, detect(write("model.h5", bytes.toByteArray())));
    }

    @Test
    void onnxByItsFirstFieldsWithOrWithoutTheExtension() throws Exception {
        assertEquals(ModelFormat.ONNX, detect(write("model.bin", torchOnnxHead())));
        // a ModelProto without ir_version first: accepted only under a .onnx name
        byte[] graphFirst = {0x3a, 0x10, 0x0a, 0x05, 'x', 'x', 'x', 'x', 'x', 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertEquals(ModelFormat.ONNX, detect(write("g.onnx", graphFirst)));
        assertTrue(refused(write("g.bin", graphFirst)).contains("not a model file netjac reads"));
        // ir_version 0 or a field ModelProto does not have is no ONNX, even as .onnx
        assertTrue(refused(write("zero.onnx", new byte[] {0x08, 0x00, 0x12, 0x01, 'x'})).contains("not a model file"));
        assertTrue(refused(write("field9.onnx", new byte[] {0x08, 0x07, 0x4a, 0x01, 'x'})).contains("not a model file"));
    }

    @Test
    void onnxIsRefusedInOnePlaceUntilItsReaderIsWiredIn() throws Exception {
        Path onnx = write("model.onnx", torchOnnxHead());
        String m = assertThrows(NetjacException.class, () -> Netjac.read(onnx, ReadOptions.defaults())).getMessage();
        assertTrue(m.startsWith(onnx + ": "), m);
        assertTrue(m.contains("ONNX"), m);
    }

    @Test
    void unknownBinaryNamesTheFormatsNetjacReads() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
        Path p = write("model.json", png);
        String m = assertThrows(NetjacException.class, () -> Netjac.read(p, ReadOptions.defaults())).getMessage();
        assertEquals(p + ": not a model file netjac reads (a binary file starting with bytes 89 50 4e 47 0d 0a 1a 0a);"
                + " expected " + ModelFormat.READABLE, m);
        assertTrue(!m.contains("malformed JSON"), m);
    }

    @Test
    void savedModelFolderOrFileIsRefusedWithHowToConvert() throws Exception {
        Path saved = Files.createDirectories(dir.resolve("exported"));
        write("exported/saved_model.pb", new byte[] {0x08, 0x01});
        Files.createDirectories(saved.resolve("variables"));
        for (Path p : new Path[] {saved, saved.resolve("saved_model.pb")}) {
            String m = refused(p);
            assertTrue(m.contains("a TensorFlow SavedModel") && m.contains("model.save(\"model.keras\")")
                    && m.contains("tensorflowjs_converter"), m);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkpoint", "model.ckpt.index", "model.ckpt.data-00000-of-00001", "ckpt-3.index"})
    void checkpointsAreRefusedWithHowToConvert(String name) throws Exception {
        String m = refused(write(name, new byte[] {0, 1, 2}));
        assertTrue(m.contains("TensorFlow checkpoint") && m.contains("model.save(\"model.keras\")"), m);
    }

    @Test
    void aFolderHoldingACheckpointIsRefusedToo() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("training"));
        write("training/checkpoint", "model_checkpoint_path: \"ckpt-1\"\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(refused(folder).contains("a folder holding a TensorFlow checkpoint"));
    }
}
