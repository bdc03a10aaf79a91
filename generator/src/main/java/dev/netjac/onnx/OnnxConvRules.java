package dev.netjac.onnx;

import static dev.netjac.onnx.OnnxWindows.pads;
import static dev.netjac.onnx.OnnxWindows.samePads;
import static dev.netjac.onnx.OnnxWindows.zero;
import static dev.netjac.onnx.OnnxWindows.intsOr;

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
            linearConv(node, x0, w, b, (int) group, false);
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

    /** Grouped, depthwise, 3-D or transposed convolution as one linear map ({@link OnnxConvMaps}). */
    private void linearConv(OnnxNode node, Sym x0, Tensor w, Tensor b, int groups, boolean transposed) {
        Sym x = onnxOrder(node, x0);
        int k = x.shape().length - 1;
        int channels = x.shape()[0];
        int[] spatial = Arrays.copyOfRange(x.shape(), 1, k + 1);
        int[] kernel = Arrays.copyOfRange(w.shape(), 2, k + 2);
        int[] strides = intsOr(node, "strides", k, 1);
        int[] dilations = intsOr(node, "dilations", k, 1);
        if (groups < 1 || channels % groups != 0 || (!transposed && (w.dim(1) * groups != channels || w.dim(0) % groups != 0))
                || (transposed && w.dim(0) != channels)) {
            throw node.error("kernel of shape " + Arrays.toString(w.shape()) + " with group = " + groups + " does not fit "
                    + channels + " input channels");
        }
        int filters = transposed ? w.dim(1) * groups : w.dim(0);
        int[] out = new int[k];
        int[] before = new int[k];
        if (!transposed) {
            int[][] pads = pads(node, spatial, kernel, strides, dilations);
            for (int i = 0; i < k; i++) {
                before[i] = pads[i][0];
                out[i] = (spatial[i] + pads[i][0] + pads[i][1] - dilations[i] * (kernel[i] - 1) - 1) / strides[i] + 1;
            }
        } else {
            int[] outputPadding = intsOr(node, "output_padding", k, 0);
            long[] outputShape = node.ints("output_shape");
            long[] p = node.ints("pads");
            String auto = node.string("auto_pad", "NOTSET");
            for (int i = 0; i < k; i++) {
                int full = strides[i] * (spatial[i] - 1) + outputPadding[i] + (kernel[i] - 1) * dilations[i] + 1;
                if (outputShape != null || auto.startsWith("SAME")) {
                    out[i] = outputShape != null ? (int) outputShape[outputShape.length - k + i] : spatial[i] * strides[i];
                    // ONNX's rule, with floor division: an output_shape larger than the full one is negative
                    // padding, extra output cells at the end that hold only the bias
                    int total = full - out[i];
                    before[i] = auto.equals("SAME_UPPER") ? Math.floorDiv(total, 2) : total - Math.floorDiv(total, 2);
                } else {
                    int b0 = p == null ? 0 : (int) p[i];
                    int a0 = p == null ? 0 : (int) p[i + k];
                    before[i] = b0;
                    out[i] = full - b0 - a0;
                }
            }
        }
        OnnxConvMaps.Geometry g = new OnnxConvMaps.Geometry(spatial, out, kernel, strides, dilations, before);
        OnnxLinear.Map map = transposed ? OnnxConvMaps.convTranspose(node, channels, g, w, b, groups)
                : OnnxConvMaps.conv(node, channels, g, w, b, groups);
        int[] outShape = new int[k + 1];
        outShape[0] = filters;
        System.arraycopy(out, 0, outShape, 1, k);
        t.bind(node, 0, OnnxLinear.emit(spec, node, x, map, outShape, false));
    }

    void convTranspose(OnnxNode node, List<Object> in) {
        Sym x = sym(node, in, 0);
        Tensor w = constant(node, in, 1, "the kernel");
        if (w.rank() != x.shape().length + 1) {
            throw node.error("kernel of shape " + Arrays.toString(w.shape()) + " for an input of rank " + (x.shape().length + 1));
        }
        linearConv(node, x, w, constant(node, in, 2, "the bias"), (int) node.integer("group", 1), true);
    }
}
