package dev.netjac.onnx;

import dev.netjac.NetjacException;
import dev.netjac.onnx.proto.Onnx.AttributeProto;
import dev.netjac.onnx.proto.Onnx.NodeProto;
import dev.netjac.onnx.proto.Onnx.TensorProto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX node with typed attribute access, and the one place that formats messages about it:
 * {@code <file>: node "name" (OpType, opset N): reason}. Pattern rewrites ({@link OnnxPatterns}) create
 * synthetic nodes that carry the name of the node they replace.
 */
final class OnnxNode {
    final String name;
    final String op;
    final List<String> inputs;
    final List<String> outputs;
    private final Map<String, AttributeProto> attributes = new LinkedHashMap<>();
    private final String file;
    final int opset;

    OnnxNode(NodeProto node, int index, String file, int opset) {
        this(node.getName().isEmpty() ? node.getOpType() + "#" + index : node.getName(), node.getOpType(),
                node.getInputList(), node.getOutputList(), file, opset);
        for (AttributeProto a : node.getAttributeList()) {
            attributes.put(a.getName(), a);
        }
    }

    OnnxNode(String name, String op, List<String> inputs, List<String> outputs, String file, int opset) {
        this.name = name;
        this.op = op;
        this.inputs = new ArrayList<>(inputs);
        this.outputs = new ArrayList<>(outputs);
        this.file = file;
        this.opset = opset;
    }

    /** A synthetic node replacing {@code original} (same name, file, opset). */
    static OnnxNode replacing(OnnxNode original, String op, List<String> inputs, List<String> outputs) {
        return new OnnxNode(original.name, op, inputs, outputs, original.file, original.opset);
    }

    OnnxNode with(String attribute, double value) {
        attributes.put(attribute, AttributeProto.newBuilder().setName(attribute).setType(AttributeProto.AttributeType.FLOAT)
                .setF((float) value).build());
        return this;
    }

    OnnxNode withInt(String attribute, long value) {
        attributes.put(attribute, AttributeProto.newBuilder().setName(attribute).setType(AttributeProto.AttributeType.INT)
                .setI(value).build());
        return this;
    }

    /** Input {@code i}, or null when absent or given as "" (an omitted optional input). */
    String input(int i) {
        return i < inputs.size() && !inputs.get(i).isEmpty() ? inputs.get(i) : null;
    }

    boolean has(String attribute) {
        return attributes.containsKey(attribute);
    }

    long integer(String attribute, long otherwise) {
        AttributeProto a = attributes.get(attribute);
        return a == null ? otherwise : a.getI();
    }

    double number(String attribute, double otherwise) {
        AttributeProto a = attributes.get(attribute);
        return a == null ? otherwise : a.getF();
    }

    String string(String attribute, String otherwise) {
        AttributeProto a = attributes.get(attribute);
        return a == null ? otherwise : a.getS().toStringUtf8();
    }

    long[] ints(String attribute) {
        AttributeProto a = attributes.get(attribute);
        if (a == null) {
            return null;
        }
        long[] values = new long[a.getIntsCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = a.getInts(i);
        }
        return values;
    }

    TensorProto tensor(String attribute) {
        AttributeProto a = attributes.get(attribute);
        return a == null || !a.hasT() ? null : a.getT();
    }

    java.util.Set<String> attributeNames() {
        return attributes.keySet();
    }

    String label() {
        return "node " + dev.netjac.UserText.quote(name) + " (" + op + ", opset " + opset + ")";
    }

    NetjacException error(String reason) {
        return new NetjacException(file + ": " + label() + ": " + reason);
    }
}
