package dev.netjac.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.netjac.Netjac;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import dev.netjac.graph.Graph;
import dev.netjac.onnx.proto.Onnx.GraphProto;
import dev.netjac.onnx.proto.Onnx.ModelProto;
import dev.netjac.onnx.proto.Onnx.NodeProto;
import dev.netjac.onnx.proto.Onnx.OperatorSetIdProto;
import dev.netjac.onnx.proto.Onnx.StringStringEntryProto;
import dev.netjac.onnx.proto.Onnx.TensorProto;
import dev.netjac.onnx.proto.Onnx.TensorShapeProto;
import dev.netjac.onnx.proto.Onnx.TypeProto;
import dev.netjac.onnx.proto.Onnx.ValueInfoProto;
import dev.netjac.spec.ReadOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and unsupported ONNX files get one-line messages naming the file and the node or initializer. */
class OnnxErrorTest {
    @TempDir
    Path dir;

    /** x (batch, 2) -> MatMul W (2, 3) -> op -> y. */
    static ModelProto model(TensorProto weight, String op) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(value("x", 2)).addOutput(value("y", 3)).addInitializer(weight)
                .addNode(NodeProto.newBuilder().setOpType("MatMul").setName("mm").addInput("x").addInput("W").addOutput("h"))
                .addNode(NodeProto.newBuilder().setOpType(op).setName("act").addInput("h").addOutput("y"));
        return ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(g).build();
    }

    static ValueInfoProto value(String name, int features) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(features)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.DOUBLE_VALUE).setShape(shape))).build();
    }

    static TensorProto weight(long... dims) {
        double[] w = {0.5, -1, 2, 0.25, 1.5, -0.75};
        ByteBuffer b = ByteBuffer.allocate(8 * w.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : w) {
            b.putDouble(v);
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName("W").setDataType(TensorProto.DataType.DOUBLE_VALUE)
                .setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private Path write(String name, ModelProto m) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, m.toByteArray());
        return p;
    }

    private String error(Path p) {
        NetjacException e = assertThrows(NetjacException.class, () -> Netjac.read(p, ReadOptions.defaults()));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsTheSmallModel() throws IOException {
        Graph g = Netjac.read(write("ok.onnx", model(weight(2, 3), "Tanh")), ReadOptions.defaults());
        assertEquals("[3]", Arrays.toString(g.outputShape()));
    }

    @Test
    void detectsOnnxByContentWhateverTheExtension() throws IOException {
        Graph g = Netjac.read(write("model.bin", model(weight(2, 3), "Relu")), ReadOptions.defaults());
        assertEquals("[3]", Arrays.toString(g.outputShape()));
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] bytes = model(weight(2, 3), "Tanh").toByteArray();
        Path p = dir.resolve("cut.onnx");
        Files.write(p, Arrays.copyOf(bytes, bytes.length - 7));
        String m = error(p);
        assertTrue(m.startsWith(p.toString() + ": not a readable ONNX model"), m);
    }

    @Test
    void unsupportedOperator() throws IOException {
        String m = error(write("op.onnx", model(weight(2, 3), "Hardmax")));
        assertTrue(m.contains("node \"act\" (Hardmax, opset 17): operator Hardmax is not supported"), m);
    }

    @Test
    void initializerDimsThatLieAboutItsSize() throws IOException {
        String m = error(write("lie.onnx", model(weight(2000, 3000), "Tanh")));
        assertTrue(m.contains("initializer \"W\": dims [2000, 3000] of double need 48000000 bytes, found 48 in raw_data"), m);
        String huge = error(write("huge.onnx", model(weight(1L << 20, 1L << 20), "Tanh")));
        assertTrue(huge.contains("claim more than"), huge);
    }

    @Test
    void externalDataMayNotLeaveTheFolder() throws IOException {
        for (String location : new String[] {"../w.bin", "/etc/passwd", "sub/../../w.bin"}) {
            TensorProto w = TensorProto.newBuilder().setName("W").setDataType(TensorProto.DataType.DOUBLE_VALUE)
                    .addDims(2).addDims(3).setDataLocation(TensorProto.DataLocation.EXTERNAL)
                    .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location)).build();
            String m = error(write("ext.onnx", model(w, "Tanh")));
            assertTrue(m.contains("initializer \"W\": external data " + UserText.quote(location)
                    + " is outside the model's folder"), m);
        }
    }

    @Test
    void externalDataThroughASymlinkOutOfTheFolder() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.write(outside.resolve("w.bin"), new byte[48]);
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.createSymbolicLink(models.resolve("w.bin"), outside.resolve("w.bin"));
        TensorProto w = TensorProto.newBuilder().setName("W").setDataType(TensorProto.DataType.DOUBLE_VALUE)
                .addDims(2).addDims(3).setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("w.bin")).build();
        Path p = models.resolve("m.onnx");
        Files.write(p, model(w, "Tanh").toByteArray());
        String m = error(p);
        assertTrue(m.contains("initializer \"W\": external data \"w.bin\" is a symbolic link (or inside a linked folder)"
                + " leading outside the model's folder"), m);
    }

    @Test
    void externalDataBesideTheModelIsRead() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            b.putDouble(i);
        }
        Files.write(dir.resolve("w.bin"), b.array());
        TensorProto w = TensorProto.newBuilder().setName("W").setDataType(TensorProto.DataType.DOUBLE_VALUE)
                .addDims(2).addDims(3).setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("w.bin")).build();
        Path p = write("ext.onnx", model(w, "Relu"));
        var source = Netjac.readSource(p, ReadOptions.defaults());
        assertTrue(source.files().stream().anyMatch(f -> f.getFileName().toString().equals("w.bin")), source.files().toString());
    }
}
