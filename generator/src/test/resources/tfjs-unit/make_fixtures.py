#!/usr/bin/env python3
"""Writes the hand-built TF.js layers-model fixtures in this folder (model.json + weight shards +
expected.json per model) and their expected outputs, computed with NumPy in float64 from the exact
values the shards decode to (float32, float16, or uint8/uint16 dequantized as tfjs does: float32(q*scale+min)).

Run from anywhere: python3 make_fixtures.py. Deterministic (fixed seeds); the output is committed."""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
TFJS_KERAS = "tfjs-layers 4.22.0"


# ------------------------------------------------------------------ activations (Keras 2 / TF.js definitions)

def act(name, x):
    if name == "linear":
        return x
    if name == "relu":
        return np.maximum(x, 0)
    if name == "tanh":
        return np.tanh(x)
    if name == "sigmoid":
        return 1 / (1 + np.exp(-x))
    if name == "elu":
        return np.where(x > 0, x, np.exp(x) - 1)
    if name == "hard_sigmoid":  # Keras 2 / TF.js
        return np.clip(0.2 * x + 0.5, 0, 1)
    if name == "hard_sigmoid_keras3":
        return np.clip(x + 3, 0, 6) / 6
    if name == "swish":
        return x / (1 + np.exp(-x))
    if name == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    raise ValueError(name)


# ------------------------------------------------------------------ weights and shards

class Weights:
    """Collects named weights in manifest order and encodes them; keeps the decoded float64 values."""

    def __init__(self, rng):
        self.rng = rng
        self.entries = []  # (name, shape, quantization, bytes)
        self.values = {}

    def add(self, name, shape, quant=None, scale=0.5, values=None):
        v = values if values is not None else (self.rng.standard_normal(shape) * scale)
        v = np.asarray(v, dtype=np.float32).reshape(shape)
        spec = {"name": name, "shape": list(shape), "dtype": "float32"}
        if quant is None:
            data = v.astype("<f4").tobytes()
            decoded = v.astype(np.float64)
        elif quant == "float16":
            h = v.astype("<f2")
            data = h.tobytes()
            decoded = h.astype(np.float64)
            spec["quantization"] = {"dtype": "float16"}
        else:  # uint8 / uint16 affine, as tensorflowjs's quantize_weights does (without the nudging)
            levels = 255 if quant == "uint8" else 65535
            lo, hi = float(v.min()), float(v.max())
            scale_q = (hi - lo) / levels if hi > lo else 1.0
            q = np.round((v - lo) / scale_q).astype("<u1" if quant == "uint8" else "<u2")
            data = q.tobytes()
            decoded = (q.astype(np.float64) * scale_q + lo).astype(np.float32).astype(np.float64)
            spec["quantization"] = {"dtype": quant, "scale": scale_q, "min": lo, "original_dtype": "float32"}
        self.entries.append((spec, data))
        self.values[name] = decoded
        return decoded

    def manifest(self, folder, groups=None, split_at=None):
        """Writes the shards. groups: list of lists of entry indices (default: one group, manifest order);
        split_at: for group 0, byte offsets at which to cut it into several shard files."""
        if groups is None:
            groups = [list(range(len(self.entries)))]
        manifest = []
        for g, indices in enumerate(groups):
            blob = b"".join(self.entries[i][1] for i in indices)
            cuts = [0] + (split_at if (g == 0 and split_at) else []) + [len(blob)]
            n = len(cuts) - 1
            paths = []
            for s in range(n):
                name = "weights.bin" if (len(groups) == 1 and n == 1) else "group%d-shard%dof%d.bin" % (g + 1, s + 1, n)
                with open(os.path.join(folder, name), "wb") as f:
                    f.write(blob[cuts[s]:cuts[s + 1]])
                paths.append(name)
            manifest.append({"paths": paths, "weights": [self.entries[i][0] for i in indices]})
        return manifest


def dense_config(name, units, activation, input_dim=None, use_bias=True):
    config = {"units": units, "activation": activation, "use_bias": use_bias,
              "kernel_initializer": {"class_name": "VarianceScaling", "config": {"scale": 1, "mode": "fan_avg",
                                                                                 "distribution": "normal", "seed": None}},
              "bias_initializer": {"class_name": "Zeros", "config": {}},
              "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
              "kernel_constraint": None, "bias_constraint": None, "name": name, "trainable": True}
    if input_dim is not None:
        config["batch_input_shape"] = [None] + list(input_dim)
        config["dtype"] = "float32"
    return {"class_name": "Dense", "config": config}


def tfjs_model_json(topology_config, class_name, manifest):
    return {"modelTopology": {"class_name": class_name, "config": topology_config, "keras_version": TFJS_KERAS,
                              "backend": "tensor_flow.js"},
            "weightsManifest": manifest, "format": "layers-model", "generatedBy": "TensorFlow.js tfjs-layers v4.22.0",
            "convertedBy": None}


def write(folder, model_json, inputs, outputs):
    with open(os.path.join(folder, "model.json"), "w") as f:
        json.dump(model_json, f, indent=1)
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump({"inputs": [np.asarray(x).ravel().tolist() for x in inputs],
                   "outputs": [np.asarray(y).ravel().tolist() for y in outputs]}, f, indent=1)


def fixture(name):
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    for old in os.listdir(folder):
        os.remove(os.path.join(folder, old))
    return folder


def inputs_for(rng, shape, n=3):
    return [rng.standard_normal(shape).astype(np.float64) for _ in range(n)]


# ------------------------------------------------------------------ fixtures

def mlp(name, quant_kernel=None, quant_bias=None, split=False):
    """Dense(8, relu) -> Dense(6, tanh) -> Dense(3, softmax) on 5 inputs, saved as TF.js's model.save does."""
    folder = fixture(name)
    rng = np.random.default_rng(len(name))
    w = Weights(rng)
    sizes = [5, 8, 6, 3]
    acts = ["relu", "tanh", "softmax"]
    layers = []
    params = []
    for i in range(3):
        lname = "dense_Dense%d" % (i + 1)
        k = w.add(lname + "/kernel", (sizes[i], sizes[i + 1]), quant_kernel)
        b = w.add(lname + "/bias", (sizes[i + 1],), quant_bias, scale=0.3)
        params.append((k, b))
        layers.append(dense_config(lname, sizes[i + 1], acts[i], input_dim=[5] if i == 0 else None))
    if split:
        # two groups; group 1 cut into two shards in the middle of a float
        manifest = w.manifest(folder, groups=[[0, 1, 2], [3, 4, 5]], split_at=[4 * 17 + 2])
    else:
        manifest = w.manifest(folder)
    xs = inputs_for(rng, (5,))
    ys = []
    for x in xs:
        h = x
        for (k, b), a in zip(params, acts):
            h = act(a, h @ k + b)
        ys.append(h)
    write(folder, tfjs_model_json({"name": "mlp", "layers": layers}, "Sequential", manifest), xs, ys)


def float16_leaky():
    """Dense(8) -> LeakyReLU (alpha absent: the Keras default 0.3) -> Dense(3) -> Activation(sigmoid), float16."""
    folder = fixture("sequential_float16")
    rng = np.random.default_rng(16)
    w = Weights(rng)
    k1 = w.add("dense_Dense1/kernel", (4, 8), "float16")
    b1 = w.add("dense_Dense1/bias", (8,), "float16", scale=0.3)
    k2 = w.add("dense_Dense2/kernel", (8, 3), "float16")
    b2 = w.add("dense_Dense2/bias", (3,), "float16", scale=0.3)
    layers = [dense_config("dense_Dense1", 8, "linear", input_dim=[4]),
              {"class_name": "LeakyReLU", "config": {"name": "leaky_re_lu_LeakyReLU1", "trainable": True}},
              dense_config("dense_Dense2", 3, "linear"),
              {"class_name": "Activation", "config": {"activation": "sigmoid", "name": "activation_Activation1",
                                                      "trainable": True}}]
    manifest = w.manifest(folder)
    xs = inputs_for(rng, (4,))
    ys = []
    for x in xs:
        h = x @ k1 + b1
        h = np.where(h > 0, h, 0.3 * h)
        ys.append(act("sigmoid", h @ k2 + b2))
    write(folder, tfjs_model_json({"name": "leaky", "layers": layers}, "Sequential", manifest), xs, ys)


def uint8():
    """Dense(6, elu) -> Dense(4, hard_sigmoid) -> Dense(2); uint8 kernels, uint16 biases."""
    folder = fixture("sequential_uint8")
    rng = np.random.default_rng(8)
    w = Weights(rng)
    k1 = w.add("dense_Dense1/kernel", (3, 6), "uint8")
    b1 = w.add("dense_Dense1/bias", (6,), "uint16", scale=0.3)
    k2 = w.add("dense_Dense2/kernel", (6, 4), "uint8")
    b2 = w.add("dense_Dense2/bias", (4,), "uint16", scale=0.3)
    k3 = w.add("dense_Dense3/kernel", (4, 2), "uint8")
    b3 = w.add("dense_Dense3/bias", (2,), "uint16", scale=0.3)
    layers = [dense_config("dense_Dense1", 6, "elu", input_dim=[3]), dense_config("dense_Dense2", 4, "hard_sigmoid"),
              dense_config("dense_Dense3", 2, "linear")]
    manifest = w.manifest(folder)
    xs = inputs_for(rng, (3,))
    ys = [act("linear", act("hard_sigmoid", act("elu", x @ k1 + b1) @ k2 + b2) @ k3 + b3) for x in xs]
    write(folder, tfjs_model_json({"name": "quantized", "layers": layers}, "Sequential", manifest), xs, ys)


def functional_node(layer, inbound):
    layer = dict(layer)
    layer["name"] = layer["config"]["name"]
    layer["inbound_nodes"] = [[[n, 0, 0, {}] for n in inbound]] if inbound else []
    return layer


def converter_functional():
    """What tensorflowjs_converter --input_format keras writes for a Keras 2 functional model: model_config
    wrapping, names without TF.js's suffixes, weights listed out of order (one with a ':0' suffix)."""
    folder = fixture("converter_functional")
    rng = np.random.default_rng(2)
    w = Weights(rng)
    b2 = w.add("dense_2/bias", (3,), scale=0.3)
    k2 = w.add("dense_2/kernel", (5, 3))
    b1 = w.add("dense_1/bias:0", (5,), scale=0.3)
    k1 = w.add("dense_1/kernel", (6, 5))
    k0 = w.add("dense/kernel", (4, 6))
    b0 = w.add("dense/bias", (6,), scale=0.3)
    layers = [{"class_name": "InputLayer", "config": {"batch_input_shape": [None, 4], "dtype": "float32",
                                                      "sparse": False, "ragged": False, "name": "input_1"},
               "name": "input_1", "inbound_nodes": []},
              functional_node(dense_config("dense", 6, "relu"), ["input_1"]),
              functional_node(dense_config("dense_1", 5, "swish"), ["dense"]),
              functional_node(dense_config("dense_2", 3, "softmax"), ["dense_1"])]
    config = {"name": "model", "trainable": True, "layers": layers, "input_layers": [["input_1", 0, 0]],
              "output_layers": [["dense_2", 0, 0]]}
    manifest = w.manifest(folder)
    model = {"format": "layers-model", "generatedBy": "keras v2.15.0", "convertedBy": "TensorFlow.js Converter v4.22.0",
             "modelTopology": {"keras_version": "2.15.0", "backend": "tensorflow",
                               "model_config": {"class_name": "Functional", "config": config},
                               "training_config": {"loss": "categorical_crossentropy", "metrics": None,
                                                   "optimizer_config": {"class_name": "Adam", "config": {}}}},
             "weightsManifest": manifest}
    xs = inputs_for(rng, (4,))
    ys = [act("softmax", act("swish", act("relu", x @ k0 + b0) @ k1 + b1) @ k2 + b2) for x in xs]
    write(folder, model, xs, ys)


def keras3_functional():
    """A Keras 3 functional model: InputLayer batch_shape, {"args": [keras tensors]} inbound nodes, and
    hard_sigmoid with Keras 3's definition relu6(x + 3) / 6."""
    folder = fixture("keras3_functional")
    rng = np.random.default_rng(3)
    w = Weights(rng)
    k0 = w.add("dense/kernel", (3, 4), scale=2.0)
    b0 = w.add("dense/bias", (4,), scale=0.3)
    k1 = w.add("dense_1/kernel", (4, 2))
    b1 = w.add("dense_1/bias", (2,), scale=0.3)

    def tensor(name):
        return {"class_name": "__keras_tensor__", "config": {"shape": [None, 4], "dtype": "float32",
                                                             "keras_history": [name, 0, 0]}}

    def node(cfg, inbound):
        return {"module": "keras.layers", "class_name": "Dense", "config": cfg["config"], "registered_name": None,
                "name": cfg["config"]["name"], "inbound_nodes": [{"args": [tensor(inbound)], "kwargs": {}}]}

    layers = [{"module": "keras.layers", "class_name": "InputLayer", "registered_name": None, "name": "input_layer",
               "config": {"batch_shape": [None, 3], "dtype": "float32", "sparse": False, "name": "input_layer"},
               "inbound_nodes": []},
              node(dense_config("dense", 4, "hard_sigmoid"), "input_layer"),
              node(dense_config("dense_1", 2, "linear"), "dense")]
    config = {"name": "functional", "trainable": True, "layers": layers, "input_layers": [["input_layer", 0, 0]],
              "output_layers": [["dense_1", 0, 0]]}
    manifest = w.manifest(folder)
    model = {"format": "layers-model", "generatedBy": "keras v3.5.0", "convertedBy": "TensorFlow.js Converter v4.22.0",
             "modelTopology": {"keras_version": "3.5.0", "backend": "tensorflow",
                               "model_config": {"class_name": "Functional", "config": config}},
             "weightsManifest": manifest}
    xs = inputs_for(rng, (3,))
    ys = [act("hard_sigmoid_keras3", x @ k0 + b0) @ k1 + b1 for x in xs]
    write(folder, model, xs, ys)


def functional_branches():
    """TF.js functional model with two branches: a = Dense(5, relu)(x), b = Dense(5, tanh)(x),
    Concatenate([Add([a, b]), Multiply([a, b])]) -> Dense(3)."""
    folder = fixture("functional_branches")
    rng = np.random.default_rng(5)
    w = Weights(rng)
    ka = w.add("dense_Dense1/kernel", (4, 5))
    ba = w.add("dense_Dense1/bias", (5,), scale=0.3)
    kb = w.add("dense_Dense2/kernel", (4, 5))
    bb = w.add("dense_Dense2/bias", (5,), scale=0.3)
    ko = w.add("dense_Dense3/kernel", (10, 3))
    bo = w.add("dense_Dense3/bias", (3,), scale=0.3)
    layers = [{"class_name": "InputLayer", "config": {"batch_input_shape": [None, 4], "dtype": "float32",
                                                      "sparse": False, "name": "input1"},
               "name": "input1", "inbound_nodes": []},
              functional_node(dense_config("dense_Dense1", 5, "relu"), ["input1"]),
              functional_node(dense_config("dense_Dense2", 5, "tanh"), ["input1"]),
              functional_node({"class_name": "Add", "config": {"name": "add_Add1", "trainable": True}},
                              ["dense_Dense1", "dense_Dense2"]),
              functional_node({"class_name": "Multiply", "config": {"name": "multiply_Multiply1", "trainable": True}},
                              ["dense_Dense1", "dense_Dense2"]),
              functional_node({"class_name": "Concatenate", "config": {"axis": -1, "name": "concatenate_Concatenate1",
                                                                       "trainable": True}},
                              ["add_Add1", "multiply_Multiply1"]),
              functional_node(dense_config("dense_Dense3", 3, "linear"), ["concatenate_Concatenate1"])]
    config = {"name": "branches", "layers": layers, "input_layers": [["input1", 0, 0]],
              "output_layers": [["dense_Dense3", 0, 0]]}
    manifest = w.manifest(folder)
    xs = inputs_for(rng, (4,))
    ys = []
    for x in xs:
        a = act("relu", x @ ka + ba)
        b = act("tanh", x @ kb + bb)
        ys.append(np.concatenate([a + b, a * b]) @ ko + bo)
    write(folder, tfjs_model_json(config, "Model", manifest), xs, ys)


def conv2d_same(x, k, b, stride):
    """TF 'same' convolution, channels last, asymmetric padding (extra cell after)."""
    h, w_, c = x.shape
    kh, kw, _, f = k.shape
    oh, ow = -(-h // stride), -(-w_ // stride)
    ph = max((oh - 1) * stride + kh - h, 0)
    pw = max((ow - 1) * stride + kw - w_, 0)
    xp = np.zeros((h + ph, w_ + pw, c))
    xp[ph // 2:ph // 2 + h, pw // 2:pw // 2 + w_, :] = x
    y = np.zeros((oh, ow, f))
    for i in range(oh):
        for j in range(ow):
            patch = xp[i * stride:i * stride + kh, j * stride:j * stride + kw, :]
            y[i, j, :] = np.tensordot(patch, k, axes=([0, 1, 2], [0, 1, 2])) + b
    return y


def cnn():
    """Conv2D(3, 3x3, stride 2, same, relu) on 6x6x2 -> BatchNormalization -> MaxPooling2D(2, stride 1)
    -> Flatten -> Dense(2) -> Softmax. BatchNormalization's moving statistics are listed last, as TF.js does."""
    folder = fixture("cnn")
    rng = np.random.default_rng(7)
    w = Weights(rng)
    k = w.add("conv2d_Conv2D1/kernel", (3, 3, 2, 3))
    b = w.add("conv2d_Conv2D1/bias", (3,), scale=0.3)
    gamma = w.add("batch_normalization_BatchNormalization1/gamma", (3,), values=rng.uniform(0.5, 1.5, 3))
    beta = w.add("batch_normalization_BatchNormalization1/beta", (3,), scale=0.3)
    kd = w.add("dense_Dense1/kernel", (12, 2))
    bd = w.add("dense_Dense1/bias", (2,), scale=0.3)
    mean = w.add("batch_normalization_BatchNormalization1/moving_mean", (3,), scale=0.3)
    var = w.add("batch_normalization_BatchNormalization1/moving_variance", (3,), values=rng.uniform(0.5, 2.0, 3))
    layers = [{"class_name": "Conv2D", "config": {"filters": 3, "kernel_initializer": {}, "kernel_regularizer": None,
                                                  "kernel_constraint": None, "kernel_size": [3, 3], "strides": [2, 2],
                                                  "padding": "same", "data_format": "channels_last",
                                                  "dilation_rate": [1, 1], "activation": "relu", "use_bias": True,
                                                  "bias_initializer": {}, "bias_regularizer": None,
                                                  "activity_regularizer": None, "bias_constraint": None,
                                                  "name": "conv2d_Conv2D1", "trainable": True,
                                                  "batch_input_shape": [None, 6, 6, 2], "dtype": "float32"}},
              {"class_name": "BatchNormalization", "config": {"axis": -1, "momentum": 0.99, "epsilon": 0.001,
                                                              "center": True, "scale": True,
                                                              "name": "batch_normalization_BatchNormalization1",
                                                              "trainable": True}},
              {"class_name": "MaxPooling2D", "config": {"pool_size": [2, 2], "padding": "valid", "strides": [1, 1],
                                                        "data_format": "channels_last",
                                                        "name": "max_pooling2d_MaxPooling2D1", "trainable": True}},
              {"class_name": "Flatten", "config": {"name": "flatten_Flatten1", "trainable": True}},
              dense_config("dense_Dense1", 2, "linear"),
              {"class_name": "Softmax", "config": {"axis": -1, "name": "softmax_Softmax1", "trainable": True}}]
    manifest = w.manifest(folder)
    xs = inputs_for(rng, (6, 6, 2))
    ys = []
    for x in xs:
        h = act("relu", conv2d_same(x, k, b, 2))
        h = gamma * (h - mean) / np.sqrt(var + 0.001) + beta
        p = np.zeros((2, 2, 3))
        for i in range(2):
            for j in range(2):
                p[i, j] = h[i:i + 2, j:j + 2, :].max(axis=(0, 1))
        ys.append(act("softmax", p.ravel() @ kd + bd))
    write(folder, tfjs_model_json({"name": "cnn", "layers": layers}, "Sequential", manifest), xs, ys)


if __name__ == "__main__":
    mlp("sequential_mlp")
    mlp("two_shards", split=True)
    float16_leaky()
    uint8()
    converter_functional()
    keras3_functional()
    functional_branches()
    cnn()
