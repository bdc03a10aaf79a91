package dev.netjac.weights;

import java.nio.ByteBuffer;

/**
 * The floating-point element types the weight readers accept, with how to decode them.
 *
 * <p>Shared by the npy and safetensors readers so that both convert the same way; byte order is the
 * {@link ByteBuffer}'s, set by the caller from the file's metadata.
 */
enum FloatType {
    FLOAT16("float16", 2) {
        @Override
        void decode(ByteBuffer in, double[] out, int offset, int count) {
            for (int i = 0; i < count; i++) {
                out[offset + i] = HalfFloats.float16ToDouble(in.getShort());
            }
        }
    },
    BFLOAT16("bfloat16", 2) {
        @Override
        void decode(ByteBuffer in, double[] out, int offset, int count) {
            for (int i = 0; i < count; i++) {
                out[offset + i] = HalfFloats.bfloat16ToDouble(in.getShort());
            }
        }
    },
    FLOAT32("float32", 4) {
        @Override
        void decode(ByteBuffer in, double[] out, int offset, int count) {
            for (int i = 0; i < count; i++) {
                out[offset + i] = in.getFloat();
            }
        }
    },
    FLOAT64("float64", 8) {
        @Override
        void decode(ByteBuffer in, double[] out, int offset, int count) {
            in.asDoubleBuffer().get(out, offset, count);
            in.position(in.position() + count * 8);
        }
    };

    private final String displayName;
    private final int itemSize;

    FloatType(String displayName, int itemSize) {
        this.displayName = displayName;
        this.itemSize = itemSize;
    }

    /** The numpy-style name used in messages, e.g. {@code float64}. */
    String displayName() {
        return displayName;
    }

    /** Bytes per element. */
    int itemSize() {
        return itemSize;
    }

    /** Reads {@code count} elements from {@code in}'s position into {@code out[offset...]}, advancing {@code in}. */
    abstract void decode(ByteBuffer in, double[] out, int offset, int count);
}
