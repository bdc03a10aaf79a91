package dev.netjac.onnx;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import dev.netjac.graph.Graph;
import dev.netjac.onnx.proto.Onnx.GraphProto;
import dev.netjac.onnx.proto.Onnx.ModelProto;
import dev.netjac.onnx.proto.Onnx.OperatorSetIdProto;
import dev.netjac.onnx.proto.Onnx.TensorProto;
import dev.netjac.onnx.proto.Onnx.TensorShapeProto;
import dev.netjac.onnx.proto.Onnx.ValueInfoProto;
import dev.netjac.spec.ModelFolder;
import dev.netjac.spec.ReadFiles;
import dev.netjac.spec.ReadOptions;
import dev.netjac.spec.SpecReader;
import dev.netjac.weights.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ONNX model ({@code .onnx}, a serialized ModelProto) into a {@link Graph}: the file is size-checked
 * and decoded with the protobuf classes generated from {@code onnx.proto}, initializers become constants
 * ({@link OnnxTensors}), {@link OnnxTranslator} folds constants and writes a netjac spec in graph form, and
 * {@link SpecReader} builds and checks the graph from it exactly as from a spec file. See {@code docs/onnx.md}.
 */
public final class OnnxModelReader {
    /** The largest model file read (weights stored inside it included); larger models need external data. */
    public static final long MAX_FILE_BYTES = 1L << 30;

    private OnnxModelReader() {}

    public static Graph read(Path model, String file, ReadOptions options, ReadFiles read) {
        try {
            ModelProto proto = parse(model, file);
            read.add(model);
            Path baseDir = model.toAbsolutePath().getParent();
            return translate(proto, file, baseDir, defaultName(model), options, read);
        } catch (NetjacException e) {
            throw UserText.oneLine(e);
        }
    }

    private static ModelProto parse(Path model, String file) {
        try {
            long size = Files.size(model);
            if (size > MAX_FILE_BYTES) {
                throw new NetjacException(file + ": " + size + " bytes, more than the " + MAX_FILE_BYTES + " an ONNX model"
                        + " file may have here; save large weights as external data (onnx.save_model(...,"
                        + " save_as_external_data=True))");
            }
            try (InputStream in = Files.newInputStream(model)) {
                CodedInputStream coded = CodedInputStream.newInstance(in);
                coded.setSizeLimit((int) Math.min(Integer.MAX_VALUE, MAX_FILE_BYTES));
                ModelProto proto = ModelProto.parseFrom(coded);
                coded.checkLastTagWas(0);
                return proto;
            }
        } catch (InvalidProtocolBufferException e) {
            throw new NetjacException(file + ": not a readable ONNX model (truncated or not a ModelProto): "
                    + UserText.oneLine(String.valueOf(e.getMessage())));
        } catch (IOException e) {
            throw new NetjacException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static Graph translate(ModelProto proto, String file, Path baseDir, String defaultName, ReadOptions options,
            ReadFiles read) {
        if (!proto.hasGraph()) {
            throw new NetjacException(file + ": the ModelProto has no graph; not an ONNX model");
        }
        int opset = -1;
        for (OperatorSetIdProto o : proto.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                opset = (int) o.getVersion();
            }
        }
        if (opset < 0) {
            opset = proto.getIrVersion() < 3 ? 1 : 6;
        }
        if (opset < 6 || opset > 21) {
            throw new NetjacException(file + ": opset " + opset + "; netjac reads ONNX opsets 6 to 21 (re-export with"
                    + " torch.onnx.export(..., opset_version=17))");
        }
        GraphProto g = proto.getGraph();
        Map<String, Tensor> constants = new LinkedHashMap<>();
        ModelFolder folder = ModelFolder.of(baseDir, options, file);
        OnnxTensors.ExternalData external = (where, location, offset, length) ->
                externalData(folder, where, location, offset, length, read);
        for (TensorProto t : g.getInitializerList()) {
            constants.put(t.getName(), OnnxTensors.decode(t, file + ": initializer " + UserText.quote(t.getName()), external));
        }
        List<ValueInfoProto> inputs = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) {
            if (!constants.containsKey(v.getName())) {
                inputs.add(v);
            }
        }
        if (inputs.size() != 1) {
            List<String> names = inputs.stream().map(ValueInfoProto::getName).toList();
            throw new NetjacException(file + ": the graph has " + inputs.size() + " inputs " + UserText.list(names, 5)
                    + "; netjac differentiates functions of exactly one input tensor");
        }
        if (g.getOutputCount() != 1) {
            throw new NetjacException(file + ": the graph has " + g.getOutputCount() + " outputs; netjac needs exactly one");
        }
        ValueInfoProto input = inputs.get(0);
        int[] shape = inputShape(input, file);
        TensorShapeProto.Dimension batchDim = input.getType().getTensorType().getShape().getDim(0);
        int batch = batchDim.hasDimValue() ? (int) batchDim.getDimValue() : 1;
        List<OnnxNode> nodes = new ArrayList<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            String domain = g.getNode(i).getDomain();
            OnnxNode node = new OnnxNode(g.getNode(i), i, file, opset);
            if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
                throw node.error("operator domain " + UserText.quote(domain) + " is not supported; netjac reads the"
                        + " default ONNX domain");
            }
            nodes.add(node);
        }
        String name = defaultName;
        OnnxTranslator translator = new OnnxTranslator(file, nodes, constants, input.getName(), shape, batch, name,
                List.of(g.getOutput(0).getName()));
        ObjectNode spec = translator.translate(g.getOutput(0).getName());
        return SpecReader.read(spec, file, baseDir, defaultName, options, new OnnxWeights(translator.weights()));
    }

    /** The input's shape without the batch axis (axis 0: 1 or symbolic); every other dimension must be known. */
    private static int[] inputShape(ValueInfoProto input, String file) {
        String where = file + ": graph input " + UserText.quote(input.getName());
        if (!input.getType().hasTensorType()) {
            throw new NetjacException(where + " is not a tensor");
        }
        int type = input.getType().getTensorType().getElemType();
        if (!OnnxTensors.isFloating(type)) {
            throw new NetjacException(where + " has element type " + OnnxTensors.typeName(type)
                    + "; netjac differentiates floating-point inputs (float32, float64, float16)");
        }
        TensorShapeProto shape = input.getType().getTensorType().getShape();
        int rank = shape.getDimCount();
        if (rank < 2) {
            throw new NetjacException(where + " has rank " + rank + "; expected (batch, features...) with the batch first");
        }
        TensorShapeProto.Dimension batch = shape.getDim(0);
        if (batch.hasDimValue() && (batch.getDimValue() < 1 || batch.getDimValue() > Integer.MAX_VALUE)) {
            throw new NetjacException(where + " has a batch axis of " + batch.getDimValue() + "; expected 1 or more,"
                    + " or symbolic");
        }
        int[] dims = new int[rank - 1];
        for (int i = 1; i < rank; i++) {
            TensorShapeProto.Dimension d = shape.getDim(i);
            if (!d.hasDimValue() || d.getDimValue() < 1) {
                throw new NetjacException(where + ": dimension " + i + " is " + (d.hasDimParam()
                        ? "symbolic (" + UserText.quote(d.getDimParam()) + ")" : "unknown")
                        + "; netjac needs every dimension but the batch fixed");
            }
            dims[i - 1] = (int) d.getDimValue();
        }
        return dims;
    }

    /**
     * Reads {@code length} bytes at {@code offset} of the external data file {@code location}, resolved by the
     * shared {@link ModelFolder} rule: really inside the model's folder (no absolute path, no "..", no symbolic
     * link leading out) unless reading outside is allowed. The claimed range is checked against the file's size
     * before anything is allocated, so a lying header costs nothing.
     */
    private static ByteString externalData(ModelFolder folder, String where, String location, long offset,
            long length, ReadFiles read) {
        Path real = folder.resolve(location, message -> new NetjacException(where + ": external data " + message));
        try {
            long size = Files.size(real);
            if (offset < 0 || length < 0 || offset > size || length > size - offset) {
                throw new NetjacException(where + ": external data " + UserText.quote(location) + " has " + size
                        + " bytes; expected " + length + " at offset " + offset);
            }
            read.add(real);
            try (SeekableByteChannel channel = Files.newByteChannel(real)) {
                channel.position(offset);
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(Math.toIntExact(length));
                while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                    // keep reading
                }
                buffer.flip();
                return ByteString.copyFrom(buffer);
            }
        } catch (IOException e) {
            throw new NetjacException(where + ": cannot read external data " + UserText.quote(location) + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private static String defaultName(Path model) {
        String name = model.getFileName() == null ? "model" : model.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
