#!/usr/bin/env python3
"""Golden fixtures for netjac's pooling layers, from an independent NumPy implementation.

NumPy only, written from TensorFlow's documented semantics, with explicit padding and plain loops (no
code shared with netjac's PoolGeometry):

- "valid": windows lie inside the input, out = floor((in - k) / s) + 1.
- "same": out = ceil(in / s); pad_total = max((out - 1) * s + k - in, 0); pad_before = pad_total // 2,
  pad_after = pad_total - pad_before (so odd padding puts the extra cell after).
- max pooling pads with -inf, so padded cells never win; average pooling pads values with 0 and a mask of
  real cells with 0, and divides each window's sum by its number of real cells.
- global pooling reduces over every axis but the channel axis; keepdims keeps them as size 1.

Run from this folder: python3 make_pool_golden.py  (writes pool1d.json, pool2d.json, global.json).
Values are written with Python's repr, which reads back to the exact double.
"""
import json
import numpy as np

rng = np.random.default_rng(20240605)


def out_and_pads(n, k, s, padding):
    if padding == "valid":
        return (n - k) // s + 1, 0, 0
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return out, total // 2, total - total // 2


def pool2d(x, pool, strides, padding, kind):
    H, W, C = x.shape
    oh, top, bottom = out_and_pads(H, pool[0], strides[0], padding)
    ow, left, right = out_and_pads(W, pool[1], strides[1], padding)
    widths = ((top, bottom), (left, right), (0, 0))
    if kind == "max":
        padded = np.pad(x, widths, constant_values=-np.inf)
    else:
        padded = np.pad(x, widths, constant_values=0.0)
        mask = np.pad(np.ones_like(x), widths, constant_values=0.0)
    y = np.zeros((oh, ow, C))
    for i in range(oh):
        for j in range(ow):
            rows = slice(i * strides[0], i * strides[0] + pool[0])
            cols = slice(j * strides[1], j * strides[1] + pool[1])
            if kind == "max":
                y[i, j, :] = padded[rows, cols, :].max(axis=(0, 1))
            else:
                y[i, j, :] = padded[rows, cols, :].sum(axis=(0, 1)) / mask[rows, cols, :].sum(axis=(0, 1))
    return y


def pool1d(x, pool, stride, padding, kind):
    n, C = x.shape
    out, before, after = out_and_pads(n, pool, stride, padding)
    y = np.zeros((out, C))
    for i in range(out):
        for c in range(C):
            values = []
            for t in range(i * stride - before, i * stride - before + pool):
                if 0 <= t < n:  # padded cells are simply absent
                    values.append(x[t, c])
            y[i, c] = max(values) if kind == "max" else sum(values) / len(values)
    return y


def global_pool(x, kind, keepdims):
    axes = tuple(range(x.ndim - 1))
    return x.max(axis=axes, keepdims=keepdims) if kind == "max" else x.mean(axis=axes, keepdims=keepdims)


def case(layer, x, y):
    return {"layer": layer, "input_shape": list(x.shape), "x": [float(v) for v in x.ravel()],
            "output_shape": list(y.shape), "y": [float(v) for v in y.ravel()]}


def make_2d():
    cases = []
    # (input shape, pool, strides or None, padding, how to write the fields)
    grid = [
        ((5, 7, 2), (2, 2), None, "valid"), ((5, 7, 2), (2, 2), None, "same"),
        ((6, 6, 3), (3, 3), (1, 1), "valid"), ((6, 6, 3), (3, 3), (1, 1), "same"),
        ((6, 6, 3), (3, 3), (2, 2), "same"), ((6, 6, 3), (3, 3), (3, 3), "same"),
        ((7, 5, 1), (2, 3), (2, 1), "valid"), ((7, 5, 1), (2, 3), (2, 1), "same"),
        ((5, 5, 2), (4, 4), (1, 1), "same"), ((5, 5, 2), (4, 2), (3, 2), "same"),
        ((4, 6, 2), (3, 2), (3, 3), "valid"), ((4, 6, 2), (1, 1), (2, 2), "same"),
        ((4, 4, 2), (4, 4), None, "valid"), ((3, 3, 1), (5, 5), (2, 2), "same"),
        ((8, 3, 2), (3, 3), (2, 3), "same"), ((1, 1, 3), (2, 2), None, "same"),
    ]
    for shape, pool, strides, padding in grid:
        x = rng.standard_normal(shape)
        for kind in ("max", "average"):
            layer = {"type": kind + "_pooling2d", "pool_size": list(pool), "padding": padding}
            if pool[0] == pool[1] and len(cases) % 3 == 0:
                layer["pool_size"] = pool[0]  # the int form
            if strides is not None:
                layer["strides"] = list(strides) if strides[0] != strides[1] else strides[0]
            y = pool2d(x, pool, strides or pool, padding, kind)
            cases.append(case(layer, x, y))
    return cases


def make_1d():
    cases = []
    grid = [
        ((7, 2), 2, None, "valid"), ((7, 2), 2, None, "same"), ((7, 2), 3, 1, "same"),
        ((8, 3), 3, 2, "same"), ((8, 3), 3, 3, "valid"), ((8, 3), 4, 1, "same"),
        ((5, 1), 5, None, "valid"), ((5, 1), 4, 3, "same"), ((6, 2), 1, 2, "valid"),
        ((2, 3), 3, 2, "same"),
    ]
    for shape, pool, stride, padding in grid:
        x = rng.standard_normal(shape)
        for kind in ("max", "average"):
            layer = {"type": kind + "_pooling1d", "pool_size": pool if len(cases) % 2 == 0 else [pool], "padding": padding}
            if stride is not None:
                layer["strides"] = stride
            y = pool1d(x, pool, stride or pool, padding, kind)
            cases.append(case(layer, x, y))
    return cases


def make_global():
    cases = []
    for shape in [(5, 3), (1, 4), (4, 5, 2), (3, 3, 1), (1, 1, 3)]:
        x = rng.standard_normal(shape)
        rank = len(shape) - 1
        for kind in ("max", "average"):
            for keepdims in (False, True):
                layer = {"type": "global_%s_pooling%dd" % (kind, rank)}
                if keepdims:
                    layer["keepdims"] = True
                cases.append(case(layer, x, global_pool(x, kind, keepdims)))
    return cases


if __name__ == "__main__":
    for name, cases in (("pool2d.json", make_2d()), ("pool1d.json", make_1d()), ("global.json", make_global())):
        with open(name, "w") as f:
            json.dump({"generator": "make_pool_golden.py (NumPy %s)" % np.__version__, "cases": cases}, f, indent=None)
            f.write("\n")
        print(name, len(cases), "cases")
