package dev.netjac.runtime;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named weight tensors of one network, immutable once built.
 *
 * <p>Generated classes get their weights from a {@code WeightSet}: read from a binary resource beside the
 * class when compiled at build time, or handed over in memory when compiled in process. Values are kept as
 * float64 so that a network computes exactly what its weight files say.
 *
 * <p>Binary format (big-endian, as {@link DataOutputStream} writes it): the 8 ASCII bytes {@code NJWEIGHT},
 * int version (2), UTF fingerprint, int tensor count, then per tensor: UTF name, int rank, rank ints of shape,
 * and the values as doubles in row-major order. Version 1 had no fingerprint; it is still read, as a set
 * without one.
 *
 * <p>The fingerprint ties a resource to the one generated class it was written with (netjac computes it as
 * SHA-256 over the class's source and the weights). A generated class reads its resource with
 * {@link #readResource(Class, String, String)}, which refuses a resource of another generation: a kill between
 * writing a class and its resource, or a stale copy on the class path, can then never compute a function that is
 * neither model.
 */
public final class WeightSet {
    private static final byte[] MAGIC = {'N', 'J', 'W', 'E', 'I', 'G', 'H', 'T'};
    private static final int VERSION = 2;
    /** How many hex digits of a fingerprint messages show: enough to tell two apart. */
    private static final int SHOWN_DIGITS = 16;

    private final Map<String, int[]> shapes;
    private final Map<String, double[]> values;
    private final String fingerprint;

    private WeightSet(Map<String, int[]> shapes, Map<String, double[]> values, String fingerprint) {
        this.shapes = shapes;
        this.values = values;
        this.fingerprint = fingerprint;
    }

    /** The fingerprint of the generated class these weights were written with, or "" if none was given. */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * Reads the weights resource {@code name} beside {@code owner}, refusing it unless it carries
     * {@code fingerprint}, the one {@code owner} was generated with.
     *
     * @throws WeightsResourceException naming the class, the resource and both fingerprints
     */
    public static WeightSet readResource(Class<?> owner, String name, String fingerprint) {
        WeightSet set = readResource(owner, name);
        if (!set.fingerprint.equals(fingerprint)) {
            throw new WeightsResourceException(mismatch(owner, "weights resource " + name, set.fingerprint, fingerprint));
        }
        return set;
    }

    /**
     * Checks weights handed to a generated class's constructor: a set that carries a fingerprint must carry
     * {@code fingerprint}; a set built in memory without one is checked by its shapes only.
     *
     * @throws IllegalStateException naming the class and both fingerprints
     */
    public void requireFingerprint(Class<?> owner, String fingerprint) {
        if (this.fingerprint.length() > 0 && !this.fingerprint.equals(fingerprint)) {
            throw new IllegalStateException(mismatch(owner, "the weights given", this.fingerprint, fingerprint));
        }
    }

    private static String mismatch(Class<?> owner, String what, String found, String expected) {
        return what + " (fingerprint " + shown(found) + ") and class " + owner.getName() + " (fingerprint "
                + shown(expected) + ") come from different netjac runs; regenerate the class and its weights together"
                + " (netjac generate, or rebuild with the netjac Maven plugin)";
    }

    private static String shown(String fingerprint) {
        if (fingerprint.length() == 0) {
            return "none";
        }
        return fingerprint.length() > SHOWN_DIGITS ? fingerprint.substring(0, SHOWN_DIGITS) : fingerprint;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the weights resource {@code name} that lives beside {@code owner} in its package.
     *
     * @throws WeightsResourceException when it is missing or unreadable
     */
    public static WeightSet readResource(Class<?> owner, String name) {
        InputStream in = owner.getResourceAsStream(name);
        if (in == null) {
            throw new WeightsResourceException("weights resource " + name + " not found beside " + owner.getName()
                    + "; it is generated together with the class and must be on the class path");
        }
        try {
            try {
                return read(in);
            } finally {
                in.close();
            }
        } catch (IOException e) {
            throw new WeightsResourceException("cannot read weights resource " + name + " of " + owner.getName()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * The fingerprint in a weights file's header, read without the tensors ("" for a version 1 file): lets a
     * build tell whether a class and a resource belong together without loading either.
     *
     * @throws IOException when the stream is not a netjac weights file
     */
    public static String readFingerprint(InputStream stream) throws IOException {
        return readHeader(new DataInputStream(new BufferedInputStream(stream, 1024)));
    }

    /** Reads the magic bytes, the version and (version 2) the fingerprint; "" for a version 1 file. */
    private static String readHeader(DataInputStream in) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a netjac weights file (bad magic bytes)");
        }
        int version = in.readInt();
        if (version != VERSION && version != 1) {
            throw new IOException("netjac weights format version " + version + ", expected 1 or " + VERSION);
        }
        return version == 1 ? "" : in.readUTF();
    }

    public static WeightSet read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream));
        Builder builder = builder();
        builder.fingerprint(readHeader(in));
        int count = in.readInt();
        try {
            for (int t = 0; t < count; t++) {
                String name = in.readUTF();
                int rank = in.readInt();
                if (rank < 0 || rank > 8) {
                    throw new IOException("tensor " + name + " has rank " + rank);
                }
                int[] shape = new int[rank];
                long size = 1;
                for (int d = 0; d < rank; d++) {
                    shape[d] = in.readInt();
                    size *= shape[d];
                    if (shape[d] < 0 || size > Integer.MAX_VALUE - 8) {
                        throw new IOException("tensor " + name + " has a bad shape " + Arrays.toString(shape));
                    }
                }
                double[] data = new double[(int) size];
                for (int i = 0; i < data.length; i++) {
                    data[i] = in.readDouble();
                }
                builder.put(name, shape, data);
            }
        } catch (EOFException e) {
            throw new IOException("netjac weights file is truncated", e);
        }
        return builder.build();
    }

    public void write(OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream));
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(fingerprint);
        out.writeInt(values.size());
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            out.writeUTF(e.getKey());
            int[] shape = shapes.get(e.getKey());
            out.writeInt(shape.length);
            for (int d : shape) {
                out.writeInt(d);
            }
            for (double v : e.getValue()) {
                out.writeDouble(v);
            }
        }
        out.flush();
    }

    /** A copy of these weights carrying {@code fingerprint}. */
    public WeightSet withFingerprint(String fingerprint) {
        return new WeightSet(shapes, values, checkedFingerprint(fingerprint));
    }

    private static String checkedFingerprint(String fingerprint) {
        if (fingerprint == null || fingerprint.length() > 200) {
            throw new IllegalArgumentException("fingerprint must be a string of at most 200 characters");
        }
        return fingerprint;
    }

    public Map<String, int[]> shapes() {
        return Collections.unmodifiableMap(shapes);
    }

    /**
     * The tensor {@code name}, which must have {@code expectedSize} values, as a fresh flat array zero-padded
     * to {@link Kernels#padded}{@code (expectedSize)} values.
     */
    public double[] vector(String name, int expectedSize) {
        double[] v = require(name);
        if (v.length != expectedSize) {
            throw new IllegalStateException(
                    "weight " + name + " has " + v.length + " values, expected " + expectedSize);
        }
        return Arrays.copyOf(v, Kernels.padded(expectedSize));
    }

    /**
     * The tensor {@code name}, which must have {@code expectedSize} values that are all ints (a layer's index
     * table, stored as doubles like every tensor), as an {@code int[]}.
     */
    public int[] indices(String name, int expectedSize) {
        double[] v = require(name);
        if (v.length != expectedSize) {
            throw new IllegalStateException(
                    "index table " + name + " has " + v.length + " values, expected " + expectedSize);
        }
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
            if (out[i] != v[i]) {
                throw new IllegalStateException("index table " + name + " holds " + v[i] + " at " + i + ", not an int");
            }
        }
        return out;
    }

    /**
     * The rank-2 tensor {@code name} of shape (rows, cols) as {@code rows} arrays of {@code cols} values, each
     * zero-padded to {@link Kernels#padded}{@code (cols)}.
     */
    public double[][] rows(String name, int rows, int cols) {
        double[] v = requireMatrix(name, rows, cols);
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOf(Arrays.copyOfRange(v, r * cols, (r + 1) * cols), Kernels.padded(cols));
        }
        return out;
    }

    /**
     * The transpose of the rank-2 tensor {@code name} of shape (rows, cols): {@code cols} arrays of
     * {@code rows} values, each zero-padded to {@link Kernels#padded}{@code (rows)}.
     */
    public double[][] transposedRows(String name, int rows, int cols) {
        double[] v = requireMatrix(name, rows, cols);
        double[][] out = new double[cols][Kernels.padded(rows)];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c][r] = v[r * cols + c];
            }
        }
        return out;
    }

    private double[] requireMatrix(String name, int rows, int cols) {
        double[] v = require(name);
        int[] shape = shapes.get(name);
        if (shape.length != 2 || shape[0] != rows || shape[1] != cols) {
            throw new IllegalStateException("weight " + name + " has shape " + Arrays.toString(shape)
                    + ", expected [" + rows + ", " + cols + "]");
        }
        return v;
    }

    private double[] require(String name) {
        double[] v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("weight " + name + " is missing; present: " + values.keySet());
        }
        return v;
    }

    /** Collects tensors in insertion order, which is also their order in the binary format. */
    public static final class Builder {
        private final Map<String, int[]> shapes = new LinkedHashMap<String, int[]>();
        private final Map<String, double[]> values = new LinkedHashMap<String, double[]>();
        private String fingerprint = "";

        private Builder() {}

        /** The fingerprint of the class these weights belong to (ASCII, at most 200 characters). */
        public Builder fingerprint(String fingerprint) {
            this.fingerprint = checkedFingerprint(fingerprint);
            return this;
        }

        public Builder put(String name, int[] shape, double[] data) {
            long size = 1;
            for (int d : shape) {
                size *= d;
            }
            if (size != data.length) {
                throw new IllegalArgumentException("weight " + name + ": shape " + Arrays.toString(shape)
                        + " needs " + size + " values, got " + data.length);
            }
            if (values.containsKey(name)) {
                throw new IllegalArgumentException("duplicate weight " + name);
            }
            shapes.put(name, shape.clone());
            values.put(name, data.clone());
            return this;
        }

        public WeightSet build() {
            return new WeightSet(new LinkedHashMap<String, int[]>(shapes), new LinkedHashMap<String, double[]>(values),
                    fingerprint);
        }
    }
}
