package dev.netjac.weights;

import dev.netjac.NetjacException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads and writes numpy {@code .npy} files, the format {@code numpy.save} writes and the simplest way to
 * hand trained weights from Python to netjac.
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0, float16/float32/float64 in either byte order and C
 * or Fortran order, and converts every value exactly to {@code double}; the result is always row-major.
 * Headers are parsed by a small literal parser, never evaluated. Files are treated as untrusted: every
 * size in them is checked against the real data before anything large is allocated, and every problem is
 * reported as a {@link NetjacException} that starts with the file name. NaN and infinite values are
 * returned as they are; deciding whether they are acceptable is the caller's job.
 */
public final class Npy {
    /**
     * The largest number of elements a weight array may have (2^28, i.e. 2 GiB of doubles). Shapes beyond
     * it are refused before allocation: no real network layer is that large, and a corrupt header must
     * not be able to exhaust memory.
     */
    public static final int MAX_ELEMENTS = 1 << 28;

    /** Longest header accepted: numpy headers for float arrays are under 200 bytes; this only stops garbage. */
    static final int MAX_HEADER_BYTES = 1 << 20;

    /** How many unexpected bytes after the data a stream is scanned for, to report how many there are. */
    private static final long TRAILING_SCAN_LIMIT = 1 << 20;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;

    private Npy() {}

    /** Reads a .npy file; messages are prefixed with the file's name. */
    public static Tensor read(Path file) {
        return read(file, ExpectedSize.ANY);
    }

    /** Reads a .npy file whose header must claim no more values than {@code expected}, checked before any data is read. */
    public static Tensor read(Path file, ExpectedSize expected) {
        String source = Messages.sourceName(file);
        try (FileChannel channel = WeightFiles.open(file, source)) {
            return decode(Channels.newInputStream(channel), channel.size(), source, expected);
        } catch (IOException e) {
            throw Messages.readFailure(source, e);
        }
    }

    /** Reads .npy bytes already in memory; {@code sourceName} names them in messages, e.g. {@code weights.npz[w1]}. */
    public static Tensor read(byte[] bytes, String sourceName) {
        try {
            return decode(new ByteArrayInputStream(bytes), bytes.length, sourceName, ExpectedSize.ANY);
        } catch (IOException e) {
            throw Messages.readFailure(sourceName, e); // cannot happen for an in-memory stream
        }
    }

    /**
     * Decodes one .npy array from {@code in}. {@code totalLength} is the exact number of bytes {@code in}
     * holds, or -1 if unknown (a zip entry, whose declared size is not trusted); then the header alone
     * bounds how much is read, and at most {@link #TRAILING_SCAN_LIMIT} bytes past the data are inspected.
     * A header claiming more values than {@code expected} is refused before any data is read.
     */
    static Tensor decode(InputStream in, long totalLength, String source, ExpectedSize expected) throws IOException {
        String fileKind = totalLength >= 0 ? "file" : "entry";
        byte[] prefix = in.readNBytes(MAGIC.length + 2);
        if (prefix.length < MAGIC.length || !Arrays.equals(prefix, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            String hint = prefix.length >= 2 && prefix[0] == 'P' && prefix[1] == 'K'
                    ? " (this looks like a zip archive; read .npz files with Npz)" : "";
            throw Messages.fail(source, "not a .npy file (bad magic bytes): expected 93 4e 55 4d 50 59 (\\x93NUMPY), found "
                    + Messages.hex(prefix, MAGIC.length) + hint);
        }
        if (prefix.length < MAGIC.length + 2) {
            throw Messages.fail(source, "truncated: expected a format version after the magic bytes, found the end of the "
                    + fileKind);
        }
        int major = prefix[6] & 0xff;
        int minor = prefix[7] & 0xff;
        int lengthFieldBytes;
        Charset charset;
        if (major == 1 && minor == 0) {
            lengthFieldBytes = 2;
            charset = StandardCharsets.ISO_8859_1;
        } else if ((major == 2 || major == 3) && minor == 0) {
            lengthFieldBytes = 4;
            charset = major == 2 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
        } else {
            throw Messages.fail(source, "unsupported .npy format version: expected 1.0, 2.0 or 3.0, found " + major + "."
                    + minor);
        }

        byte[] lengthField = in.readNBytes(lengthFieldBytes);
        if (lengthField.length < lengthFieldBytes) {
            throw Messages.fail(source, "truncated: expected a " + lengthFieldBytes + "-byte header length, found the end of the "
                    + fileKind);
        }
        long headerLength = 0;
        for (int i = lengthFieldBytes - 1; i >= 0; i--) {
            headerLength = (headerLength << 8) | (lengthField[i] & 0xff);
        }
        long dataStart = MAGIC.length + 2 + lengthFieldBytes + headerLength;
        if (totalLength >= 0 && dataStart > totalLength) {
            throw Messages.fail(source, "header: header length " + headerLength + " runs past the end of the file ("
                    + totalLength + " bytes)");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw Messages.fail(source, "header: expected a header length of at most " + MAX_HEADER_BYTES + " bytes, found "
                    + headerLength);
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw Messages.fail(source, "header: header length " + headerLength + " runs past the end of the " + fileKind
                    + " (" + (dataStart - headerLength + headerBytes.length) + " bytes)");
        }
        NpyHeader header = NpyHeader.parse(decodeText(headerBytes, charset, source), source);
        expected.check(header.shape, header.type.displayName(), source);

        long needed = header.dataBytes();
        if (totalLength >= 0) {
            long available = totalLength - dataStart;
            if (available != needed) {
                throw sizeMismatch(source, header, String.valueOf(available));
            }
        }
        double[] values;
        try {
            values = RawValues.read(in, header.type, header.order, header.elementCount);
        } catch (RawValues.ShortData e) {
            throw sizeMismatch(source, header, String.valueOf(e.bytesFound));
        }
        if (totalLength < 0) {
            long extra = RawValues.countRemaining(in, TRAILING_SCAN_LIMIT);
            if (extra > 0) {
                String found = extra > TRAILING_SCAN_LIMIT ? "more than " + (needed + TRAILING_SCAN_LIMIT)
                        : String.valueOf(needed + extra);
                throw sizeMismatch(source, header, found);
            }
        }
        if (header.fortranOrder) {
            values = fortranToRowMajor(values, header.shape);
        }
        return Tensor.of(header.shape, values);
    }

    private static NetjacException sizeMismatch(String source, NpyHeader header, String found) {
        boolean truncated = !found.startsWith("more") && Long.parseLong(found) < header.dataBytes();
        return Messages.fail(source, (truncated ? "truncated: " : "trailing bytes: ") + header.dataNeeds() + ", found "
                + found);
    }

    private static String decodeText(byte[] bytes, Charset charset, String source) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw Messages.fail(source, "header: expected UTF-8 text (format version 3.0), found invalid bytes");
        }
    }

    /** Reorders column-major values (first index fastest) into row-major order. */
    static double[] fortranToRowMajor(double[] values, int[] shape) {
        int rank = shape.length;
        if (rank < 2 || values.length == 0) {
            return values;
        }
        int[] stride = new int[rank]; // row-major strides
        stride[rank - 1] = 1;
        for (int a = rank - 2; a >= 0; a--) {
            stride[a] = stride[a + 1] * shape[a + 1];
        }
        double[] out = new double[values.length];
        int[] index = new int[rank];
        int target = 0;
        for (double value : values) {
            out[target] = value;
            for (int a = 0; a < rank; a++) { // advance the multi-index, axis 0 fastest
                index[a]++;
                target += stride[a];
                if (index[a] < shape[a]) {
                    break;
                }
                target -= stride[a] * shape[a];
                index[a] = 0;
            }
        }
        return out;
    }

    /** Writes {@code tensor} as {@link #write(Path, int[], double[])} does. */
    public static void write(Path file, Tensor tensor) {
        write(file, tensor.shape(), tensor.toArray());
    }

    /**
     * Writes a little-endian float64, C-order .npy file (format 1.0, or 2.0 only if the header needs it) that
     * {@code numpy.load} reads; the data starts at a multiple of 64 bytes, as numpy aligns it.
     *
     * <p>The file is written under a temporary name in the same directory and then atomically renamed, so
     * readers (and a crash) never see a half-written file.
     *
     * @throws IllegalArgumentException if {@code shape} has a negative dimension or does not match {@code data}
     * @throws NetjacException if the file cannot be written
     */
    public static void write(Path file, int[] shape, double[] data) {
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Tensor.shapeString(shape));
            }
            count *= d;
            if (count > Integer.MAX_VALUE) {
                break;
            }
        }
        if (count != data.length) {
            throw new IllegalArgumentException("shape " + Tensor.shapeString(shape) + " needs " + count
                    + " values, got " + data.length);
        }
        byte[] header = headerBytes(shape);
        String source = Messages.sourceName(file);
        Path directory = file.toAbsolutePath().getParent();
        Path temp = directory.resolve("." + source + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeFully(out, ByteBuffer.wrap(header));
                ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < data.length; ) {
                    int n = Math.min(chunk.capacity() / 8, data.length - i);
                    chunk.clear();
                    chunk.asDoubleBuffer().put(data, i, n);
                    chunk.limit(n * 8);
                    writeFully(out, chunk);
                    i += n;
                }
                out.force(false);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            deleteQuietly(temp, e);
            throw Messages.writeFailure(source, new IOException("temporary file " + temp.getFileName() + " already exists"));
        } catch (IOException e) {
            deleteQuietly(temp, e);
            throw Messages.writeFailure(source, e);
        }
    }

    /** The magic, version, length and header dict, padded with spaces and a newline as numpy pads it. */
    private static byte[] headerBytes(int[] shape) {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': " + Tensor.shapeString(shape) + ", }";
        boolean version1 = MAGIC.length + 2 + 2 + dict.length() + 1 + ALIGNMENT <= 0xffff;
        int prefixLength = MAGIC.length + 2 + (version1 ? 2 : 4);
        int padding = ALIGNMENT - (prefixLength + dict.length() + 1) % ALIGNMENT;
        int headerLength = dict.length() + padding + 1;
        ByteBuffer out = ByteBuffer.allocate(prefixLength + headerLength).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) (version1 ? 1 : 2)).put((byte) 0);
        if (version1) {
            out.putShort((short) headerLength);
        } else {
            out.putInt(headerLength);
        }
        out.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < padding; i++) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    private static void deleteQuietly(Path temp, IOException failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }
}
