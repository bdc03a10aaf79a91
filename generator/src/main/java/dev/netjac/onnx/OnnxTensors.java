package dev.netjac.onnx;

import com.google.protobuf.ByteString;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import dev.netjac.onnx.proto.Onnx.StringStringEntryProto;
import dev.netjac.onnx.proto.Onnx.TensorProto;
import dev.netjac.weights.HalfFloats;
import dev.netjac.weights.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes an ONNX TensorProto (an initializer, a Constant's value) into a {@link Tensor} of doubles. The
 * claimed dims times the element size are checked against the bytes actually present BEFORE anything is
 * allocated, so a file cannot make netjac allocate what it does not hold. Floating types (float32, float64,
 * float16) are weights; integer and boolean types are decoded too, because shape arithmetic (Reshape targets,
 * Slice bounds) is folded on them.
 */
final class OnnxTensors {
    /** The largest tensor netjac decodes, in elements (the spec reader's parameter limit). */
    static final long MAX_ELEMENTS = dev.netjac.spec.Limits.MAX_PARAMETERS;

    /** Reads the bytes of an externally stored tensor (data_location = EXTERNAL). */
    interface ExternalData {
        ByteString read(String where, String location, long offset, long length);
    }

    private OnnxTensors() {}

    static Tensor decode(TensorProto t, String where, ExternalData external) {
        int[] shape = new int[t.getDimsCount()];
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = t.getDims(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new NetjacException(where + ": dimension " + i + " is " + d + ", expected 0 or more");
            }
            shape[i] = (int) d;
            size = Math.multiplyExact(size, Math.max(d, 1));
            if (d == 0) {
                size = 0;
            }
            if (size > MAX_ELEMENTS) {
                throw new NetjacException(where + ": dims " + dims(t) + " claim more than " + MAX_ELEMENTS + " values");
            }
        }
        int n = (int) size;
        int type = t.getDataType();
        int width = width(type, where);
        ByteString raw = null;
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            String location = null;
            long offset = 0;
            long length = -1;
            for (StringStringEntryProto e : t.getExternalDataList()) {
                switch (e.getKey()) {
                    case "location" -> location = e.getValue();
                    case "offset" -> offset = parseLong(e.getValue(), where, "offset");
                    case "length" -> length = parseLong(e.getValue(), where, "length");
                    default -> { }
                }
            }
            if (location == null) {
                throw new NetjacException(where + ": external data without a \"location\"");
            }
            long expected = (long) n * width;
            if (length >= 0 && length != expected) {
                throw new NetjacException(where + ": external data length " + length + " bytes, expected " + expected
                        + " for dims " + dims(t) + " of " + typeName(type));
            }
            raw = external.read(where, location, offset, expected);
        } else if (t.hasRawData()) {
            raw = t.getRawData();
        }
        double[] data = new double[0];
        if (raw != null) {
            if (raw.size() != (long) n * width) {
                throw new NetjacException(where + ": dims " + dims(t) + " of " + typeName(type) + " need " + ((long) n * width)
                        + " bytes, found " + raw.size() + " in raw_data");
            }
            data = new double[n];
            ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                data[i] = switch (type) {
                    case TensorProto.DataType.FLOAT_VALUE -> b.getFloat();
                    case TensorProto.DataType.DOUBLE_VALUE -> b.getDouble();
                    case TensorProto.DataType.FLOAT16_VALUE -> HalfFloats.float16ToDouble(b.getShort() & 0xffff);
                    case TensorProto.DataType.INT64_VALUE -> b.getLong();
                    case TensorProto.DataType.INT32_VALUE -> b.getInt();
                    case TensorProto.DataType.INT8_VALUE -> b.get();
                    case TensorProto.DataType.UINT8_VALUE, TensorProto.DataType.BOOL_VALUE -> b.get() & 0xff;
                    default -> throw new IllegalStateException("width() admits only the types above");
                };
            }
        } else {
            int found = switch (type) {
                case TensorProto.DataType.FLOAT_VALUE -> t.getFloatDataCount();
                case TensorProto.DataType.DOUBLE_VALUE -> t.getDoubleDataCount();
                case TensorProto.DataType.INT64_VALUE -> t.getInt64DataCount();
                default -> t.getInt32DataCount(); // float16, int32, int8, uint8 and bool are carried in int32_data
            };
            if (found != n) {
                throw new NetjacException(where + ": dims " + dims(t) + " need " + n + " values, found " + found
                        + " in the typed data field");
            }
            data = new double[n];
            for (int i = 0; i < n; i++) {
                data[i] = switch (type) {
                    case TensorProto.DataType.FLOAT_VALUE -> t.getFloatData(i);
                    case TensorProto.DataType.DOUBLE_VALUE -> t.getDoubleData(i);
                    case TensorProto.DataType.INT64_VALUE -> t.getInt64Data(i);
                    case TensorProto.DataType.FLOAT16_VALUE -> HalfFloats.float16ToDouble(t.getInt32Data(i) & 0xffff);
                    default -> t.getInt32Data(i);
                };
            }
        }
        return Tensor.of(shape, data);
    }

    static boolean isFloating(int type) {
        return type == TensorProto.DataType.FLOAT_VALUE || type == TensorProto.DataType.DOUBLE_VALUE
                || type == TensorProto.DataType.FLOAT16_VALUE;
    }

    private static int width(int type, String where) {
        return switch (type) {
            case TensorProto.DataType.FLOAT_VALUE, TensorProto.DataType.INT32_VALUE -> 4;
            case TensorProto.DataType.DOUBLE_VALUE, TensorProto.DataType.INT64_VALUE -> 8;
            case TensorProto.DataType.FLOAT16_VALUE -> 2;
            case TensorProto.DataType.INT8_VALUE, TensorProto.DataType.UINT8_VALUE, TensorProto.DataType.BOOL_VALUE -> 1;
            default -> throw new NetjacException(where + ": data type " + typeName(type)
                    + " is not supported; expected float32, float64 or float16 (or an integer type for shapes)");
        };
    }

    static String typeName(int type) {
        TensorProto.DataType t = TensorProto.DataType.forNumber(type);
        return t == null ? "#" + type : t.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String dims(TensorProto t) {
        return t.getDimsList().toString();
    }

    private static long parseLong(String value, String where, String key) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new NetjacException(where + ": external data " + key + " " + UserText.quote(value) + " is not a number");
        }
    }
}
