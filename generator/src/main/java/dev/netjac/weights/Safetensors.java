package dev.netjac.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Reads one tensor from a {@code .safetensors} file, the format Hugging Face and PyTorch users share
 * weights in: an 8-byte little-endian header length, a JSON header mapping each tensor name to
 * {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative to the data section), then
 * the data.
 *
 * <p>Only the requested tensor is validated, so a file may also hold tensors netjac cannot use (integer
 * buffers, for example). F16, BF16, F32 and F64 are converted exactly to double. The header length,
 * offsets and shape are all checked against the file before data is read.
 */
public final class Safetensors {
    /** The header size limit the reference implementation enforces. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final String METADATA = "__metadata__";
    private static final String EXPECTED_DTYPES = "expected F16/BF16/F32/F64";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Safetensors() {}

    /** Reads the tensor called {@code tensorName}; messages start with the file name. */
    public static Tensor read(Path file, String tensorName) {
        return read(file, tensorName, ExpectedSize.ANY);
    }

    /** Reads the tensor {@code tensorName}, refusing from the header alone one with more values than {@code expected}. */
    public static Tensor read(Path file, String tensorName, ExpectedSize expected) {
        String source = Messages.sourceName(file);
        try (FileChannel channel = WeightFiles.open(file, source)) {
            return read(channel, source, tensorName, expected);
        } catch (IOException e) {
            throw Messages.readFailure(source, e);
        }
    }

    private static Tensor read(FileChannel channel, String source, String tensorName, ExpectedSize expected)
            throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw Messages.fail(source, "not a safetensors file: expected an 8-byte header length, found a "
                    + fileSize + "-byte file");
        }
        long headerLength = readFully(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 0 || headerLength > fileSize - 8) {
            throw Messages.fail(source, "header: header length " + Long.toUnsignedString(headerLength)
                    + " runs past the end of the file (" + fileSize + " bytes)");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw Messages.fail(source, "header: expected a header length of at most " + MAX_HEADER_BYTES
                    + " bytes, found " + headerLength);
        }
        JsonNode root = parseHeader(readFully(channel, 8, (int) headerLength).array(), source);

        JsonNode entry = METADATA.equals(tensorName) ? null : root.get(tensorName);
        if (entry == null) {
            throw Messages.fail(source, "no tensor " + PyLiteral.repr(tensorName) + ", available: "
                    + UserText.list(tensorNames(root), 50));
        }
        String where = "tensor " + PyLiteral.repr(tensorName);
        if (!entry.isObject()) {
            throw fail(source, where, "expected an object with dtype, shape and data_offsets, found " + UserText.describe(entry));
        }
        FloatType type = dtype(entry.get("dtype"), source, where);
        List<BigInteger> dims = nonNegativeIntegers(entry.get("shape"), -1, source, where + ": shape");
        int[] shape = Shapes.checked(dims, source, where);
        expected.check(shape, dtypeName(type), source + ": " + where);
        List<BigInteger> offsets = nonNegativeIntegers(entry.get("data_offsets"), 2, source, where + ": data_offsets");

        long dataStart = 8 + headerLength;
        long dataSize = fileSize - dataStart;
        BigInteger begin = offsets.get(0);
        BigInteger end = offsets.get(1);
        String offsetsText = "[" + begin + ", " + end + "]";
        if (begin.compareTo(end) > 0 || end.compareTo(BigInteger.valueOf(dataSize)) > 0) {
            throw fail(source, where, "data_offsets: expected 0 <= begin <= end <= " + dataSize
                    + " (the data section's size), found " + offsetsText);
        }
        int count = Shapes.elementCount(shape);
        long needed = (long) count * type.itemSize();
        long span = end.longValue() - begin.longValue();
        if (span != needed) {
            throw fail(source, where, "data_offsets: expected end - begin = " + needed + " bytes for shape "
                    + Tensor.shapeString(shape) + " " + dtypeName(type) + ", found " + offsetsText + " (" + span
                    + " bytes)");
        }
        channel.position(dataStart + begin.longValue());
        try {
            double[] values = RawValues.read(Channels.newInputStream(channel), type, ByteOrder.LITTLE_ENDIAN, count);
            return Tensor.of(shape, values);
        } catch (RawValues.ShortData e) {
            throw fail(source, where, "truncated: expected " + needed + " data bytes, found " + e.bytesFound);
        }
    }

    private static JsonNode parseHeader(byte[] header, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (JsonProcessingException e) {
            String location = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new NetjacException(source + ": header: invalid JSON" + location + ": " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new NetjacException(source + ": header: invalid JSON: " + Messages.reason(e), e);
        }
        if (root == null || root.isMissingNode()) {
            throw Messages.fail(source, "header: expected a JSON object, found an empty header");
        }
        if (!root.isObject()) {
            throw Messages.fail(source, "header: expected a JSON object, found " + UserText.describe(root));
        }
        return root;
    }

    private static FloatType dtype(JsonNode node, String source, String where) {
        if (node == null || !node.isTextual()) {
            throw fail(source, where, "dtype: " + EXPECTED_DTYPES + ", found " + UserText.describe(node));
        }
        switch (node.textValue()) {
            case "F16":
                return FloatType.FLOAT16;
            case "BF16":
                return FloatType.BFLOAT16;
            case "F32":
                return FloatType.FLOAT32;
            case "F64":
                return FloatType.FLOAT64;
            default:
                String found = node.textValue().matches("[A-Za-z0-9_]{1,20}") ? node.textValue()
                        : UserText.quote(node.textValue(), 40);
                throw fail(source, where, "dtype: " + EXPECTED_DTYPES + ", found " + found);
        }
    }

    private static String dtypeName(FloatType type) {
        switch (type) {
            case FLOAT16:
                return "F16";
            case BFLOAT16:
                return "BF16";
            case FLOAT32:
                return "F32";
            default:
                return "F64";
        }
    }

    /** A JSON array of non-negative integers, of exactly {@code length} elements unless {@code length < 0}. */
    private static List<BigInteger> nonNegativeIntegers(JsonNode node, int length, String source, String where) {
        String expected = length < 0 ? "expected an array of non-negative integers"
                : "expected an array of " + length + " non-negative integers";
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw fail(source, where, expected + ", found " + UserText.describe(node));
        }
        if (node.size() > 64) {
            throw fail(source, where, "expected at most 64 dimensions, found " + node.size());
        }
        List<BigInteger> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isIntegralNumber() || item.bigIntegerValue().signum() < 0) {
                throw fail(source, where, expected + ", found " + UserText.describe(node));
            }
            values.add(item.bigIntegerValue());
        }
        return values;
    }

    private static List<String> tensorNames(JsonNode root) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!METADATA.equals(name)) {
                names.add(name);
            }
        }
        Collections.sort(names);
        return names;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("file ended early (did it change while being read?)");
            }
        }
        return buffer.flip();
    }

    private static NetjacException fail(String source, String where, String detail) {
        return Messages.fail(source, where + ": " + detail);
    }
}
