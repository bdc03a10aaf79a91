package dev.netjac.onnx;

import static dev.netjac.onnx.OnnxWindows.pads;
import static dev.netjac.onnx.OnnxWindows.samePads;
import static dev.netjac.onnx.OnnxWindows.zero;
import static dev.netjac.onnx.OnnxWindows.intsOr;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.onnx.OnnxTranslator.Sym;
import java.util.Arrays;
import java.util.List;

/** MaxPool, AveragePool, GlobalAveragePool and GlobalMaxPool. */
final class OnnxPoolRules extends OnnxRules {
    OnnxPoolRules(OnnxTranslator translator, OnnxSpec spec) {
        super(translator, spec);
    }

    /**
     * Average pooling that netjac's average_pooling layers do not cover (3-D, ceil_mode, pads that do not count)
     * as the window sum it is: zero-padded patches, split into (window, C), reduce_sum over the window, and an
     * affine that divides each output position by the number of cells its window counts. With count_include_pad
     * those are the cells inside the explicit padding, else only the input's; the cells that ceil_mode adds past
     * the right padding never count (PyTorch's and ONNX's rule). When every window counts all its cells the last
     * two steps are one reduce_mean.
     */
    private void windowAveragePool(OnnxNode node, Sym x, int[] kernel, int[] strides, int[][] pads, boolean ceil) {
        int k = kernel.length;
        boolean includePad = node.integer("count_include_pad", 0) != 0;
        int[] outShape = x.shape().clone();
        int[][] padded = new int[k][];
        double[][] counts = new double[k][];
        boolean full = true;
        for (int i = 0; i < k; i++) {
            int in = x.shape()[i];
            int span = in + pads[i][0] + pads[i][1] - kernel[i];
            if (span < 0) {
                throw node.error("its window (" + kernel[i] + " cells) is larger than the padded input ("
                        + (span + kernel[i]) + ") along spatial axis " + i);
            }
            int out = (ceil ? (span + strides[i] - 1) / strides[i] : span / strides[i]) + 1;
            if (ceil && (out - 1) * strides[i] >= in + pads[i][0]) {
                out--; // the last window must start inside the input or its left padding
            }
            outShape[i] = out;
            padded[i] = new int[] {pads[i][0], Math.max(pads[i][1], (out - 1) * strides[i] + kernel[i] - in - pads[i][0])};
            counts[i] = new double[out];
            for (int o = 0; o < out; o++) {
                int lo = o * strides[i] - pads[i][0];
                int hi = lo + kernel[i];
                int from = includePad ? -pads[i][0] : 0;
                int to = includePad ? in + pads[i][1] : in;
                counts[i][o] = Math.min(hi, to) - Math.max(lo, from);
                full &= counts[i][o] == kernel[i];
            }
        }
        int[] noDilation = new int[k];
        Arrays.fill(noDilation, 1);
        Sym sum = windowReduce(node, x, kernel, strides, noDilation, padded, null, outShape,
                full ? "reduce_mean" : "reduce_sum");
        if (!full) {
            t.bind(node, 0, affine(node, sum, reciprocalCounts(counts, outShape), null));
        }
    }

    /** 1 / (cells counted) at every stored position of the (o1, ..., ok, C) output: a product over the axes. */
    private static double[] reciprocalCounts(double[][] counts, int[] outShape) {
        int n = OnnxShapes.size(outShape);
        int[] strides = OnnxShapes.strides(outShape);
        double[] scale = new double[n];
        for (int j = 0; j < n; j++) {
            double c = 1;
            for (int a = 0; a < counts.length; a++) {
                c *= counts[a][j / strides[a] % outShape[a]];
            }
            scale[j] = 1 / c;
        }
        return scale;
    }

    void pool(OnnxNode node, List<Object> in) {
        if (node.outputs.size() > 1 && !node.outputs.get(1).isEmpty() && t.consumersOf(node.outputs.get(1)) != null
                && !t.consumersOf(node.outputs.get(1)).isEmpty()) {
            throw node.error("its Indices output is used; netjac computes the pooled values only");
        }
        Sym x0 = sym(node, in, 0);
        int k = x0.shape().length - 1;
        boolean max = node.op.equals("MaxPool");
        if (k < 1 || k > 3) {
            throw node.error(k + "-D pooling is not supported (netjac pools 1-D, 2-D and 3-D)");
        }
        Sym x = channelsLast(node, x0);
        int[] spatial = Arrays.copyOf(x.shape(), k);
        long[] ks = node.ints("kernel_shape");
        if (ks == null || ks.length != k) {
            throw node.error("kernel_shape must list " + k + " sizes");
        }
        int[] kernel = OnnxFolder.toInts(ks);
        int[] strides = intsOr(node, "strides", k, 1);
        int[] dilations = intsOr(node, "dilations", k, 1);
        int[][] pads = pads(node, spatial, kernel, strides, dilations);
        boolean dilated = Arrays.stream(dilations).anyMatch(d -> d != 1);
        boolean ceil = node.integer("ceil_mode", 0) != 0;
        if (max && (k == 3 || dilated || ceil)) {
            windowMaxPool(node, x, kernel, strides, dilations, pads, ceil);
            return;
        }
        if (dilated) {
            throw node.error("dilations " + Arrays.toString(dilations) + " are defined for MaxPool only (expected 1s)");
        }
        boolean includePad = node.integer("count_include_pad", 0) != 0;
        if (!max && (k == 3 || ceil || (!zero(pads) && !includePad
                && !Arrays.deepEquals(pads, samePads(spatial, kernel, strides, dilations))))) {
            windowAveragePool(node, x, kernel, strides, pads, ceil);
            return;
        }
        String padding = "valid";
        if (!zero(pads)) {
            if (max || includePad) {
                x = padSpatial(node, x, pads, max ? Double.NEGATIVE_INFINITY : 0);
                spatial = Arrays.copyOf(x.shape(), k);
            } else {
                padding = "same"; // count_include_pad = 0 with TensorFlow's "same" geometry (the others went above)
            }
        }
        ObjectNode layer = spec.add((max ? "max_pooling" : "average_pooling") + k + "d", node, x.layer());
        OnnxSpec.ints(layer, "pool_size", kernel);
        OnnxSpec.ints(layer, "strides", strides);
        layer.put("padding", padding);
        int[] outShape = x.shape().clone();
        for (int i = 0; i < k; i++) {
            outShape[i] = padding.equals("same") ? (spatial[i] + strides[i] - 1) / strides[i]
                    : (spatial[i] - kernel[i]) / strides[i] + 1;
        }
        out(node, layer, outShape, true);
    }

    /**
     * Max pooling that netjac's max_pooling layers do not cover (3-D, dilated windows, ceil_mode) as the window
     * gather it is: patches of -inf-padded windows, split into (window, C), and reduce_max over the window.
     * With ceil_mode the last window may run past the right padding (it reads -inf there), unless it would start
     * inside the right padding, which ONNX and torch drop.
     */
    private void windowMaxPool(OnnxNode node, Sym x, int[] kernel, int[] strides, int[] dilations, int[][] pads,
                               boolean ceil) {
        int k = kernel.length;
        int[] outShape = x.shape().clone();
        int[][] padded = new int[k][];
        for (int i = 0; i < k; i++) {
            int in = x.shape()[i];
            int reach = dilations[i] * (kernel[i] - 1) + 1;
            int span = in + pads[i][0] + pads[i][1] - reach;
            if (span < 0) {
                throw node.error("its window (" + reach + " cells) is larger than the padded input (" + (span + reach)
                        + ") along spatial axis " + i);
            }
            int out = (ceil ? (span + strides[i] - 1) / strides[i] : span / strides[i]) + 1;
            if (ceil && (out - 1) * strides[i] >= in + pads[i][0]) {
                out--;
            }
            outShape[i] = out;
            int after = Math.max(pads[i][1], (out - 1) * strides[i] + reach - in - pads[i][0]);
            padded[i] = new int[] {pads[i][0], after};
        }
        windowReduce(node, x, kernel, strides, dilations, padded, "-inf", outShape, "reduce_max");
    }

    /**
     * Pooling as the window gather it is, on a channels-last x: {@code patches} of the padded windows (pad cells
     * hold {@code padValue}, or 0 when null), split into (window, C), and {@code reduceType} over the window axis;
     * binds and returns the (o1, ..., ok, C) result.
     */
    private Sym windowReduce(OnnxNode node, Sym x, int[] kernel, int[] strides, int[] dilations, int[][] padded,
                             String padValue, int[] outShape, String reduceType) {
        int k = kernel.length;
        int window = Arrays.stream(kernel).reduce(1, (a, b) -> a * b);
        ObjectNode patches = spec.add("patches", node, x.layer());
        OnnxSpec.ints(patches, "kernel_size", kernel);
        OnnxSpec.ints(patches, "strides", strides);
        if (Arrays.stream(dilations).anyMatch(d -> d != 1)) {
            OnnxSpec.ints(patches, "dilation_rate", dilations);
        }
        ArrayNode list = patches.putArray("pads");
        for (int[] p : padded) {
            list.addArray().add(p[0]).add(p[1]);
        }
        if (padValue != null) {
            patches.put("pad_value", padValue);
        }
        int channels = x.shape()[k];
        int[] gathered = Arrays.copyOf(outShape, k + 1);
        gathered[k] = window * channels;
        int[] windows = Arrays.copyOf(outShape, k + 2);
        windows[k] = window;
        windows[k + 1] = channels;
        Sym split = reshapeTo(node, new Sym(patches.get("name").asText(), gathered, true), windows, true);
        ObjectNode reduce = spec.add(reduceType, node, split.layer());
        reduce.putArray("axes").add(k);
        reduce.put("keepdims", false);
        return out(node, reduce, outShape, true);
    }

    void globalPool(OnnxNode node, List<Object> in) {
        Sym x0 = sym(node, in, 0);
        int k = x0.shape().length - 1;
        if (k < 1 || k > 2) {
            throw node.error("global pooling over " + k + " spatial axes is not supported yet (1 or 2)");
        }
        Sym x = channelsLast(node, x0);
        String type = (node.op.equals("GlobalMaxPool") ? "global_max_pooling" : "global_average_pooling") + k + "d";
        ObjectNode layer = spec.add(type, node, x.layer());
        layer.put("keepdims", true);
        int[] outShape = x.shape().clone();
        for (int i = 0; i < k; i++) {
            outShape[i] = 1;
        }
        out(node, layer, outShape, true);
    }
}
