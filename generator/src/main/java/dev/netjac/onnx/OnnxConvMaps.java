package dev.netjac.onnx;

import dev.netjac.weights.Tensor;

/**
 * Convolutions and average pools of any rank as one linear map on the ONNX-order (C, s1..sk) tensor: grouped and
 * depthwise convolution, 3-D convolution, ConvTranspose, and average pooling with ceil_mode or in 3-D. This is the
 * fallback for what netjac's conv1d/conv2d and pooling layers do not cover (until im2col "patches" layers
 * arrive); {@link OnnxLinear} bounds the matrix size.
 */
final class OnnxConvMaps {
    private OnnxConvMaps() {}

    /** Geometry over k spatial axes. */
    record Geometry(int[] in, int[] out, int[] kernel, int[] strides, int[] dilations, int[] padBefore) {
        int outSize() {
            return OnnxShapes.size(out);
        }

        int inSize() {
            return OnnxShapes.size(in);
        }
    }

    /** Conv: W (M, C/g, k...), bias (M) or null; input channels C. */
    static OnnxLinear.Map conv(OnnxNode node, int channels, Geometry g, Tensor w, Tensor bias, int groups) {
        int m = w.dim(0);
        int cg = w.dim(1);
        int mg = m / groups;
        int kSize = OnnxShapes.size(g.kernel());
        OnnxLinear.Map map = OnnxLinear.Map.of(node, channels * g.inSize(), m * g.outSize(), "a convolution");
        int[] o = new int[g.out().length];
        int[] kk = new int[g.kernel().length];
        int[] inStrides = OnnxShapes.strides(g.in());
        for (int f = 0; f < m; f++) {
            int group = f / mg;
            for (int op = 0; op < g.outSize(); op++) {
                unflatten(op, g.out(), o);
                int row = f * g.outSize() + op;
                if (bias != null) {
                    map.bias()[row] = bias.get(f);
                }
                for (int kp = 0; kp < kSize; kp++) {
                    unflatten(kp, g.kernel(), kk);
                    int offset = 0;
                    boolean inside = true;
                    for (int a = 0; a < o.length && inside; a++) {
                        int i = o[a] * g.strides()[a] - g.padBefore()[a] + kk[a] * g.dilations()[a];
                        inside = i >= 0 && i < g.in()[a];
                        offset += i * inStrides[a];
                    }
                    if (!inside) {
                        continue;
                    }
                    for (int c = 0; c < cg; c++) {
                        int channel = group * cg + c;
                        map.set(row, channel * g.inSize() + offset, w.get((f * cg + c) * kSize + kp));
                    }
                }
            }
        }
        return map;
    }

    /** ConvTranspose: W (C, M/g, k...), bias (M) or null; output channels M = W.dim(1)·groups. */
    static OnnxLinear.Map convTranspose(OnnxNode node, int channels, Geometry g, Tensor w, Tensor bias, int groups) {
        int cg = channels / groups;
        int mg = w.dim(1);
        int m = mg * groups;
        int kSize = OnnxShapes.size(g.kernel());
        OnnxLinear.Map map = OnnxLinear.Map.of(node, channels * g.inSize(), m * g.outSize(), "a transposed convolution");
        if (bias != null) {
            for (int f = 0; f < m; f++) {
                for (int op = 0; op < g.outSize(); op++) {
                    map.bias()[f * g.outSize() + op] = bias.get(f);
                }
            }
        }
        int[] i = new int[g.in().length];
        int[] kk = new int[g.kernel().length];
        int[] outStrides = OnnxShapes.strides(g.out());
        for (int ip = 0; ip < g.inSize(); ip++) {
            unflatten(ip, g.in(), i);
            for (int kp = 0; kp < kSize; kp++) {
                unflatten(kp, g.kernel(), kk);
                int offset = 0;
                boolean inside = true;
                for (int a = 0; a < i.length && inside; a++) {
                    int o = i[a] * g.strides()[a] - g.padBefore()[a] + kk[a] * g.dilations()[a];
                    inside = o >= 0 && o < g.out()[a];
                    offset += o * outStrides[a];
                }
                if (!inside) {
                    continue;
                }
                for (int c = 0; c < channels; c++) {
                    int group = c / cg;
                    for (int f = 0; f < mg; f++) {
                        int filter = group * mg + f;
                        map.set(filter * g.outSize() + offset, c * g.inSize() + ip, w.get((c * mg + f) * kSize + kp));
                    }
                }
            }
        }
        return map;
    }

    /**
     * Average pool per channel. {@code padAfter} bounds the windows that count padding: with count_include_pad a
     * window counts its cells inside [-before, in + after); without, only cells inside the input.
     */
    static OnnxLinear.Map averagePool(OnnxNode node, int channels, Geometry g, int[] padAfter, boolean includePad) {
        int kSize = OnnxShapes.size(g.kernel());
        OnnxLinear.Map map = OnnxLinear.Map.of(node, channels * g.inSize(), channels * g.outSize(), "an average pool");
        int[] o = new int[g.out().length];
        int[] kk = new int[g.kernel().length];
        int[] inStrides = OnnxShapes.strides(g.in());
        int[] offsets = new int[kSize];
        for (int op = 0; op < g.outSize(); op++) {
            unflatten(op, g.out(), o);
            int count = 0;
            int found = 0;
            for (int kp = 0; kp < kSize; kp++) {
                unflatten(kp, g.kernel(), kk);
                int offset = 0;
                boolean inside = true;
                boolean counted = true;
                for (int a = 0; a < o.length; a++) {
                    int i = o[a] * g.strides()[a] - g.padBefore()[a] + kk[a];
                    inside &= i >= 0 && i < g.in()[a];
                    counted &= i >= -g.padBefore()[a] && i < g.in()[a] + padAfter[a];
                    offset += i * inStrides[a];
                }
                if (includePad ? counted : inside) {
                    count++;
                }
                if (inside) {
                    offsets[found++] = offset;
                }
            }
            for (int c = 0; c < channels; c++) {
                for (int j = 0; j < found; j++) {
                    map.set(c * g.outSize() + op, c * g.inSize() + offsets[j], 1.0 / count);
                }
            }
        }
        return map;
    }

    private static void unflatten(int flat, int[] shape, int[] index) {
        for (int a = shape.length - 1; a >= 0; a--) {
            index[a] = flat % shape[a];
            flat /= shape[a];
        }
    }
}
