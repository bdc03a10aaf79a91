#!/usr/bin/python3
"""Writes Keras model files with h5py, exactly in the layouts Keras's own saving code writes, plus float64
NumPy reference outputs and Jacobians computed by an independent NumPy implementation of the same layers.

Keras cannot be installed here, so the files are written from the layouts in Keras's source (see README.md):
  - Keras 2 .h5 (model.save("x.h5")), keras/src/legacy/saving/legacy_h5_format.py: root attributes
    keras_version, backend, model_config (JSON); group model_weights with attribute layer_names, one group per
    layer with attribute weight_names ("dense/kernel:0") and datasets at model_weights/<layer>/<weight name>.
  - Keras 3 .keras (model.save("x.keras")), keras/src/saving/saving_lib.py: a zip holding metadata.json,
    config.json and model.weights.h5, whose datasets are layers/<layer>/vars/0, 1, ... in creation order.

Run with /usr/bin/python3 (Debian's numpy and h5py); output goes to generator/src/test/resources/keras/.
Deterministic: weights and inputs come from numpy.random.default_rng(seed).
"""
import io
import json
import os
import zipfile

import h5py
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "generator", "src", "test", "resources", "keras")


# ---------------------------------------------------------------- the independent NumPy reference

def act(name, z):
    """Activation value and its Jacobian (as a matrix) for a flat vector z."""
    if name == "linear":
        return z, np.eye(z.size)
    if name == "relu":
        return np.maximum(z, 0), np.diag((z > 0).astype(float))
    if name == "tanh":
        t = np.tanh(z)
        return t, np.diag(1 - t * t)
    if name == "sigmoid":
        s = 1 / (1 + np.exp(-z))
        return s, np.diag(s * (1 - s))
    if name == "softmax":
        e = np.exp(z - z.max())
        s = e / e.sum()
        return s, np.diag(s) - np.outer(s, s)
    raise ValueError(name)


def conv2d_valid(x, k, b):
    """x (H, W, C) NHWC, k (kh, kw, C, F): Keras Conv2D, strides 1, padding valid."""
    kh, kw, _, f = k.shape
    h, w = x.shape[0] - kh + 1, x.shape[1] - kw + 1
    y = np.zeros((h, w, f))
    for i in range(h):
        for j in range(w):
            y[i, j] = np.tensordot(x[i:i + kh, j:j + kw, :], k, axes=([0, 1, 2], [0, 1, 2])) + b
    return y


def linear_jacobian(f, n):
    """The exact Jacobian of a linear map f on R^n, column by column (f applied to unit vectors)."""
    return np.stack([f(np.eye(n)[j]) for j in range(n)], axis=1)


def maxpool2(x):
    h, w, c = x.shape[0] // 2, x.shape[1] // 2, x.shape[2]
    y = np.zeros((h, w, c))
    J = np.zeros((h * w * c, x.size))
    for i in range(h):
        for j in range(w):
            for ch in range(c):
                win = x[2 * i:2 * i + 2, 2 * j:2 * j + 2, ch]
                a, bb = np.unravel_index(np.argmax(win), (2, 2))
                y[i, j, ch] = win[a, bb]
                J[(i * w + j) * c + ch, ((2 * i + a) * x.shape[1] + 2 * j + bb) * c + ch] = 1
    return y, J


def run(model, x):
    """Forward value and Jacobian of a model description (our own, not Keras's) at x."""
    values = {"input": (x.reshape(-1), np.eye(x.size), x.shape)}
    for layer in model["layers"]:
        src = layer.get("inputs", [model["prev"](layer)])
        v, J, shape = values[src[0]]
        kind = layer["kind"]
        if kind == "dense":
            z = v @ layer["w"]["kernel"] + layer["w"]["bias"]
            a, Ja = act(layer["activation"], z)
            values[layer["name"]] = (a, Ja @ layer["w"]["kernel"].T @ J, a.shape)
        elif kind == "conv2d":
            k, b = layer["w"]["kernel"], layer["w"]["bias"]
            xin = v.reshape(shape)
            z = conv2d_valid(xin, k, b)
            Jc = linear_jacobian(lambda u: conv2d_valid(u.reshape(shape), k, 0 * b).reshape(-1), v.size)
            a, Ja = act(layer["activation"], z.reshape(-1))
            values[layer["name"]] = (a, Ja @ Jc @ J, z.shape)
        elif kind == "maxpool2":
            y, Jp = maxpool2(v.reshape(shape))
            values[layer["name"]] = (y.reshape(-1), Jp @ J, y.shape)
        elif kind == "flatten":
            values[layer["name"]] = (v, J, (v.size,))
        elif kind == "add":
            v2, J2, _ = values[src[1]]
            values[layer["name"]] = (v + v2, J + J2, shape)
    y, J, _ = values[model["layers"][-1]["name"]]
    return y, J


# ---------------------------------------------------------------- the models

def rng_weights(rng, shape, scale):
    return rng.standard_normal(shape) * scale


def mlp(rng):
    layers = [
        {"kind": "dense", "name": "dense", "units": 8, "activation": "tanh", "w": {"kernel": rng_weights(rng, (4, 8), 0.6), "bias": rng_weights(rng, (8,), 0.2)}},
        {"kind": "dense", "name": "dense_1", "units": 6, "activation": "relu", "w": {"kernel": rng_weights(rng, (8, 6), 0.6), "bias": rng_weights(rng, (6,), 0.2)}},
        {"kind": "dense", "name": "dense_2", "units": 3, "activation": "softmax", "w": {"kernel": rng_weights(rng, (6, 3), 0.6), "bias": rng_weights(rng, (3,), 0.2)}},
    ]
    return {"input_shape": [4], "sequential": True, "layers": layers}


def cnn(rng):
    layers = [
        {"kind": "conv2d", "name": "conv2d", "filters": 3, "activation": "relu", "w": {"kernel": rng_weights(rng, (3, 3, 2, 3), 0.4), "bias": rng_weights(rng, (3,), 0.1)}},
        {"kind": "maxpool2", "name": "max_pooling2d"},
        {"kind": "flatten", "name": "flatten"},
        {"kind": "dense", "name": "dense", "units": 4, "activation": "linear", "w": {"kernel": rng_weights(rng, (12, 4), 0.4), "bias": rng_weights(rng, (4,), 0.1)}},
    ]
    return {"input_shape": [6, 6, 2], "sequential": True, "layers": layers}


def residual(rng):
    layers = [
        {"kind": "dense", "name": "d1", "units": 5, "activation": "relu", "inputs": ["input"], "w": {"kernel": rng_weights(rng, (5, 5), 0.5), "bias": rng_weights(rng, (5,), 0.1)}},
        {"kind": "dense", "name": "d2", "units": 5, "activation": "linear", "inputs": ["d1"], "w": {"kernel": rng_weights(rng, (5, 5), 0.5), "bias": rng_weights(rng, (5,), 0.1)}},
        {"kind": "add", "name": "add", "inputs": ["input", "d2"]},
        {"kind": "dense", "name": "out", "units": 2, "activation": "sigmoid", "inputs": ["add"], "w": {"kernel": rng_weights(rng, (5, 2), 0.5), "bias": rng_weights(rng, (2,), 0.1)}},
    ]
    return {"input_shape": [5], "sequential": False, "layers": layers}


# ---------------------------------------------------------------- Keras configs (Keras 2 and Keras 3 spellings)

def dtype_field(dtype, keras3):
    if keras3:
        return {"module": "keras", "class_name": "DTypePolicy", "config": {"name": dtype}, "registered_name": None}
    return dtype


def layer_config(layer, dtype, keras3):
    common = {"name": layer["name"], "trainable": True, "dtype": dtype_field(dtype, keras3)}
    kind = layer["kind"]
    if kind == "dense":
        return "Dense", dict(common, units=layer["units"], activation=layer["activation"], use_bias=True,
                             kernel_initializer={"class_name": "GlorotUniform", "config": {"seed": None}},
                             bias_initializer={"class_name": "Zeros", "config": {}},
                             kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                             kernel_constraint=None, bias_constraint=None)
    if kind == "conv2d":
        return "Conv2D", dict(common, filters=layer["filters"], kernel_size=[3, 3], strides=[1, 1], padding="valid",
                              data_format="channels_last", dilation_rate=[1, 1], groups=1,
                              activation=layer["activation"], use_bias=True)
    if kind == "maxpool2":
        return "MaxPooling2D", dict(common, pool_size=[2, 2], padding="valid", strides=[2, 2], data_format="channels_last")
    if kind == "flatten":
        return "Flatten", dict(common, data_format="channels_last")
    if kind == "add":
        return "Add", common
    raise ValueError(kind)


def keras_config(model, dtype, keras3, name):
    input_name = "input_layer" if keras3 else "input_1"
    shape_key = "batch_shape" if keras3 else "batch_input_shape"
    input_layer = {"class_name": "InputLayer",
                   "config": {shape_key: [None] + model["input_shape"], "dtype": dtype, "sparse": False, "name": input_name}}
    if keras3:
        input_layer.update({"module": "keras.layers", "registered_name": None})
    layers = [input_layer]
    ref = {"input": input_name}
    for layer in model["layers"]:
        cls, cfg = layer_config(layer, dtype, keras3)
        entry = {"class_name": cls, "config": cfg}
        if keras3:
            entry.update({"module": "keras.layers", "registered_name": None})
        if not model["sequential"]:
            entry["name"] = layer["name"]
            if keras3:
                entry["inbound_nodes"] = [{"args": [[{"class_name": "__keras_tensor__", "config": {"shape": [None, 5], "dtype": dtype, "keras_history": [ref[s], 0, 0]}} for s in layer["inputs"]]] if len(layer["inputs"]) > 1
                                          else [{"class_name": "__keras_tensor__", "config": {"shape": [None, 5], "dtype": dtype, "keras_history": [ref[layer["inputs"][0]], 0, 0]}}], "kwargs": {}}]
            else:
                entry["inbound_nodes"] = [[[ref[s], 0, 0, {}] for s in layer["inputs"]]]
        ref[layer["name"]] = layer["name"]
        layers.append(entry)
    if model["sequential"]:
        cfg = {"name": name, "layers": layers}
        if keras3:
            return {"module": "keras", "class_name": "Sequential", "config": dict(cfg, trainable=True, dtype=dtype_field(dtype, True)),
                    "registered_name": None, "build_config": {"input_shape": [None] + model["input_shape"]}}
        return {"class_name": "Sequential", "config": cfg}
    input_layer["name"] = input_name
    input_layer["inbound_nodes"] = []
    last = model["layers"][-1]["name"]
    cfg = {"name": name, "layers": layers, "input_layers": [[input_name, 0, 0]], "output_layers": [[last, 0, 0]]}
    if keras3:
        cfg["input_layers"], cfg["output_layers"] = [input_name, 0, 0], [last, 0, 0]
        return {"module": "keras.src.models.functional", "class_name": "Functional", "config": cfg, "registered_name": "Functional"}
    return {"class_name": "Functional", "config": cfg}


def weights_of(layer):
    return [(k, layer["w"][k]) for k in ("kernel", "bias")] if "w" in layer else []


def write_keras2_h5(path, model, dtype, name):
    np_dtype = np.dtype(dtype)
    with h5py.File(path, "w") as f:
        f.attrs["backend"] = "tensorflow".encode("utf8")
        f.attrs["keras_version"] = "2.12.0".encode("utf8")
        f.attrs["model_config"] = json.dumps(keras_config(model, dtype, False, name)).encode("utf8")
        g = f.create_group("model_weights")
        names = ["input_1"] + [l["name"] for l in model["layers"]]
        g.attrs["layer_names"] = [n.encode("utf8") for n in names]
        g.attrs["backend"] = "tensorflow".encode("utf8")
        g.attrs["keras_version"] = "2.12.0".encode("utf8")
        g.create_group("input_1").attrs["weight_names"] = np.array([], dtype="S1")
        for layer in model["layers"]:
            lg = g.create_group(layer["name"])
            wn = [f"{layer['name']}/{k}:0" for k, _ in weights_of(layer)]
            lg.attrs["weight_names"] = [n.encode("utf8") for n in wn] if wn else np.array([], dtype="S1")
            for (k, v), n in zip(weights_of(layer), wn):
                lg.create_dataset(n, data=v.astype(np_dtype))


def write_keras3(path, model, dtype, name):
    np_dtype = np.dtype(dtype)
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        f.create_group("layers")
        for layer in model["layers"]:
            lg = f["layers"].create_group(layer["name"])
            vars_group = lg.create_group("vars")
            for i, (_, v) in enumerate(weights_of(layer)):
                vars_group.create_dataset(str(i), data=v.astype(np_dtype))
        f.create_group("vars")
        f.create_group("optimizer").create_group("vars")
    metadata = {"keras_version": "3.3.3", "date_saved": "2026-01-01@00:00:00"}
    with zipfile.ZipFile(path, "w") as z:
        for member, data in [("metadata.json", json.dumps(metadata)),
                             ("config.json", json.dumps(keras_config(model, dtype, True, name))),
                             ("model.weights.h5", buffer.getvalue())]:
            # a fixed timestamp, so that a rerun writes identical bytes
            z.writestr(zipfile.ZipInfo(member, date_time=(2026, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)


def write_error_fixtures():
    """Damaged variants of mlp_float64.h5 for the error tests (each differs from it in one way)."""
    errors = os.path.join(OUT, "errors")
    os.makedirs(errors, exist_ok=True)
    source = os.path.join(OUT, "mlp_float64.h5")

    def variant(name, change):
        path = os.path.join(errors, name)
        with open(source, "rb") as f, open(path, "wb") as g:
            g.write(f.read())
        with h5py.File(path, "r+") as f:
            change(f)
        return path

    # dense_1/kernel:0 still listed in weight_names, but the dataset is gone
    variant("missing_weight.h5", lambda f: f["model_weights/dense_1/dense_1"].__delitem__("kernel:0"))

    def lying(shape):
        def change(f):
            # a contiguous dataset whose header claims float64 values that were never written to the file
            group = f["model_weights/dense_2/dense_2"]
            del group["kernel:0"]
            group.create_dataset("kernel:0", shape=shape, dtype="float64")
        return change
    variant("lying_size.h5", lying((100000, 3)))  # far more than the layer expects
    variant("unstored_weight.h5", lying((6, 3)))  # the expected shape, but no bytes in the file

    def bomb(f):
        # a gzip-compressed dataset claiming 2000000 x 3 zeros from a few kilobytes of chunks
        group = f["model_weights/dense_2/dense_2"]
        del group["kernel:0"]
        group.create_dataset("kernel:0", data=np.zeros((2000000, 3)), chunks=(200000, 3), compression="gzip")
    variant("compressed_bomb.h5", bomb)

    def wrong_shape(f):
        group = f["model_weights/dense_2/dense_2"]
        del group["kernel:0"]
        group.create_dataset("kernel:0", data=np.ones((6, 4)))
    variant("wrong_shape.h5", wrong_shape)

    def weights_only(f):
        del f.attrs["model_config"]
    variant("weights_only.h5", weights_only)

    with open(source, "rb") as f:
        data = f.read()
    with open(os.path.join(errors, "truncated.h5"), "wb") as g:
        g.write(data[: len(data) // 3])
    print("wrote error fixtures", sorted(os.listdir(errors)))


def main():
    os.makedirs(OUT, exist_ok=True)
    table = []
    for seed, (name, build) in enumerate([("mlp", mlp), ("cnn", cnn), ("residual", residual)]):
        for dtype in ("float32", "float64") + (("float16",) if name == "mlp" else ()):
            rng = np.random.default_rng(100 + seed)
            model = build(rng)
            model["prev"] = None
            # weights as the file stores them, so the reference uses exactly the stored values
            for layer in model["layers"]:
                for k in layer.get("w", {}):
                    layer["w"][k] = layer["w"][k].astype(dtype).astype(np.float64)
            names = ["input"] + [l["name"] for l in model["layers"]]
            model["prev"] = lambda layer, names=names: names[names.index(layer["name"]) - 1]
            xs = [rng.standard_normal(model["input_shape"]) for _ in range(2)]
            samples = []
            for x in xs:
                y, J = run(model, x)
                samples.append({"x": x.reshape(-1).tolist(), "y": y.tolist(), "jacobian": J.reshape(-1).tolist()})
            base = f"{name}_{dtype}"
            write_keras2_h5(os.path.join(OUT, base + ".h5"), model, dtype, base)
            write_keras3(os.path.join(OUT, base + ".keras"), model, dtype, base)
            with open(os.path.join(OUT, base + ".expected.json"), "w") as f:
                json.dump({"input_shape": model["input_shape"], "samples": samples}, f, indent=1)
            table.append((base, len(samples)))
    for row in table:
        print("wrote", *row)
    write_error_fixtures()


if __name__ == "__main__":
    main()
