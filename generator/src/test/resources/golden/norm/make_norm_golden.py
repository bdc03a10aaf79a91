#!/usr/bin/env python3
"""Golden fixtures for netjac's normalization, view and rank>1 dense layers, computed in NumPy only.

Independent of netjac: the forward pass is written here from the Keras definitions
  batch_normalization: y = (x - moving_mean) / sqrt(moving_variance + eps) * gamma + beta  (per channel of `axis`)
  layer_normalization: mean/biased variance over the normalized axes, y = (x - mean) / sqrt(var + eps) * gamma + beta
  dense (rank > 1):    y = x @ kernel + bias on the last axis (np.matmul broadcasting)
  reshape/dropout/identity: values unchanged
and the Jacobian by the complex step, J[:, j] = Im f(x + i h e_j) / h with h = 1e-30, exact to rounding (every
function here is analytic; nothing takes abs or compares).

Each folder: spec.json, weights as .npy (float64), x.npy (5, *input_shape), y.npy (5, M), jac.npy (5, M, N).
Run from this folder: python3 make_norm_golden.py
"""
import json
import os

import numpy as np

POINTS = 5
H = 1e-30
HERE = os.path.dirname(os.path.abspath(__file__))


def batch_norm(x, layer, w):
    axis = layer.get("axis", -1) % x.ndim
    c = x.shape[axis]
    shape = [1] * x.ndim
    shape[axis] = c
    eps = layer.get("epsilon", 1e-3)
    mean = w["moving_mean"].reshape(shape)
    var = w["moving_variance"].reshape(shape)
    y = (x - mean) / np.sqrt(var + eps)
    if layer.get("scale", True):
        y = y * w["gamma"].reshape(shape)
    if layer.get("center", True):
        y = y + w["beta"].reshape(shape)
    return y


def layer_norm(x, layer, w):
    axis = layer.get("axis", -1)
    axes = tuple(a % x.ndim for a in (axis if isinstance(axis, list) else [axis]))
    eps = layer.get("epsilon", 1e-3)
    mean = np.mean(x, axis=axes, keepdims=True)
    var = np.mean((x - mean) ** 2, axis=axes, keepdims=True)
    y = (x - mean) / np.sqrt(var + eps)
    pshape = [x.shape[d] if d in axes else 1 for d in range(x.ndim)]
    if layer.get("scale", True):
        y = y * w["gamma"].reshape(pshape)
    if layer.get("center", True):
        y = y + w["beta"].reshape(pshape)
    return y


def dense(x, layer, w):
    y = np.matmul(x, w["kernel"])
    if layer.get("use_bias", True):
        y = y + w["bias"]
    act = layer.get("activation", "linear")
    if act == "tanh":
        y = np.tanh(y)
    elif act != "linear":
        raise ValueError(act)
    return y


def apply(layers, weights, x):
    """x has the input shape (no batch); may be complex."""
    for layer, w in zip(layers, weights):
        t = layer["type"]
        if t == "batch_normalization":
            x = batch_norm(x, layer, w)
        elif t == "layer_normalization":
            x = layer_norm(x, layer, w)
        elif t == "dense":
            x = dense(x, layer, w)
        elif t == "reshape":
            x = x.reshape(layer["target_shape"])
        elif t == "flatten":
            x = x.reshape(-1)
        elif t in ("dropout", "identity"):
            pass
        elif t == "tanh":
            x = np.tanh(x)
        else:
            raise ValueError(t)
    return x


def jacobian(layers, weights, x):
    n = x.size
    cols = []
    for j in range(n):
        step = np.zeros(n, dtype=complex)
        step[j] = 1j * H
        y = apply(layers, weights, x.astype(complex) + step.reshape(x.shape))
        cols.append(np.imag(y).reshape(-1) / H)
    return np.stack(cols, axis=1)


def make(name, input_shape, layers, rng):
    """layers: list of (spec dict, {weight name: array}); writes the folder."""
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    specs = []
    weights = []
    for k, (spec, w) in enumerate(layers):
        spec = dict(spec)
        for field, value in w.items():
            file = "l%d_%s.npy" % (k, field)
            np.save(os.path.join(folder, file), np.asarray(value, dtype=np.float64))
            spec[field] = file
        specs.append(spec)
        weights.append(w)
    with open(os.path.join(folder, "spec.json"), "w") as f:
        json.dump({"netjac": 1, "name": name, "input": {"shape": list(input_shape)}, "layers": specs}, f, indent=1)
    xs = rng.standard_normal((POINTS,) + tuple(input_shape)) * 1.5 + 0.3
    ys = np.stack([apply(specs, weights, x).reshape(-1) for x in xs])
    jacs = np.stack([jacobian(specs, weights, x) for x in xs])
    np.save(os.path.join(folder, "x.npy"), xs)
    np.save(os.path.join(folder, "y.npy"), ys)
    np.save(os.path.join(folder, "jac.npy"), jacs)
    print(name, tuple(input_shape), "->", ys.shape[1])


def bn_weights(rng, c, scale=True, center=True):
    w = {}
    if scale:
        w["gamma"] = rng.standard_normal(c) * 0.8 + 1.0
    if center:
        w["beta"] = rng.standard_normal(c) * 0.5
    w["moving_mean"] = rng.standard_normal(c) * 0.7
    w["moving_variance"] = rng.uniform(0.05, 3.0, c)
    return w


def ln_weights(rng, shape, scale=True, center=True):
    w = {}
    if scale:
        w["gamma"] = rng.standard_normal(shape) * 0.8 + 1.0
    if center:
        w["beta"] = rng.standard_normal(shape) * 0.5
    return w


def dense_weights(rng, n_in, units, bias=True):
    w = {"kernel": rng.standard_normal((n_in, units)) / np.sqrt(n_in)}
    if bias:
        w["bias"] = rng.standard_normal(units) * 0.3
    return w


def main():
    rng = np.random.default_rng(20261127)
    make("bn_vector", [6], [({"type": "batch_normalization"}, bn_weights(rng, 6))], rng)
    make("bn_hwc_no_scale", [3, 4, 5],
         [({"type": "batch_normalization", "scale": False, "epsilon": 0.01}, bn_weights(rng, 5, scale=False))], rng)
    make("bn_steps_no_center", [4, 3],
         [({"type": "batch_normalization", "center": False, "epsilon": 1e-5}, bn_weights(rng, 3, center=False))], rng)
    make("bn_steps_plain", [4, 3],
         [({"type": "batch_normalization", "center": False, "scale": False}, bn_weights(rng, 3, False, False))], rng)
    make("bn_axis0", [3, 4],
         [({"type": "batch_normalization", "axis": 0}, bn_weights(rng, 3))], rng)
    make("ln_last", [4, 6], [({"type": "layer_normalization"}, ln_weights(rng, (6,)))], rng)
    make("ln_trailing2", [2, 3, 4],
         [({"type": "layer_normalization", "axis": [-2, -1], "epsilon": 1e-5}, ln_weights(rng, (3, 4)))], rng)
    make("ln_plain_vector", [5],
         [({"type": "layer_normalization", "axis": 0, "center": False, "scale": False}, {})], rng)
    # Groups of two: the Jacobian is ~eps / var, reached by cancellation (compared absolutely by the test).
    make("ln_pairs", [3, 2],
         [({"type": "layer_normalization", "epsilon": 1e-5}, ln_weights(rng, (2,)))], rng)
    make("dense_rank2", [3, 5],
         [({"type": "dense", "units": 4, "activation": "tanh"}, dense_weights(rng, 5, 4))], rng)
    make("dense_rank3", [2, 3, 4],
         [({"type": "dense", "units": 2, "use_bias": False}, dense_weights(rng, 4, 2, bias=False))], rng)
    make("chain", [4, 6], [
        ({"type": "dense", "units": 5}, dense_weights(rng, 6, 5)),
        ({"type": "layer_normalization"}, ln_weights(rng, (5,))),
        ({"type": "tanh"}, {}),
        ({"type": "batch_normalization"}, bn_weights(rng, 5)),
        ({"type": "reshape", "target_shape": [2, -1]}, {}),
        ({"type": "dropout", "rate": 0.25}, {}),
        ({"type": "layer_normalization", "axis": -1, "center": False}, ln_weights(rng, (10,), center=False)),
        ({"type": "identity"}, {}),
        ({"type": "flatten"}, {}),
        ({"type": "dense", "units": 3}, dense_weights(rng, 20, 3)),
    ], rng)


if __name__ == "__main__":
    main()
