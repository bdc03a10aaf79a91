package dev.netjac.onnx;

import static dev.netjac.onnx.OnnxWindows.pads;
import static dev.netjac.onnx.OnnxWindows.samePads;
import static dev.netjac.onnx.OnnxWindows.zero;
import static dev.netjac.onnx.OnnxWindows.intsOr;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.onnx.OnnxTranslator.Sym;
import dev.netjac.weights.Tensor;
import java.util.Arrays;
import java.util.List;

/** Conv (1-3 spatial axes, groups) and ConvTranspose. */
final class OnnxConvRules extends OnnxRules {
    OnnxConvRules(OnnxTranslator translator, OnnxSpec spec) {
        super(translator, spec);
    }

    void conv(OnnxNode node, List<Object> in) {
        Sym x0 = sym(node, in, 0);
        Tensor w = constant(node, in, 1, "the kernel");
        Tensor b = constant(node, in, 2, "the bias");
        int k = x0.shape().length - 1;
        if (w.rank() != k + 2) {
            throw node.error("kernel of shape " + Arrays.toString(w.shape()) + " for an input of rank " + (k + 2));
        }
        long group = node.integer("group", 1);
        if (k < 1) {
            throw node.error("a convolution without spatial axes");
        }
        if (group != 1 || k > 2) {
            patchConv(node, x0, w, b, (int) group, false);
            return;
        }
        Sym x = channelsLast(node, x0);
        int[] spatial = Arrays.copyOf(x.shape(), k);
        int channels = x.shape()[k];
        if (w.dim(1) != channels) {
            throw node.error("kernel of shape " + Arrays.toString(w.shape()) + " expects " + w.dim(1) + " input channels,"
                    + " the input has " + channels);
        }
        int[] kernel = Arrays.copyOfRange(w.shape(), 2, k + 2);
        int[] strides = intsOr(node, "strides", k, 1);
        int[] dilations = intsOr(node, "dilations", k, 1);
        int[][] pads = pads(node, spatial, kernel, strides, dilations);
        String padding = "valid";
        if (!zero(pads)) {
            if (Arrays.deepEquals(pads, samePads(spatial, kernel, strides, dilations))) {
                padding = "same";
            } else {
                x = padSpatial(node, x, pads, 0);
                spatial = Arrays.copyOf(x.shape(), k);
            }
        }
        int filters = w.dim(0);
        ObjectNode layer = spec.add("conv" + k + "d", node, x.layer());
        layer.put("filters", filters);
        OnnxSpec.ints(layer, "kernel_size", kernel);
        OnnxSpec.ints(layer, "strides", strides);
        OnnxSpec.ints(layer, "dilation_rate", dilations);
        layer.put("padding", padding);
        // ONNX (out, in, k...) -> netjac (k..., in, out)
        spec.weight(layer, "kernel", OnnxFolder.transpose(w, k == 1 ? new int[] {2, 1, 0} : new int[] {2, 3, 1, 0}));
        if (b != null) {
            spec.weight(layer, "bias", b);
        } else {
            layer.put("use_bias", false);
        }
        int[] outShape = new int[k + 1];
        for (int i = 0; i < k; i++) {
            outShape[i] = padding.equals("same") ? (spatial[i] + strides[i] - 1) / strides[i]
                    : (spatial[i] - dilations[i] * (kernel[i] - 1) - 1) / strides[i] + 1;
        }
        outShape[k] = filters;
        out(node, layer, outShape, true);
    }

    /**
     * Grouped, depthwise, 3-D or transposed convolution as {@code patches} + {@code dense}: im2col, then one
     * matrix over (kernel offset, channel) whose off-group blocks are zero. A transposed convolution is the
     * convolution of the input dilated by the strides, padded by dilation·(kernel − 1) − pad (negative crops),
     * with the kernel flipped along every spatial axis and its in/out roles swapped.
     */
    private void patchConv(OnnxNode node, Sym x0, Tensor w, Tensor b, int groups, boolean transposed) {
        Sym x = channelsLast(node, x0);
        int k = x.shape().length - 1;
        if (k > 3) {
            throw node.error("a convolution over " + k + " spatial axes; netjac convolves over 1 to 3");
        }
        int channels = x.shape()[k];
        int[] spatial = Arrays.copyOf(x.shape(), k);
        int[] kernel = Arrays.copyOfRange(w.shape(), 2, k + 2);
        int[] strides = intsOr(node, "strides", k, 1);
        int[] dilations = intsOr(node, "dilations", k, 1);
        if (groups < 1 || channels % groups != 0 || (!transposed && (w.dim(1) * groups != channels || w.dim(0) % groups != 0))
                || (transposed && w.dim(0) != channels)) {
            throw node.error("kernel of shape " + Arrays.toString(w.shape()) + " with group = " + groups + " does not fit "
                    + channels + " input channels");
        }
        int filters = transposed ? w.dim(1) * groups : w.dim(0);
        int[][] pads = transposed ? transposedPads(node, spatial, kernel, strides, dilations)
                : pads(node, spatial, kernel, strides, dilations);
        ObjectNode patches = spec.add("patches", node, x.layer());
        OnnxSpec.ints(patches, "kernel_size", kernel);
        OnnxSpec.ints(patches, "strides", transposed ? ones(k) : strides);
        OnnxSpec.ints(patches, "dilation_rate", dilations);
        ArrayNode list = patches.putArray("pads");
        for (int[] p : pads) {
            list.addArray().add(p[0]).add(p[1]);
        }
        if (transposed) {
            OnnxSpec.ints(patches, "input_dilation", strides);
        }
        int[] outShape = new int[k + 1];
        for (int i = 0; i < k; i++) {
            int extent = (spatial[i] - 1) * (transposed ? strides[i] : 1) + 1 + pads[i][0] + pads[i][1];
            outShape[i] = Math.floorDiv(extent - dilations[i] * (kernel[i] - 1) - 1, transposed ? 1 : strides[i]) + 1;
        }
        outShape[k] = filters;
        ObjectNode dense = spec.add("dense", node, patches.get("name").asText());
        dense.put("units", filters);
        spec.weight(dense, "kernel", transposed ? transposedKernel(w, channels, groups) : groupedKernel(w, channels, groups));
        if (b != null) {
            spec.weight(dense, "bias", b);
        } else {
            dense.put("use_bias", false);
        }
        out(node, dense, outShape, true);
    }

    /**
     * The pads that make a stride-1 convolution of the dilated input a transposed convolution: dilation·(kernel − 1)
     * − pad before, and after whatever reaches the output size ONNX defines (output_padding, output_shape, auto_pad;
     * an output_shape beyond the full one reads zero padding, so those cells hold only the bias, as ONNX's rule).
     */
    private static int[][] transposedPads(OnnxNode node, int[] spatial, int[] kernel, int[] strides, int[] dilations) {
        int k = spatial.length;
        int[] outputPadding = intsOr(node, "output_padding", k, 0);
        long[] outputShape = node.ints("output_shape");
        long[] p = node.ints("pads");
        String auto = node.string("auto_pad", "NOTSET");
        int[][] pads = new int[k][2];
        for (int i = 0; i < k; i++) {
            int full = strides[i] * (spatial[i] - 1) + outputPadding[i] + (kernel[i] - 1) * dilations[i] + 1;
            int out;
            int before;
            if (outputShape != null || auto.startsWith("SAME")) {
                out = outputShape != null ? (int) outputShape[outputShape.length - k + i] : spatial[i] * strides[i];
                int total = full - out; // ONNX's rule, with floor division
                before = auto.equals("SAME_UPPER") ? Math.floorDiv(total, 2) : total - Math.floorDiv(total, 2);
            } else {
                before = p == null ? 0 : (int) p[i];
                out = full - before - (p == null ? 0 : (int) p[i + k]);
            }
            if (out < 1) {
                throw node.error("its output would have " + out + " cells along spatial axis " + i + ", expected at least 1");
            }
            pads[i][0] = dilations[i] * (kernel[i] - 1) - before;
            pads[i][1] = out - (spatial[i] - 1) * strides[i] - 1 + before;
        }
        return pads;
    }

    /** ONNX Conv's (F, C/groups, k...) kernel as the (prod(k)·C, F) matrix on patches, zero outside each group. */
    private static Tensor groupedKernel(Tensor w, int channels, int groups) {
        int filters = w.dim(0);
        int perGroupIn = channels / groups;
        int perGroupOut = filters / groups;
        int window = w.size() / (filters * perGroupIn);
        double[] m = new double[window * channels * filters];
        for (int f = 0; f < filters; f++) {
            int g = f / perGroupOut;
            for (int ci = 0; ci < perGroupIn; ci++) {
                int c = g * perGroupIn + ci;
                for (int kp = 0; kp < window; kp++) {
                    m[(kp * channels + c) * filters + f] = w.get((f * perGroupIn + ci) * window + kp);
                }
            }
        }
        return Tensor.of(new int[] {window * channels, filters}, m);
    }

    /** ONNX ConvTranspose's (C, F/groups, k...) kernel, flipped, as the (prod(k)·C, F) matrix on patches. */
    private static Tensor transposedKernel(Tensor w, int channels, int groups) {
        int perGroupOut = w.dim(1);
        int filters = perGroupOut * groups;
        int perGroupIn = channels / groups;
        int[] kernel = Arrays.copyOfRange(w.shape(), 2, w.rank());
        int window = OnnxShapes.size(kernel);
        int[] flipped = new int[window];
        int[] strides = OnnxShapes.strides(kernel);
        for (int kp = 0; kp < window; kp++) {
            int f = 0;
            for (int a = 0; a < kernel.length; a++) {
                f += (kernel[a] - 1 - kp / strides[a] % kernel[a]) * strides[a];
            }
            flipped[kp] = f;
        }
        double[] m = new double[window * channels * filters];
        for (int c = 0; c < channels; c++) {
            int g = c / perGroupIn;
            for (int fo = 0; fo < perGroupOut; fo++) {
                int f = g * perGroupOut + fo;
                for (int kp = 0; kp < window; kp++) {
                    m[(kp * channels + c) * filters + f] = w.get((c * perGroupOut + fo) * window + flipped[kp]);
                }
            }
        }
        return Tensor.of(new int[] {window * channels, filters}, m);
    }

    private static int[] ones(int k) {
        int[] ones = new int[k];
        Arrays.fill(ones, 1);
        return ones;
    }

    void convTranspose(OnnxNode node, List<Object> in) {
        Sym x = sym(node, in, 0);
        Tensor w = constant(node, in, 1, "the kernel");
        if (w.rank() != x.shape().length + 1) {
            throw node.error("kernel of shape " + Arrays.toString(w.shape()) + " for an input of rank " + (x.shape().length + 1));
        }
        patchConv(node, x, w, constant(node, in, 2, "the bias"), (int) node.integer("group", 1), true);
    }
}
