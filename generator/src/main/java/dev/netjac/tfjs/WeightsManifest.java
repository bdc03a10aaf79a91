package dev.netjac.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import dev.netjac.spec.Limits;
import dev.netjac.spec.ModelFolder;
import dev.netjac.spec.ReadFiles;
import dev.netjac.spec.ReadOptions;
import dev.netjac.weights.ExpectedSize;
import dev.netjac.weights.HalfFloats;
import dev.netjac.weights.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code weightsManifest} of a TF.js model.json and the binary shards it lists. Each group's shards,
 * concatenated in order, hold the group's weights one after another in the order listed, little-endian:
 * float32 and int32 plainly, or quantized ({@code quantization: {dtype: "float16"}}, or
 * {@code {dtype: "uint8"|"uint16", scale, min}} with value = q * scale + min), exactly as tfjs-core's
 * {@code io_utils.decodeWeights} reads them. Everything is checked when the model is read: shard files exist
 * really inside the model's folder ({@link ModelFolder}), their total size is exactly what the listed weights need, dtypes and shapes are
 * valid; a weight's bytes are read and decoded only when a layer asks for it by name, after its claimed
 * size was checked against what the layer expects.
 */
final class WeightsManifest {
    /** One listed weight: where its bytes are and how to decode them. */
    record Entry(String name, int[] shape, String dtype, String quantization, double scale, double min,
            int group, int offset, int byteLength, String where) {
        int size() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private final String file;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    /** One shard file of a group: where its bytes start in the group's concatenation. */
    private record Shard(Path file, String name, long start, long size) {}

    private final List<List<Shard>> groups = new ArrayList<>();

    private WeightsManifest(String file) {
        this.file = file;
    }

    /** Reads and checks the manifest and loads its shards, relative to {@code baseDir}, recording them in {@code read}. */
    static WeightsManifest read(JsonNode manifest, String file, Path baseDir, ReadOptions options, ReadFiles read) {
        WeightsManifest m = new WeightsManifest(file);
        if (manifest == null || manifest.isNull()) {
            throw new NetjacException(file + ": missing 'weightsManifest'; expected the list of weight groups and their shard files");
        }
        if (!manifest.isArray()) {
            throw new NetjacException(file + ": 'weightsManifest': expected a list of {\"paths\": [...], \"weights\": [...]},"
                    + " found " + UserText.describe(manifest));
        }
        for (int g = 0; g < manifest.size(); g++) {
            m.readGroup(manifest.get(g), g, baseDir, options, read);
        }
        return m;
    }

    Entry get(String name) {
        return entries.get(name);
    }

    List<String> names() {
        return new ArrayList<>(entries.keySet());
    }

    private NetjacException error(String where, String message) {
        return new NetjacException(file + ": " + where + ": " + message);
    }

    private void readGroup(JsonNode group, int g, Path baseDir, ReadOptions options, ReadFiles read) {
        String where = "weightsManifest[" + g + "]";
        if (!group.isObject()) {
            throw error(where, "expected {\"paths\": [...], \"weights\": [...]}, found " + UserText.describe(group));
        }
        JsonNode paths = group.path("paths");
        JsonNode weights = group.path("weights");
        if (!paths.isArray()) {
            throw error(where, "'paths': expected the list of shard files, found " + UserText.describe(paths));
        }
        if (!weights.isArray()) {
            throw error(where, "'weights': expected the list of weights, found " + UserText.describe(weights));
        }
        long offset = 0;
        List<Entry> listed = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            Entry entry = entry(weights.get(i), where + ".weights[" + i + "]", g, offset);
            Entry first = entries.putIfAbsent(entry.name(), entry);
            if (first != null) {
                throw error(entry.where(), "weight name " + UserText.quote(entry.name()) + " is listed twice (also at "
                        + first.where() + "); weight names must be unique");
            }
            listed.add(entry);
            offset += entry.byteLength();
            if (offset > Integer.MAX_VALUE - 8) {
                throw error(where, "the group's weights need " + offset + " bytes, more than netjac reads in one group (2 GiB)");
            }
        }
        groups.add(readShards(paths, where, baseDir, options, offset, listed, read));
    }

    private Entry entry(JsonNode w, String where, int group, long offset) {
        if (!w.isObject()) {
            throw error(where, "expected {\"name\", \"shape\", \"dtype\"}, found " + UserText.describe(w));
        }
        if (!w.path("name").isTextual() || w.get("name").asText().isEmpty()) {
            throw error(where, "'name': expected the weight's name, found " + UserText.describe(w.get("name")));
        }
        String name = w.get("name").asText();
        where += " (" + UserText.quote(name) + ")";
        JsonNode shapeNode = w.path("shape");
        if (!shapeNode.isArray() || shapeNode.size() > 8) {
            throw error(where, "'shape': expected a list of up to 8 dimensions, found " + UserText.describe(shapeNode));
        }
        int[] shape = new int[shapeNode.size()];
        long size = 1;
        for (int d = 0; d < shape.length; d++) {
            JsonNode dim = shapeNode.get(d);
            if (!dim.isIntegralNumber() || !dim.canConvertToLong() || dim.longValue() < 0) {
                throw error(where, "'shape'[" + d + "]: expected a non-negative integer, found " + UserText.describe(dim));
            }
            if (dim.longValue() > Limits.MAX_PARAMETERS || size * dim.longValue() > Limits.MAX_PARAMETERS) {
                throw error(where, "'shape' " + shapeNode + " has more than " + Limits.MAX_PARAMETERS
                        + " values, the most netjac reads");
            }
            shape[d] = dim.intValue();
            size *= shape[d];
        }
        if (!w.path("dtype").isTextual()) {
            throw error(where, "'dtype': expected a string such as \"float32\", found " + UserText.describe(w.get("dtype")));
        }
        String dtype = w.get("dtype").asText();
        JsonNode q = w.get("quantization");
        String quantization = null;
        double scale = Double.NaN;
        double min = Double.NaN;
        int bytesPerValue;
        if (q != null && !q.isNull()) {
            if (!q.isObject() || !q.path("dtype").isTextual()) {
                throw error(where, "'quantization': expected {\"dtype\": ...}, found " + UserText.describe(q));
            }
            quantization = q.get("dtype").asText();
            switch (quantization) {
                case "float16":
                    bytesPerValue = 2;
                    if (!dtype.equals("float32")) {
                        throw error(where, "float16 quantization of a " + UserText.quote(dtype) + " weight; tfjs quantizes only"
                                + " float32 weights to float16");
                    }
                    break;
                case "uint8":
                case "uint16":
                    bytesPerValue = quantization.equals("uint8") ? 1 : 2;
                    if (!dtype.equals("float32") && !dtype.equals("int32")) {
                        throw error(where, quantization + " quantization of a " + UserText.quote(dtype) + " weight;"
                                + " expected dtype float32 or int32");
                    }
                    scale = finite(q, "scale", where);
                    min = finite(q, "min", where);
                    break;
                default:
                    throw error(where, "unknown quantization dtype " + UserText.quote(quantization)
                            + "; expected uint8, uint16 or float16");
            }
        } else {
            switch (dtype) {
                case "float32":
                case "int32":
                    bytesPerValue = 4;
                    break;
                case "bool":
                    bytesPerValue = 1;
                    break;
                case "complex64":
                    bytesPerValue = 8;
                    break;
                case "string":
                    throw error(where, "string weights are not supported (their length is not known from the manifest)");
                default:
                    throw error(where, "unknown dtype " + UserText.quote(dtype) + "; expected float32 or int32"
                            + " (or quantization uint8, uint16, float16)");
            }
        }
        return new Entry(name, shape, dtype, quantization, scale, min, group, (int) offset,
                (int) (size * bytesPerValue), where);
    }

    private double finite(JsonNode q, String key, String where) {
        JsonNode v = q.get(key);
        if (v == null || !v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw error(where, "'quantization'." + key + ": expected a finite number (value = q * scale + min), found "
                    + UserText.describe(v));
        }
        return v.doubleValue();
    }

    /** Checks that the shards exist and together hold exactly {@code expected} bytes; their bytes are read later. */
    private List<Shard> readShards(JsonNode paths, String where, Path baseDir, ReadOptions options, long expected,
            List<Entry> listed, ReadFiles read) {
        List<Shard> shards = new ArrayList<>();
        List<String> sizes = new ArrayList<>();
        long total = 0;
        ModelFolder folder = ModelFolder.of(baseDir, options, fileName());
        for (int i = 0; i < paths.size(); i++) {
            JsonNode p = paths.get(i);
            if (!p.isTextual() || p.asText().isEmpty() || p.asText().indexOf('\0') >= 0) {
                throw error(where, "'paths'[" + i + "]: expected a shard file name, found " + UserText.describe(p));
            }
            String name = p.asText();
            Path shard = folder.resolve(name, message -> error(where, "shard " + message));
            long size;
            try {
                size = Files.size(shard);
            } catch (IOException e) {
                throw error(where, "shard " + UserText.quote(name) + ": cannot read: " + e.getMessage());
            }
            shards.add(new Shard(shard, name, total, size));
            read.add(shard);
            sizes.add(UserText.quote(name) + " " + size);
            total += size;
        }
        if (total != expected) {
            String detail = listed.isEmpty() ? "" : total < expected ? "; truncated: weight " + UserText.quote(lastStartingBefore(listed, total))
                    + " and those after it lie beyond the end" : "; the shards are longer than the weights listed";
            throw error(where, "the shards hold " + total + " bytes (" + String.join(", ", sizes) + "), expected "
                    + expected + " for the " + listed.size() + " weights listed" + detail);
        }
        return shards;
    }

    /**
     * The bytes of {@code e}, read from its group's shards only now, when a layer asks for it: so the memory
     * a manifest costs is what the layers expect, never what the manifest claims.
     */
    private byte[] bytes(Entry e, String where) {
        byte[] out = new byte[e.byteLength()];
        long position = e.offset();
        int at = 0;
        for (Shard shard : groups.get(e.group())) {
            if (at == out.length) {
                break;
            }
            if (position >= shard.start() + shard.size()) {
                continue;
            }
            long from = position - shard.start();
            int n = (int) Math.min(out.length - at, shard.size() - from);
            try (FileChannel channel = FileChannel.open(shard.file(), StandardOpenOption.READ)) {
                if (channel.size() != shard.size()) {
                    throw new NetjacException(where + ": shard " + UserText.quote(shard.name()) + " changed while being read");
                }
                ByteBuffer buffer = ByteBuffer.wrap(out, at, n);
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, from + buffer.position() - at) < 0) {
                        throw new NetjacException(where + ": shard " + UserText.quote(shard.name()) + " changed while being read");
                    }
                }
            } catch (IOException x) {
                throw new NetjacException(where + ": shard " + UserText.quote(shard.name()) + ": cannot read: " + x.getMessage());
            }
            at += n;
            position += n;
        }
        return out;
    }

    private static String lastStartingBefore(List<Entry> listed, long total) {
        for (Entry e : listed) {
            if (e.offset() + (long) e.byteLength() > total) {
                return e.name();
            }
        }
        return listed.get(listed.size() - 1).name();
    }

    private String fileName() {
        Path name = Path.of(file).getFileName();
        return name == null ? file : name.toString();
    }

    /**
     * The weight's values as doubles: float32 and float16 exactly; uint8/uint16 as tfjs computes them,
     * {@code q * scale + min} rounded to float32 (tfjs stores the result in a Float32Array), or rounded to an
     * integer for int32 weights.
     */
    Tensor decode(Entry e, String where) {
        return decode(e, where, ExpectedSize.ANY);
    }

    /** As {@link #decode(Entry, String)}, refusing before reading a byte an entry with more values than {@code expected}. */
    Tensor decode(Entry e, String where, ExpectedSize expected) {
        if (e.quantization() == null && !e.dtype().equals("float32") && !e.dtype().equals("int32")) {
            throw new NetjacException(where + ": weight " + UserText.quote(e.name()) + " has dtype " + UserText.quote(e.dtype())
                    + "; expected float32 or int32");
        }
        expected.check(e.shape(), e.quantization() == null ? e.dtype() : e.dtype() + " (" + e.quantization() + ")",
                where + ": weight " + UserText.quote(e.name()) + " in " + fileName());
        ByteBuffer buf = ByteBuffer.wrap(bytes(e, where)).order(ByteOrder.LITTLE_ENDIAN);
        int n = e.size();
        double[] values = new double[n];
        String kind = e.quantization() == null ? e.dtype() : e.quantization();
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case "float32":
                    values[i] = buf.getFloat();
                    break;
                case "int32":
                    values[i] = buf.getInt();
                    break;
                case "float16":
                    values[i] = HalfFloats.float16ToDouble(buf.getShort() & 0xffff);
                    break;
                default: {
                    int q = kind.equals("uint8") ? buf.get() & 0xff : buf.getShort() & 0xffff;
                    double v = q * e.scale() + e.min();
                    values[i] = e.dtype().equals("int32") ? Math.floor(v + 0.5) : (double) (float) v;
                }
            }
        }
        return Tensor.of(e.shape(), values);
    }
}
