#!/usr/bin/env python3
"""Golden fixtures for netjac's tensor layers (docs/layers-tensor.md), computed by NumPy itself: each layer's
forward is the NumPy function it is defined to be (numpy.transpose, numpy.pad, basic slicing, broadcast_to,
reductions), never a transcription of netjac's code.

Writes tensor_golden.json: a list of cases, each {"name", "spec" (a complete netjac spec with one layer and
inline weights), "x", "y", "jacobian"} with x and y flattened row-major and the Jacobian a flat out x in
matrix. For the layers that are affine in x (everything but reduce_max) the Jacobian is NumPy's too, column
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
                  "y": np.asarray(y, dtype=np.float64).reshape(-1).tolist(), "jacobian": jac.reshape(-1).tolist()})


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

with open("tensor_golden.json", "w") as out:
    json.dump(cases, out, separators=(",", ":"))
    out.write("\n")
print(len(cases), "cases")
