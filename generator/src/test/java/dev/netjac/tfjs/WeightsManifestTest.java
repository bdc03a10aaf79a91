package dev.netjac.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netjac.NetjacException;
import dev.netjac.spec.ReadFiles;
import dev.netjac.spec.ReadOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding every dtype and quantization the manifest allows, as tfjs-core's decodeWeights does. */
class WeightsManifestTest {
    @TempDir
    Path dir;

    private WeightsManifest manifest(String weights, byte[] shard) throws IOException {
        Files.write(dir.resolve("w.bin"), shard);
        JsonNode json = new ObjectMapper().readTree(("[{'paths': ['w.bin'], 'weights': [" + weights + "]}]").replace('\'', '"'));
        return WeightsManifest.read(json, "m.json", dir, ReadOptions.defaults(), new ReadFiles());
    }

    private static double[] decode(WeightsManifest m, String name) {
        return m.decode(m.get(name), "m.json: test").toArray();
    }

    @Test
    void float32Int32AndQuantizedSideBySide() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * 2 + 4 * 2 + 2 * 2 + 3 + 2 * 2 + 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(0.1f).putFloat(-3.5f);                 // a: float32
        b.putInt(7).putInt(-2);                           // b: int32
        b.putShort((short) 0x3c00).putShort((short) 0xc000); // c: float16 1.0, -2.0
        b.put((byte) 0).put((byte) 128).put((byte) 255);  // d: uint8
        b.putShort((short) 0).putShort((short) 65535);    // e: uint16
        b.put((byte) 3).put((byte) 4);                    // f: uint8 quantized int32
        WeightsManifest m = manifest("{'name': 'a', 'shape': [2], 'dtype': 'float32'},"
                + "{'name': 'b', 'shape': [2], 'dtype': 'int32'},"
                + "{'name': 'c', 'shape': [2], 'dtype': 'float32', 'quantization': {'dtype': 'float16'}},"
                + "{'name': 'd', 'shape': [3], 'dtype': 'float32', 'quantization': {'dtype': 'uint8', 'scale': 0.01, 'min': -1.1, 'original_dtype': 'float32'}},"
                + "{'name': 'e', 'shape': [1, 2], 'dtype': 'float32', 'quantization': {'dtype': 'uint16', 'scale': 0.5, 'min': 2}},"
                + "{'name': 'f', 'shape': [2], 'dtype': 'int32', 'quantization': {'dtype': 'uint8', 'scale': 0.5, 'min': 0}}",
                b.array());
        assertArrayEquals(new double[] {0.1f, -3.5}, decode(m, "a"));
        assertArrayEquals(new double[] {7, -2}, decode(m, "b"));
        assertArrayEquals(new double[] {1, -2}, decode(m, "c"));
        // tfjs stores q * scale + min in a Float32Array
        assertArrayEquals(new double[] {(float) -1.1, (float) (128 * 0.01 - 1.1), (float) (255 * 0.01 - 1.1)}, decode(m, "d"));
        assertArrayEquals(new double[] {2, 65535 * 0.5 + 2}, decode(m, "e"));
        assertArrayEquals(new double[] {2, 2}, decode(m, "f")); // Math.round(1.5) = 2, Math.round(2) = 2
    }

    @Test
    void emptyShardForAModelWithoutWeights() throws IOException {
        assertTrue(manifest("", new byte[0]).names().isEmpty());
    }

    @Test
    void boolWeightsAreLaidOutButNotDecoded() throws IOException {
        WeightsManifest m = manifest("{'name': 'flag', 'shape': [3], 'dtype': 'bool'}, {'name': 'x', 'shape': [1], 'dtype': 'float32'}",
                ByteBuffer.allocate(7).order(ByteOrder.LITTLE_ENDIAN).put(new byte[3]).putFloat(2.5f).array());
        assertArrayEquals(new double[] {2.5}, decode(m, "x"));
        NetjacException e = assertThrows(NetjacException.class, () -> decode(m, "flag"));
        assertTrue(e.getMessage().contains("weight \"flag\" has dtype \"bool\"; expected float32 or int32"), e.getMessage());
    }

    @Test
    void float16OfAnInt32WeightIsRefused() {
        NetjacException e = assertThrows(NetjacException.class, () -> manifest(
                "{'name': 'i', 'shape': [1], 'dtype': 'int32', 'quantization': {'dtype': 'float16'}}", new byte[2]));
        assertTrue(e.getMessage().contains("float16 quantization of a \"int32\" weight"), e.getMessage());
    }

    @Test
    void stringWeightsAreRefused() {
        NetjacException e = assertThrows(NetjacException.class, () -> manifest(
                "{'name': 's', 'shape': [1], 'dtype': 'string'}", new byte[8]));
        assertTrue(e.getMessage().contains("string weights are not supported"), e.getMessage());
    }
}
