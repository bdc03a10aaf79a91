package dev.netjac;

import java.util.Map;

/**
 * Tells whether the head of a file looks like a serialized ONNX {@code ModelProto}. Protobuf has no magic
 * number, so this walks the first fields and accepts only when every one is a {@code ModelProto} field with
 * its declared wire type: a file whose first field is {@code ir_version} (tag 0x08, what every exporter writes
 * first) with a plausible version and a second valid field, or a {@code .onnx} file whose fields are all valid.
 * Only the field structure is checked here; the ONNX reader parses the whole message.
 */
final class OnnxSniffer {
    private OnnxSniffer() {}

    private static final int VARINT = 0;
    private static final int LEN = 2;

    /** ModelProto's fields in onnx.proto (field number to wire type). */
    private static final Map<Integer, Integer> MODEL_PROTO_FIELDS = Map.of(
            1, VARINT, // ir_version
            2, LEN, // producer_name
            3, LEN, // producer_version
            4, LEN, // domain
            5, VARINT, // model_version
            6, LEN, // doc_string
            7, LEN, // graph
            8, LEN, // opset_import
            14, LEN, // metadata_props
            20, LEN); // training_info
    private static final int FUNCTIONS = 25;

    /** The highest ir_version accepted as plausible (ONNX 1.16 writes 10). */
    private static final long MAX_IR_VERSION = 100;

    static boolean looksLikeModelProto(byte[] head, boolean onnxExtension) {
        int[] position = {0};
        int valid = 0;
        boolean startsWithIrVersion = false;
        while (position[0] < head.length) {
            long tag = varint(head, position);
            if (tag < 0) {
                break; // the head ends inside the tag
            }
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            Integer expected = field == FUNCTIONS ? Integer.valueOf(LEN) : MODEL_PROTO_FIELDS.get(field);
            if (tag >>> 3 > Integer.MAX_VALUE || expected == null || expected != wire) {
                return false;
            }
            if (wire == VARINT) {
                long value = varint(head, position);
                if (value < 0) {
                    break;
                }
                if (valid == 0 && field == 1) {
                    if (value < 1 || value > MAX_IR_VERSION) {
                        return false;
                    }
                    startsWithIrVersion = true;
                }
            } else {
                long length = varint(head, position);
                if (length < 0) {
                    break;
                }
                valid++;
                if (length >= head.length - position[0]) {
                    break; // the field runs past the head: what was seen is all valid
                }
                position[0] += (int) length;
                continue;
            }
            valid++;
        }
        return startsWithIrVersion ? valid >= 2 : onnxExtension && valid >= 1;
    }

    /** The varint at {@code position[0]}, advancing it; -1 if the data ends first or it is longer than 10 bytes. */
    private static long varint(byte[] data, int[] position) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position[0] >= data.length) {
                return -1;
            }
            int b = data[position[0]++] & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value < 0 ? -1 : value;
            }
        }
        return -1;
    }
}
