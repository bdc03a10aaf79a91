#!/usr/bin/env python3
"""Golden fixtures for netjac's standalone activation layers (issue 5), from an independent NumPy
implementation written after Keras's own code (numpy only, float64, deterministic).

Writes act_golden.json: a list of cases, each {"name", "spec" (a complete netjac spec with one layer and
inline weights), "x", "y", "jacobian"} with x, y flattened row-major and the jacobian a flat out x in
matrix. Inputs include points exactly at every kink (0, threshold, max_value, theta) where the derivative
follows netjac's convention (docs/layers-activations.md):
  relu(options):    1 on the open interval (threshold, max_value), 0 on [max_value, inf), negative_slope
                    for x <= threshold; value at the threshold is Keras's x * (x > threshold) = 0
  thresholded_relu: 1 for x > theta, else 0
  prelu, leaky_relu: 1 for x > 0, else alpha (also at 0);  elu: 1 for x > 0, else alpha * exp(x)
Rerun with `python3 make_act_golden.py`; the output is deterministic.
"""
import json
import numpy as np

rng = np.random.default_rng(20240505)


def keras_relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Keras 2/3 backend relu, transcribed step by step (tf ops -> numpy)."""
    if negative_slope != 0.0:
        if max_value is None and threshold == 0:
            return np.where(x > 0, x, negative_slope * x)  # tf.nn.leaky_relu
        negative_part = np.maximum(-x + threshold, 0.0)
    clip_max = max_value is not None
    if threshold != 0:
        x = x * (x > threshold).astype(np.float64)
    elif max_value == 6:
        x = np.minimum(np.maximum(x, 0.0), 6.0)
        clip_max = False
    else:
        x = np.maximum(x, 0.0)
    if clip_max:
        x = np.clip(x, 0.0, max_value)
    if negative_slope != 0.0:
        x = x - negative_slope * negative_part
    return x


def relu_slope(x, negative_slope=0.0, max_value=None, threshold=0.0):
    cap = np.inf if max_value is None else max_value
    inside = (x > threshold) & ((x < cap) | (cap == np.inf))
    return np.where(x <= threshold, negative_slope, np.where(inside, 1.0, 0.0))


def diag(d):
    return np.diag(d.reshape(-1))


def softmax_last(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def block_jacobian(x, block):
    """Jacobian of a map applied independently to each last-axis row; block(row) gives (n x n)."""
    n = x.shape[-1]
    rows = x.reshape(-1, n)
    size = rows.size
    jac = np.zeros((size, size))
    for g, row in enumerate(rows):
        jac[g * n:(g + 1) * n, g * n:(g + 1) * n] = block(row)
    return jac


cases = []


def add(name, shape, layer, x, y, jac):
    spec = {"netjac": 1, "name": "Act", "input": {"shape": list(shape)}, "layers": [layer]}
    cases.append({"name": name, "spec": spec, "x": x.reshape(-1).tolist(), "y": y.reshape(-1).tolist(),
                  "jacobian": np.asarray(jac).reshape(-1).tolist()})


def with_points(shape, points, scale=2.0):
    """A random input of `shape` whose first entries are exactly `points` (kinks and their neighbours)."""
    x = rng.normal(0.0, scale, size=int(np.prod(shape)))
    x[:len(points)] = points
    return x.reshape(shape)


# ---- relu with Keras ReLU-layer options
relu_cases = [
    ("relu_max6", {"max_value": 6.0}, [0.0, 6.0, -1.0, 3.0, 7.5, 5.999999999999999, 1e-300]),
    ("relu_slope_threshold_max", {"max_value": 4.0, "negative_slope": 0.1, "threshold": 0.5},
     [0.5, 4.0, 0.0, -2.0, 0.5000000000000001, 3.9999999999999996, 10.0]),
    ("relu_threshold_only", {"threshold": 1.5}, [1.5, 1.0, 2.0, 0.0, -1.0, 1.5000000000000002]),
    ("relu_slope_only", {"negative_slope": 0.3}, [0.0, -1.0, 2.0, -1e-300]),
    ("relu_slope_threshold", {"negative_slope": 0.25, "threshold": 1.0}, [1.0, 0.0, -3.0, 2.5]),
    ("relu_max0", {"max_value": 0.0}, [0.0, 1.0, -1.0]),
    ("relu_cap_below_threshold", {"max_value": 1.0, "threshold": 2.0, "negative_slope": 0.5}, [2.0, 1.0, 3.0, 0.0]),
    ("relu_defaults_spelled_out", {"max_value": None, "negative_slope": 0.0, "threshold": 0.0}, [0.0, -1.0, 1.0]),
]
for name, opts, points in relu_cases:
    shape = (3, 4) if name == "relu_slope_threshold_max" else (10,)
    x = with_points(shape, points, 3.0)
    kw = dict(negative_slope=opts.get("negative_slope", 0.0), max_value=opts.get("max_value"),
              threshold=opts.get("threshold", 0.0))
    layer = {"type": "relu", **opts}
    add(name, shape, layer, x, keras_relu(x, **kw), diag(relu_slope(x, **kw)))

# ---- thresholded_relu (Keras/TF.js: x * (x > theta))
for name, theta, points in [("thresholded_relu_default", None, [1.0, 0.5, 1.0000000000000002, 0.0, -2.0]),
                            ("thresholded_relu_theta", 0.25, [0.25, 0.0, -0.5, 0.3])]:
    t = 1.0 if theta is None else theta
    x = with_points((2, 5), points)
    layer = {"type": "thresholded_relu"} if theta is None else {"type": "thresholded_relu", "theta": theta}
    add(name, (2, 5), layer, x, x * (x > t).astype(np.float64), diag(np.where(x > t, 1.0, 0.0)))

# ---- prelu (Keras: relu(x) - alpha * relu(-x), alpha broadcast over the shared axes)
for name, shape, shared in [("prelu_rank3_shared01", (2, 3, 4), [0, 1]),
                            ("prelu_rank3_shared1", (2, 3, 4), [1]),
                            ("prelu_rank3_unshared", (2, 3, 4), None),
                            ("prelu_rank2_shared_last", (3, 4), [-1]),
                            ("prelu_rank1", (5,), None)]:
    alpha_shape = list(shape)
    for a in (shared or []):
        alpha_shape[a] = 1
    alpha = rng.uniform(-0.5, 0.8, size=alpha_shape).round(3)
    x = with_points(shape, [0.0, -1.5, 2.0, -0.0])
    y = np.maximum(x, 0.0) - alpha * np.maximum(-x, 0.0)
    d = np.where(x > 0, 1.0, np.broadcast_to(alpha, shape))
    layer = {"type": "prelu", "alpha": alpha.tolist()}
    if shared is not None:
        layer["shared_axes"] = shared
    add(name, shape, layer, x, y, diag(d))

# ---- leaky_relu and elu as standalone layers on a rank-3 input
x = with_points((2, 3, 4), [0.0, -1.0, 1.0])
add("leaky_relu_rank3", (2, 3, 4), {"type": "leaky_relu", "alpha": 0.3}, x, np.where(x > 0, x, 0.3 * x),
    diag(np.where(x > 0, 1.0, 0.3)))
add("elu_rank3", (2, 3, 4), {"type": "elu", "alpha": 0.5}, x, np.where(x > 0, x, 0.5 * np.expm1(x)),
    diag(np.where(x > 0, 1.0, 0.5 * np.exp(x))))

# ---- softmax / log_softmax over the last axis
for shape in [(6,), (3, 5), (2, 3, 4), (4, 1)]:
    x = rng.normal(0.0, 2.0, size=shape)
    tag = "x".join(map(str, shape))
    s = softmax_last(x)
    add("softmax_" + tag, shape, {"type": "softmax", "axis": -1}, x, s,
        block_jacobian(x, lambda r: np.diag(softmax_last(r)) - np.outer(softmax_last(r), softmax_last(r))))
    m = x.max(axis=-1, keepdims=True)
    logsm = x - m - np.log(np.exp(x - m).sum(axis=-1, keepdims=True))
    add("log_softmax_" + tag, shape, {"type": "log_softmax"}, x, logsm,
        block_jacobian(x, lambda r: np.eye(r.size) - np.outer(np.ones(r.size), softmax_last(r))))

with open("act_golden.json", "w") as f:
    json.dump(cases, f, indent=1)
print(len(cases), "cases")
