package dev.netjac.onnx;

/** The sliding-window geometry that ONNX convolutions and poolings share: pads, auto_pad and per-axis attributes. */
final class OnnxWindows {
    private OnnxWindows() {}

    /** ONNX pads resolved to {before, after} per spatial axis. */
    static int[][] pads(OnnxNode node, int[] in, int[] kernel, int[] strides, int[] dilations) {
        int k = in.length;
        int[][] pads = new int[k][2];
        String auto = node.string("auto_pad", "NOTSET");
        if (auto.equals("SAME_UPPER") || auto.equals("SAME_LOWER")) {
            for (int i = 0; i < k; i++) {
                int outSize = (in[i] + strides[i] - 1) / strides[i];
                int total = Math.max(0, (outSize - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - in[i]);
                int small = total / 2;
                pads[i][0] = auto.equals("SAME_UPPER") ? small : total - small;
                pads[i][1] = total - pads[i][0];
            }
        } else if (!auto.equals("VALID")) {
            long[] p = node.ints("pads");
            if (p != null) {
                if (p.length != 2 * k) {
                    throw node.error("pads has " + p.length + " entries, expected " + 2 * k);
                }
                for (int i = 0; i < k; i++) {
                    pads[i][0] = (int) p[i];
                    pads[i][1] = (int) p[i + k];
                }
            }
        }
        return pads;
    }

    /** TensorFlow's "same" padding of netjac's layers, for comparison. */
    static int[][] samePads(int[] in, int[] kernel, int[] strides, int[] dilations) {
        int[][] pads = new int[in.length][2];
        for (int i = 0; i < in.length; i++) {
            int outSize = (in[i] + strides[i] - 1) / strides[i];
            int total = Math.max(0, (outSize - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - in[i]);
            pads[i][0] = total / 2;
            pads[i][1] = total - total / 2;
        }
        return pads;
    }

    static boolean zero(int[][] pads) {
        for (int[] p : pads) {
            if (p[0] != 0 || p[1] != 0) {
                return false;
            }
        }
        return true;
    }

    static int[] intsOr(OnnxNode node, String attribute, int k, int otherwise) {
        long[] v = node.ints(attribute);
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = v == null ? otherwise : (int) v[i];
        }
        if (v != null && v.length != k) {
            throw node.error(attribute + " has " + v.length + " entries, expected " + k);
        }
        return out;
    }
}
