#!/usr/bin/env python3
"""Golden outputs for netjac's conv1d / conv2d, computed independently of the Java code.

Writes conv_cases.json: a list of cases, each with the layer's settings, a random input x, kernel, bias
and the expected output y, all flattened row-major (channels last, Keras's kernel layout (kh, kw, in, out)).
Floats are written with repr(), so they round-trip exactly.

The convolution here is written the other way round from the Java: pad the input explicitly with np.pad
(TensorFlow's 'same' split: floor(total/2) before, the rest after; 'causal': (k-1)*d before), cut the
dilated, strided window of every output position out of the padded array, and contract it with the
kernel by np.einsum. A 1-D case is computed with its own function, not through the 2-D one.

Run from this folder:  python3 make_conv_golden.py
"""
import json
import math

import numpy as np


def same_pads(n, k, s, d):
    out = math.ceil(n / s)
    extent = (k - 1) * d + 1
    total = max((out - 1) * s + extent - n, 0)
    return total // 2, total - total // 2


def conv2d(x, w, b, strides, padding, dilation):
    h, wd, c = x.shape
    kh, kw, c2, f = w.shape
    assert c == c2
    (sy, sx), (dy, dx) = strides, dilation
    if padding == "same":
        top, bottom = same_pads(h, kh, sy, dy)
        left, right = same_pads(wd, kw, sx, dx)
    else:
        top = bottom = left = right = 0
    xp = np.pad(x, ((top, bottom), (left, right), (0, 0)))
    ey, ex = (kh - 1) * dy + 1, (kw - 1) * dx + 1
    oh = (xp.shape[0] - ey) // sy + 1
    ow = (xp.shape[1] - ex) // sx + 1
    y = np.zeros((oh, ow, f))
    for i in range(oh):
        for j in range(ow):
            window = xp[i * sy: i * sy + ey: dy, j * sx: j * sx + ex: dx, :]  # (kh, kw, c)
            y[i, j, :] = np.einsum("abc,abcf->f", window, w)
    if b is not None:
        y += b
    return y


def conv1d(x, w, b, stride, padding, dilation):
    n, c = x.shape
    k, c2, f = w.shape
    assert c == c2
    extent = (k - 1) * dilation + 1
    if padding == "same":
        before, after = same_pads(n, k, stride, dilation)
    elif padding == "causal":
        before, after = extent - 1, 0
    else:
        before = after = 0
    xp = np.pad(x, ((before, after), (0, 0)))
    out = (xp.shape[0] - extent) // stride + 1
    y = np.zeros((out, f))
    for t in range(out):
        window = xp[t * stride: t * stride + extent: dilation, :]  # (k, c)
        y[t, :] = np.tensordot(window, w, axes=([0, 1], [0, 1]))
    if b is not None:
        y += b
    return y


CASES_2D = [
    # name, input (h, w, c), kernel (kh, kw), filters, strides, padding, dilation, bias
    ("valid_3x3_s1_c1_bias", (6, 7, 1), (3, 3), 2, (1, 1), "valid", (1, 1), True),
    ("valid_3x3_s2_c3_nobias", (7, 8, 3), (3, 3), 4, (2, 2), "valid", (1, 1), False),
    ("same_3x3_s1_c3_bias", (5, 6, 3), (3, 3), 2, (1, 1), "same", (1, 1), True),
    ("same_2x2_even_s1_c1_bias", (5, 5, 1), (2, 2), 3, (1, 1), "same", (1, 1), True),
    ("same_4x4_even_s2_c3_nobias", (7, 6, 3), (4, 4), 2, (2, 2), "same", (1, 1), False),
    ("same_3x3_s3_c1_bias", (8, 7, 1), (3, 3), 2, (3, 3), "same", (1, 1), True),
    ("valid_2x3_s3_c3_bias", (9, 10, 3), (2, 3), 2, (3, 3), "valid", (1, 1), True),
    ("valid_3x3_d2_c3_bias", (8, 9, 3), (3, 3), 2, (1, 1), "valid", (2, 2), True),
    ("same_3x2_d2_c1_nobias", (6, 7, 1), (3, 2), 3, (1, 1), "same", (2, 2), False),
    ("same_3x1_s2x1_c3_bias", (5, 4, 3), (3, 1), 2, (2, 1), "same", (1, 1), True),
    ("valid_1x1_c3_bias", (4, 5, 3), (1, 1), 4, (1, 1), "valid", (1, 1), True),
    ("valid_4x4_output_1x1_c1_bias", (4, 4, 1), (4, 4), 2, (1, 1), "valid", (1, 1), True),
    ("same_5x5_s2_kernel_bigger_than_input_c1", (3, 3, 1), (5, 5), 2, (2, 2), "same", (1, 1), True),
    ("same_2x2_s2_d2_c3_bias", (7, 6, 3), (2, 2), 2, (2, 2), "same", (2, 2), True),
]

CASES_1D = [
    # name, input (steps, c), kernel, filters, stride, padding, dilation, bias
    ("valid_k3_s1_c2_bias", (9, 2), 3, 3, 1, "valid", 1, True),
    ("same_k4_even_s2_c1_nobias", (10, 1), 4, 2, 2, "same", 1, False),
    ("same_k3_s3_c3_bias", (10, 3), 3, 1, 3, "same", 1, True),
    ("causal_k3_s1_d2_c3_bias", (8, 3), 3, 2, 1, "causal", 2, True),
    ("causal_k2_s2_c2_bias", (7, 2), 2, 2, 2, "causal", 1, True),
    ("valid_k3_s2_d2_c2_nobias", (11, 2), 3, 3, 2, "valid", 2, False),
    ("same_k2_d3_c1_bias", (6, 1), 2, 2, 1, "same", 3, True),
]


def main():
    rng = np.random.default_rng(20261127)
    cases = []
    for name, shape, (kh, kw), f, strides, padding, dilation, bias in CASES_2D:
        x = rng.standard_normal(shape)
        w = rng.standard_normal((kh, kw, shape[2], f))
        b = rng.standard_normal(f) if bias else None
        y = conv2d(x, w, b, strides, padding, dilation)
        cases.append({"name": "conv2d_" + name, "type": "conv2d", "input_shape": list(shape),
                      "kernel_shape": list(w.shape), "strides": list(strides), "padding": padding,
                      "dilation_rate": list(dilation), "x": x.ravel().tolist(), "kernel": w.ravel().tolist(),
                      "bias": None if b is None else b.tolist(), "output_shape": list(y.shape),
                      "y": y.ravel().tolist()})
    for name, shape, k, f, stride, padding, dilation, bias in CASES_1D:
        x = rng.standard_normal(shape)
        w = rng.standard_normal((k, shape[1], f))
        b = rng.standard_normal(f) if bias else None
        y = conv1d(x, w, b, stride, padding, dilation)
        cases.append({"name": "conv1d_" + name, "type": "conv1d", "input_shape": list(shape),
                      "kernel_shape": list(w.shape), "strides": [stride], "padding": padding,
                      "dilation_rate": [dilation], "x": x.ravel().tolist(), "kernel": w.ravel().tolist(),
                      "bias": None if b is None else b.tolist(), "output_shape": list(y.shape),
                      "y": y.ravel().tolist()})
    # Cross-check: a 1-D convolution equals the 2-D one on a (1, steps, c) image when padding is not causal.
    for case in cases:
        if case["type"] == "conv1d" and case["padding"] != "causal":
            x = np.array(case["x"]).reshape(case["input_shape"])[None]
            w = np.array(case["kernel"]).reshape(case["kernel_shape"])[None]
            b = None if case["bias"] is None else np.array(case["bias"])
            y2 = conv2d(x, w, b, (1, case["strides"][0]), case["padding"], (1, case["dilation_rate"][0]))
            assert np.allclose(y2.ravel(), case["y"], rtol=0, atol=1e-13), case["name"]
    # Cross-check the window extraction against SciPy's correlate where the dilation is 1 (when SciPy is there).
    try:
        from scipy.signal import correlate
    except ImportError:
        correlate = None
    checked = 0
    for case in cases:
        if correlate is None or case["type"] != "conv2d" or case["dilation_rate"] != [1, 1]:
            continue
        x = np.array(case["x"]).reshape(case["input_shape"])
        w = np.array(case["kernel"]).reshape(case["kernel_shape"])
        kh, kw, _, f = w.shape
        sy, sx = case["strides"]
        pads = (same_pads(x.shape[0], kh, sy, 1), same_pads(x.shape[1], kw, sx, 1), (0, 0)) \
            if case["padding"] == "same" else ((0, 0), (0, 0), (0, 0))
        xp = np.pad(x, pads)
        full = np.stack([correlate(xp, w[:, :, :, k], mode="valid")[:, :, 0] for k in range(f)], axis=-1)
        y = full[::sy, ::sx, :] + (0 if case["bias"] is None else np.array(case["bias"]))
        assert y.shape == tuple(case["output_shape"]), case["name"]
        assert np.allclose(y.ravel(), case["y"], rtol=0, atol=1e-12), case["name"]
        checked += 1
    print("scipy cross-check:", checked, "cases")
    with open("conv_cases.json", "w") as out:
        json.dump(cases, out, indent=1)
        out.write("\n")
    print("wrote", len(cases), "cases to conv_cases.json")


if __name__ == "__main__":
    main()
