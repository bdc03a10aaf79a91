package dev.netjac.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads a known number of encoded floats from a stream into a {@code double[]}.
 *
 * <p>The stream may come from a zip entry whose real length is unknown until it ends, so the output array
 * grows with the data actually received instead of being sized from the (untrusted) header: a tiny file
 * that claims a huge shape fails with "truncated" after reading what little it has, without first
 * allocating gigabytes.
 */
final class RawValues {
    private RawValues() {}

    /** Bytes read per step; a multiple of every item size. */
    private static final int CHUNK_BYTES = 1 << 16;
    /** Elements allocated up front, before any data has proved that the header's count is real. */
    private static final int INITIAL_CAPACITY = 1 << 20;

    /** The stream ended after {@link #bytesFound} data bytes, before all elements were read. */
    static final class ShortData extends Exception {
        private static final long serialVersionUID = 1L;
        final long bytesFound;

        ShortData(long bytesFound) {
            super(null, null, false, false);
            this.bytesFound = bytesFound;
        }
    }

    /** Reads exactly {@code count} elements, leaving the stream just after them. */
    static double[] read(InputStream in, FloatType type, ByteOrder order, int count) throws IOException, ShortData {
        int itemSize = type.itemSize();
        double[] values = new double[Math.min(count, INITIAL_CAPACITY)];
        byte[] chunk = new byte[CHUNK_BYTES];
        ByteBuffer buffer = ByteBuffer.wrap(chunk).order(order);
        int filled = 0;
        long bytesRead = 0;
        while (filled < count) {
            int wanted = (int) Math.min(CHUNK_BYTES, (long) (count - filled) * itemSize);
            int got = in.readNBytes(chunk, 0, wanted);
            bytesRead += got;
            if (got < wanted) {
                throw new ShortData(bytesRead);
            }
            int n = got / itemSize;
            if (filled + n > values.length) {
                long grown = Math.max(2L * values.length, (long) filled + n);
                values = Arrays.copyOf(values, (int) Math.min(count, grown));
            }
            buffer.clear();
            type.decode(buffer, values, filled, n);
            filled += n;
        }
        return values;
    }

    /**
     * Counts the bytes left in {@code in}, reading at most {@code limit + 1} of them; a result greater than
     * {@code limit} means "more than limit". Bounded so that a zip entry padded with gigabytes of
     * compressible junk is refused without inflating all of it.
     */
    static long countRemaining(InputStream in, long limit) throws IOException {
        byte[] chunk = new byte[CHUNK_BYTES];
        long total = 0;
        while (total <= limit) {
            int got = in.read(chunk, 0, (int) Math.min(CHUNK_BYTES, limit + 1 - total));
            if (got < 0) {
                break;
            }
            total += got;
        }
        return total;
    }
}
