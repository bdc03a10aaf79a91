#!/usr/bin/env python3
"""Golden fixtures for netjac's tensor layers (docs/layers-tensor.md), computed by NumPy itself: each layer's
forward is the NumPy function it is defined to be (numpy.transpose, numpy.pad, basic slicing, broadcast_to,
reductions), never a transcription of netjac's code.

Writes tensor_golden.json: a list of cases, each {"name", "spec" (a complete netjac spec with one layer and
inline weights), "x", "y", "jacobian"} with x and y flattened row-major and the Jacobian's non-zero
entries as [output, input, value] triples (all others are 0). For the layers that are affine in x (everything but reduce_max) the Jacobian is NumPy's too, column
j being f(e_j) - f(0); for reduce_max it is the selection of the first maximum in row-major order over the
reduced axes, the documented tie rule.
Rerun with `/usr/bin/python3 make_tensor_golden.py`; the output is deterministic.
"""
import json
import numpy as np

rng = np.random.default_rng(20261203)
cases = []


def spec(shape, layer):
    return {"netjac": 1, "input": {"shape": list(shape)}, "layers": [layer]}


def linear_jacobian(f, shape):
    """Column j = f(e_j) - f(0): exact for a map that is affine in x (copies, constants, sums)."""
    n = int(np.prod(shape))
    base = f(np.zeros(shape)).reshape(-1)
    cols = []
    for j in range(n):
        e = np.zeros(n)
        e[j] = 1.0
        cols.append(f(e.reshape(shape)).reshape(-1) - base)
    return np.stack(cols, axis=1)


def add(name, shape, layer, f, jacobian=None):
    x = rng.standard_normal(shape)
    y = f(x)
    jac = linear_jacobian(f, shape) if jacobian is None else jacobian(x)
    cases.append({"name": name, "spec": spec(shape, layer), "x": x.reshape(-1).tolist(),
                  "y": np.asarray(y, dtype=np.float64).reshape(-1).tolist(),
                  "jacobian": [[int(o), int(j), float(jac[o, j])] for o, j in zip(*np.nonzero(jac))]})


# ---- affine: y = x * scale + offset with NumPy broadcasting
s = rng.standard_normal((3,))
o = rng.standard_normal((2, 1))
add("affine per-column scale, per-row offset", (2, 3), {"type": "affine", "scale": s.tolist(), "offset": o.tolist()},
    lambda x: x * s + o)
add("affine scalar offset", (4,), {"type": "affine", "offset": [0.75]}, lambda x: x + np.array([0.75]))

# ---- transpose
for shape, perm in [((3, 4), [1, 0]), ((2, 3, 4), [2, 0, 1]), ((2, 3, 4), [1, 0, 2]), ((2, 1, 3, 2), [3, 0, 2, 1])]:
    add("transpose %s %s" % (list(shape), perm), shape, {"type": "transpose", "perm": perm},
        lambda x, perm=perm: np.transpose(x, perm))
add("transpose default (2, 3, 4)", (2, 3, 4), {"type": "transpose"}, lambda x: np.transpose(x))

# ---- pad: numpy.pad; a negative count crops the axis first, then the positive counts pad what is left
def pad(x, pads, mode, value=0.0):
    crop = tuple(slice(max(0, -b), x.shape[a] - max(0, -e)) for a, (b, e) in enumerate(pads))
    widths = [(max(0, b), max(0, e)) for b, e in pads]
    if mode == "constant":
        return np.pad(x[crop], widths, mode="constant", constant_values=value)
    return np.pad(x[crop], widths, mode=mode)


for shape, pads, mode, value in [((2, 3), [[1, 0], [2, 1]], "constant", 0.5), ((3, 4), [[2, 1], [3, 2]], "reflect", None),
                                 ((3,), [[7, 5]], "reflect", None), ((1, 3), [[2, 1], [1, 0]], "reflect", None),
                                 ((2, 3), [[0, 2], [1, 3]], "edge", None), ((4, 3), [[-1, 1], [2, -2]], "constant", 0.0),
                                 ((4, 5), [[-1, 2], [3, -2]], "reflect", None), ((2, 2, 3), [[0, 0], [1, 1], [0, 0]], "constant", -2.0)]:
    layer = {"type": "pad", "pads": pads, "mode": mode}
    if value is not None:
        layer["value"] = value
    add("pad %s %s %s" % (mode, list(shape), pads), shape, layer,
        lambda x, pads=pads, mode=mode, value=value: pad(x, pads, mode, value or 0.0))

# ---- slice: Python's basic slicing
for shape, starts, ends, steps in [((3, 10), [1, 2], [3, 9], [1, 1]), ((4, 5), [-1, 0], [0, 100], [-2, 2]),
                                   ((3, 4), [0, 3], [None, None], [1, -1]), ((6,), [-100], [None], [3]),
                                   ((5, 4), [None, -2], [-6, None], [-1, 1]), ((2, 3, 4), [0, 1, 9223372036854775807], [2, -1, -5], [1, 1, -1])]:
    add("slice %s %s %s %s" % (list(shape), starts, ends, steps), shape,
        {"type": "slice", "starts": starts, "ends": ends, "steps": steps},
        lambda x, starts=starts, ends=ends, steps=steps: x[tuple(slice(a, b, c) for a, b, c in zip(starts, ends, steps))])

# ---- broadcast: numpy.broadcast_to
for shape, target in [((3,), [2, 2, 3]), ((2, 1, 3), [2, 4, 3]), ((1,), [5]), ((3, 1), [2, 3, 4])]:
    add("broadcast %s to %s" % (list(shape), target), shape, {"type": "broadcast", "shape": target},
        lambda x, target=target: np.broadcast_to(x, target))


# ---- patches: the dilated, padded input sliced window by window (no shared index formula with netjac)
def patches(x, kernel, strides, dilations, pads, input_dilation, pad_value):
    k = len(kernel)
    shape = [(n - 1) * d + 1 for n, d in zip(x.shape[:k], input_dilation)] + [x.shape[k]]
    grid = np.full(shape, pad_value)
    grid[tuple(slice(None, None, d) for d in input_dilation)] = x
    crop = tuple(slice(max(0, -b), grid.shape[a] - max(0, -e)) for a, (b, e) in enumerate(pads))
    grid = np.pad(grid[crop], [(max(0, b), max(0, e)) for b, e in pads] + [(0, 0)], constant_values=pad_value)
    outs = [(grid.shape[i] - dilations[i] * (kernel[i] - 1) - 1) // strides[i] + 1 for i in range(k)]
    y = np.empty(outs + [int(np.prod(kernel)) * x.shape[k]])
    for o in np.ndindex(*outs):
        window = grid[tuple(slice(o[i] * strides[i], o[i] * strides[i] + dilations[i] * (kernel[i] - 1) + 1, dilations[i])
                            for i in range(k))]
        y[o] = window.reshape(-1)
    return y


for shape, kernel, strides, dilations, pads, input_dilation, pad_value in [
        ((6, 2), [3], [1], [1], [[0, 0]], [1], 0.0),
        ((7, 3), [2], [2], [2], [[1, 2]], [1], 0.0),
        ((5, 4, 2), [2, 2], [2, 1], [1, 2], [[1, 0], [1, 1]], [1, 1], 0.0),
        ((4, 4, 1), [3, 3], [1, 1], [1, 1], [[1, 1], [1, 1]], [1, 1], 0.0),
        ((2, 3, 1), [2, 2], [1, 1], [1, 1], [[1, 1], [1, 0]], [2, 2], 0.25),
        ((3, 3, 2), [3, 3], [1, 1], [1, 1], [[2, 2], [2, 2]], [2, 2], 0.0),
        ((5, 5, 1), [2, 2], [1, 1], [1, 1], [[-1, 0], [0, -1]], [1, 1], 0.0),
        ((3, 2, 3, 2), [2, 1, 2], [1, 1, 2], [1, 1, 1], [[0, 0], [0, 0], [1, 0]], [1, 1, 1], 0.0)]:
    layer = {"type": "patches", "kernel_size": kernel, "strides": strides, "dilation_rate": dilations, "pads": pads,
             "input_dilation": input_dilation, "pad_value": pad_value}
    add("patches %s k%s s%s d%s p%s id%s" % (list(shape), kernel, strides, dilations, pads, input_dilation), shape, layer,
        lambda x, a=(kernel, strides, dilations, pads, input_dilation, pad_value): patches(x, *a))

# ---- reductions: numpy.sum / numpy.mean / numpy.max over a tuple of axes
def first_max_jacobian(x, axes, keepdims):
    """The selection of the first maximum in row-major order over the reduced axes, per output."""
    y = np.max(x, axis=axes, keepdims=True)
    flat_in = np.arange(x.size).reshape(x.shape)
    jac = np.zeros((y.size, x.size))
    moved = np.moveaxis(x, axes, list(range(x.ndim - len(axes), x.ndim)))
    moved_idx = np.moveaxis(flat_in, axes, list(range(x.ndim - len(axes), x.ndim)))
    kept = moved.shape[:x.ndim - len(axes)]
    groups = moved.reshape(int(np.prod(kept)), -1)
    ids = moved_idx.reshape(int(np.prod(kept)), -1)
    for o in range(groups.shape[0]):
        jac[o, ids[o, int(np.argmax(groups[o]))]] = 1.0  # numpy.argmax returns the first maximum
    return jac


for shape, axes, keepdims in [((3, 4), [1], True), ((2, 3, 2), [0, 2], False), ((2, 3, 4), [-2], True),
                              ((3, 2), None, False), ((2, 2, 3), [2, 0], True)]:
    ax = None if axes is None else tuple(axes)
    layer_axes = {} if axes is None else {"axes": axes}
    for kind, f in [("reduce_sum", np.sum), ("reduce_mean", np.mean)]:
        add("%s %s %s%s" % (kind, list(shape), axes, " keepdims" if keepdims else ""), shape,
            dict({"type": kind, "keepdims": keepdims}, **layer_axes),
            lambda x, f=f, ax=ax, keepdims=keepdims: f(x, axis=ax, keepdims=keepdims))
    norm = tuple(range(len(shape))) if axes is None else tuple(a % len(shape) for a in axes)
    add("reduce_max %s %s%s" % (list(shape), axes, " keepdims" if keepdims else ""), shape,
        dict({"type": "reduce_max", "keepdims": keepdims}, **layer_axes),
        lambda x, ax=ax, keepdims=keepdims: np.max(x, axis=ax, keepdims=keepdims),
        lambda x, norm=norm, keepdims=keepdims: first_max_jacobian(x, norm, keepdims))

# reduce_max ties: the first maximum takes the derivative
x_tie = np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]])
cases.append({"name": "reduce_max ties go to the first maximum", "spec": spec((2, 3), {"type": "reduce_max", "axes": [1]}),
              "x": x_tie.reshape(-1).tolist(), "y": [3.0, 2.0], "jacobian": [[0, 1, 1.0], [1, 3, 1.0]]})

# Max pools with padding, built from pad "-inf" or patches with pad_value "-inf", then reduce_max. The input
# has no ties, so the Jacobian selects, for each output, the one input equal to it.
def value_selection(x, y):
    flat = x.reshape(-1)
    return [[o, int(np.flatnonzero(flat == v)[0]), 1.0] for o, v in enumerate(np.asarray(y).reshape(-1))]


x_pool = rng.standard_normal((4, 4, 1))
grid = np.pad(x_pool, [(1, 1), (1, 1), (0, 0)], constant_values=-np.inf)
dilated = np.array([[grid[i:i + 3:2, j:j + 3:2, 0].max() for j in range(4)] for i in range(4)])
strided = np.array([[grid[i:i + 3, j:j + 3, 0].max() for j in range(0, 4, 2)] for i in range(0, 4, 2)])
for name, layers, y in [
        ("dilated max pool: patches -inf + reshape + reduce_max", [
            {"type": "patches", "kernel_size": [2, 2], "dilation_rate": [2, 2], "pads": [[1, 1], [1, 1]], "pad_value": "-inf"},
            {"type": "reshape", "target_shape": [4, 4, 4, 1]},
            {"type": "reduce_max", "axes": [2], "keepdims": False}], dilated),
        ("max pool with padding: pad -inf + patches + reshape + reduce_max", [
            {"type": "pad", "pads": [[1, 1], [1, 1], [0, 0]], "value": "-inf"},
            {"type": "patches", "kernel_size": [3, 3], "strides": [2, 2]},
            {"type": "reshape", "target_shape": [2, 2, 9, 1]},
            {"type": "reduce_max", "axes": [2], "keepdims": False}], strided)]:
    cases.append({"name": name, "spec": {"netjac": 1, "input": {"shape": [4, 4, 1]}, "layers": layers},
                  "x": x_pool.reshape(-1).tolist(), "y": y.reshape(-1).tolist(), "jacobian": value_selection(x_pool, y)})

with open("tensor_golden.json", "w") as out:
    json.dump(cases, out, separators=(",", ":"))
    out.write("\n")
print(len(cases), "cases")
