#!/usr/bin/env python3
"""Golden fixtures for NumpyGoldenTest: small networks whose outputs and Jacobians are computed here, in
NumPy, independently of netjac.

Each network gets a folder <name>/ with
    spec.json           the netjac spec
    weight files        .npy / .npz / .safetensors written by this script (inline arrays live in spec.json)
    x.npy               5 inputs, float64, shape (5, *input_shape)
    y.npy               outputs, float64, shape (5, M)
    jac.npy             Jacobians dy/dx, float64, shape (5, M, N), N = prod(input_shape) (inputs flattened, C order)

The reference:
  * weights are taken exactly as stored (a float32/float16/bfloat16 file is rounded first, and the rounded
    values are cast to float64), so netjac and this script see the same numbers;
  * the forward pass uses this file's own NumPy activations (scipy.special.erf for gelu, stable
    softplus/sigmoid);
  * the Jacobian is backpropagation of the M x M identity, layer by layer (the blog's method):
    dense G -> G W^T, elementwise G -> G * f'(z), softmax G -> s * (G - (G s) 1^T),
    log_softmax G -> G - (G 1) s^T.
Self-checks before anything is written (the script fails otherwise):
  * the same network evaluated in mpmath at 50 digits (forward, and the Jacobian by the same rules with
    derivatives of the smooth activations from mpmath's numerical differentiation) agrees with the float64
    reference to 1e-14 relative to max(1, max|.|);
  * the mpmath rule-based Jacobian agrees with 50-digit central differences of the whole network (h = 1e-15,
    error ~1e-30) at every point that is not deliberately placed on a kink, which checks the backward rules;
  * inputs with a vanishing Jacobian (max|J| <= 1e-2, every path cut by dead units) are redrawn;
  * every unit of a piecewise activation (relu, relu6, leaky_relu, elu, selu, hard_sigmoid,
    hard_sigmoid_relu6) is at least 1e-3 away from its kink at every input (inputs are redrawn until so),
    except in the kink network, where chosen units sit exactly on a kink.

Deterministic: fixed seeds, zip entries with a fixed timestamp. Regenerate with
    python3 generator/src/test/resources/golden/make_golden.py
(needs numpy 2.x, scipy and mpmath). Prints a summary table.
"""

import json
import os
import shutil
import zipfile
from fractions import Fraction

import mpmath as mp
import numpy as np
from scipy.special import erf, expit

HERE = os.path.dirname(os.path.abspath(__file__))
POINTS = 5
KINK_MARGIN = 1e-3

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
SQRT_2_OVER_PI = np.sqrt(2.0 / np.pi)

# --------------------------------------------------------------------------------------------- activations
# name -> (f(z, alpha), f'(z, alpha)). Derivatives at kinks follow PyTorch: a piece's interior is open.


def _softplus(z):
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def _gelu_tanh_parts(z):
    u = SQRT_2_OVER_PI * (z + 0.044715 * z ** 3)
    t = np.tanh(u)
    du = SQRT_2_OVER_PI * (1.0 + 3.0 * 0.044715 * z ** 2)
    return t, du


ACTIVATIONS = {
    "linear": (lambda z, a: z, lambda z, a: np.ones_like(z)),
    "relu": (lambda z, a: np.where(z > 0, z, 0.0), lambda z, a: np.where(z > 0, 1.0, 0.0)),
    "relu6": (lambda z, a: np.clip(z, 0.0, 6.0), lambda z, a: np.where((z > 0) & (z < 6), 1.0, 0.0)),
    "leaky_relu": (lambda z, a: np.where(z > 0, z, a * z), lambda z, a: np.where(z > 0, 1.0, a)),
    "elu": (lambda z, a: np.where(z > 0, z, a * np.expm1(np.minimum(z, 0.0))),
            lambda z, a: np.where(z > 0, 1.0, a * np.exp(np.minimum(z, 0.0)))),
    "selu": (lambda z, a: SELU_SCALE * np.where(z > 0, z, SELU_ALPHA * np.expm1(np.minimum(z, 0.0))),
             lambda z, a: SELU_SCALE * np.where(z > 0, 1.0, SELU_ALPHA * np.exp(np.minimum(z, 0.0)))),
    "sigmoid": (lambda z, a: expit(z), lambda z, a: expit(z) * expit(-z)),
    "hard_sigmoid": (lambda z, a: np.clip(0.2 * z + 0.5, 0.0, 1.0),
                     lambda z, a: np.where((z > -2.5) & (z < 2.5), 0.2, 0.0)),
    "hard_sigmoid_relu6": (lambda z, a: np.clip(z + 3.0, 0.0, 6.0) / 6.0,
                           lambda z, a: np.where((z > -3) & (z < 3), 1.0 / 6.0, 0.0)),
    "tanh": (lambda z, a: np.tanh(z), lambda z, a: 1.0 - np.tanh(z) ** 2),
    "softplus": (lambda z, a: _softplus(z), lambda z, a: expit(z)),
    "softsign": (lambda z, a: z / (1.0 + np.abs(z)), lambda z, a: 1.0 / (1.0 + np.abs(z)) ** 2),
    "swish": (lambda z, a: z * expit(z), lambda z, a: expit(z) + z * expit(z) * expit(-z)),
    "gelu": (lambda z, a: 0.5 * z * (1.0 + erf(z / np.sqrt(2.0))),
             lambda z, a: 0.5 * (1.0 + erf(z / np.sqrt(2.0))) + z * np.exp(-0.5 * z * z) / np.sqrt(2.0 * np.pi)),
    "gelu_tanh": (lambda z, a: 0.5 * z * (1.0 + _gelu_tanh_parts(z)[0]),
                  lambda z, a: 0.5 * (1.0 + _gelu_tanh_parts(z)[0])
                  + 0.5 * z * (1.0 - _gelu_tanh_parts(z)[0] ** 2) * _gelu_tanh_parts(z)[1]),
    "mish": (lambda z, a: z * np.tanh(_softplus(z)),
             lambda z, a: np.tanh(_softplus(z)) + z * (1.0 - np.tanh(_softplus(z)) ** 2) * expit(z)),
    "exponential": (lambda z, a: np.exp(z), lambda z, a: np.exp(z)),
}
ALIASES = {"silu": "swish", "hardsigmoid": "hard_sigmoid_relu6", "leakyrelu": "leaky_relu"}
DEFAULT_ALPHA = {"leaky_relu": 0.2, "elu": 1.0}
# Kink locations of the piecewise activations (where the derivative jumps).
KINKS = {"relu": [0.0], "relu6": [0.0, 6.0], "leaky_relu": [0.0], "elu": [0.0], "selu": [0.0],
         "hard_sigmoid": [-2.5, 2.5], "hard_sigmoid_relu6": [-3.0, 3.0]}


def canonical(name):
    return ALIASES.get(name, name)


# mpmath versions (50 digits) for the self-check: values from their definitions, derivatives of the smooth ones
# by mpmath's numerical differentiation, of the piecewise ones by the same open-interior convention.
def mp_value(name, z, a):
    if name == "linear":
        return z
    if name == "relu":
        return z if z > 0 else mp.mpf(0)
    if name == "relu6":
        return min(max(z, mp.mpf(0)), mp.mpf(6))
    if name == "leaky_relu":
        return z if z > 0 else a * z
    if name == "elu":
        return z if z > 0 else a * mp.expm1(z)
    if name == "selu":
        return mp.mpf(SELU_SCALE_S) * (z if z > 0 else mp.mpf(SELU_ALPHA_S) * mp.expm1(z))
    if name == "sigmoid":
        return 1 / (1 + mp.exp(-z))
    if name == "hard_sigmoid":
        return min(max(mp.mpf("0.2") * z + mp.mpf("0.5"), mp.mpf(0)), mp.mpf(1))
    if name == "hard_sigmoid_relu6":
        return min(max(z + 3, mp.mpf(0)), mp.mpf(6)) / 6
    if name == "tanh":
        return mp.tanh(z)
    if name == "softplus":
        return mp.log1p(mp.exp(z))
    if name == "softsign":
        return z / (1 + abs(z))
    if name == "swish":
        return z / (1 + mp.exp(-z))
    if name == "gelu":
        return z / 2 * (1 + mp.erf(z / mp.sqrt(2)))
    if name == "gelu_tanh":
        return z / 2 * (1 + mp.tanh(mp.sqrt(2 / mp.pi) * (z + mp.mpf("0.044715") * z ** 3)))
    if name == "mish":
        return z * mp.tanh(mp.log1p(mp.exp(z)))
    if name == "exponential":
        return mp.exp(z)
    raise ValueError(name)


SELU_ALPHA_S = "1.6732632423543772848170429916717"
SELU_SCALE_S = "1.0507009873554804934193349852946"


def mp_derivative(name, z, a):
    if name == "relu":
        return mp.mpf(1) if z > 0 else mp.mpf(0)
    if name == "relu6":
        return mp.mpf(1) if 0 < z < 6 else mp.mpf(0)
    if name == "leaky_relu":
        return mp.mpf(1) if z > 0 else a
    if name == "elu":
        return mp.mpf(1) if z > 0 else a * mp.exp(z)
    if name == "selu":
        return mp.mpf(SELU_SCALE_S) * (1 if z > 0 else mp.mpf(SELU_ALPHA_S) * mp.exp(z))
    if name == "hard_sigmoid":
        return mp.mpf("0.2") if -2.5 < z < 2.5 else mp.mpf(0)
    if name == "hard_sigmoid_relu6":
        return mp.mpf(1) / 6 if -3 < z < 3 else mp.mpf(0)
    if name == "softsign":
        return 1 / (1 + abs(z)) ** 2
    return mp.diff(lambda t: mp_value(name, t, a), z)


# ------------------------------------------------------------------------------------------ weight files


def bf16_round(values):
    """float64 -> float32 -> bfloat16 bits (round to nearest even), and those bits' exact value as float64."""
    f32 = np.asarray(values, dtype=np.float32)
    bits = f32.view(np.uint32).astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)
    exact = (rounded.astype(np.uint32) << 16).view(np.float32).astype(np.float64)
    return rounded, exact


def write_npy(path, array, version=None):
    with open(path, "wb") as f:
        np.lib.format.write_array(f, array, version=version, allow_pickle=False)


def write_npz(path, arrays, compressed):
    """numpy.savez / savez_compressed, entry for entry (zip64 extra fields, 'key.npy' entry names), but with a
    fixed timestamp so the file is byte-for-byte reproducible."""
    compression = zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, mode="w", compression=compression, allowZip64=True) as zf:
        for key, value in arrays.items():
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compression
            with zf.open(info, "w", force_zip64=True) as f:
                np.lib.format.write_array(f, np.asanyarray(value), allow_pickle=False)
    with np.load(path) as check:  # numpy itself must read it back
        for key, value in arrays.items():
            assert np.array_equal(check[key], value) and check[key].dtype == value.dtype, (path, key)


def write_safetensors(path, tensors, metadata=None):
    """tensors: list of (name, dtype, shape, raw little-endian bytes). Header padded with spaces to 8 bytes."""
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    offset = 0
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(np.uint64(len(text)).astype("<u8").tobytes())
        f.write(text)
        for _, _, _, raw in tensors:
            f.write(raw)


class Npz:
    def __init__(self, net, file, compressed):
        self.net, self.file, self.compressed, self.arrays = net, file, compressed, {}
        net.finalizers.append(self.write)

    def add(self, key, values, dtype="<f8", ref_key=None):
        stored = np.asarray(values).astype(dtype)
        self.arrays[key] = stored
        self.net.forms.add(f"npz{' compressed' if self.compressed else ''} {np.dtype(dtype).name}")
        return {"file": self.file, "key": ref_key or key}, stored.astype(np.float64)

    def write(self):
        write_npz(os.path.join(self.net.dir, self.file), self.arrays, self.compressed)


class Safetensors:
    def __init__(self, net, file, metadata=None):
        self.net, self.file, self.metadata, self.tensors = net, file, metadata, []
        net.finalizers.append(self.write)

    def add(self, name, values, dtype):
        values = np.asarray(values, dtype=np.float64)
        if dtype == "BF16":
            bits, exact = bf16_round(values)
            raw = bits.astype("<u2").tobytes()
        else:
            np_dtype = {"F16": "<f2", "F32": "<f4", "F64": "<f8"}[dtype]
            stored = values.astype(np_dtype)
            raw, exact = stored.tobytes(), stored.astype(np.float64)
        self.tensors.append((name, dtype, values.shape, raw))
        self.net.forms.add(f"safetensors {dtype}")
        return {"file": self.file, "tensor": name}, exact

    def add_raw(self, name, dtype, shape, raw):
        """A tensor netjac never reads (e.g. an integer buffer), to show that it is skipped."""
        self.tensors.append((name, dtype, shape, raw))

    def write(self):
        write_safetensors(os.path.join(self.net.dir, self.file), self.tensors, self.metadata)


# ------------------------------------------------------------------------------------------- networks


class Net:
    def __init__(self, folder, name, input_shape, seed, covers):
        self.folder, self.name, self.input_shape, self.covers = folder, name, list(input_shape), covers
        self.dir = os.path.join(HERE, folder)
        self.rng = np.random.default_rng(seed)
        self.layers, self.ops, self.finalizers, self.forms = [], [], [], set()
        self.width = int(np.prod(input_shape))
        self.shape = list(input_shape)
        self.spec_extra = {}
        self.fixed_points = []  # inputs placed on kinks on purpose
        if os.path.isdir(self.dir):
            shutil.rmtree(self.dir)
        os.makedirs(self.dir)

    # weight forms: each returns (json reference, float64 values exactly as netjac will read them)
    def npy(self, file, values, dtype="<f4", fortran=False, version=None, as_object=False):
        stored = np.asarray(values).astype(dtype)
        if fortran:
            stored = np.asfortranarray(stored)
            assert not stored.flags.c_contiguous, "a Fortran-order fixture must not also be C-contiguous"
        write_npy(os.path.join(self.dir, file), stored, version)
        dt = np.dtype(dtype)
        self.forms.add("npy " + dt.name + (" big-endian" if dt.byteorder == ">" else "")
                       + (" Fortran" if fortran else "") + (f" v{version[0]}.0" if version else "")
                       + (" {file}" if as_object else ""))
        return ({"file": file} if as_object else file), stored.astype(np.float64)

    def inline(self, values, decimals=3):
        values = np.round(np.asarray(values, dtype=np.float64), decimals)
        self.forms.add("inline")
        text = json.dumps(values.tolist())
        return json.loads(text), np.asarray(json.loads(text), dtype=np.float64)

    def random_kernel(self, n_in, n_out, scale):
        return self.rng.normal(0.0, scale / np.sqrt(n_in), size=(n_in, n_out))

    def dense(self, units, kernel, bias=None, activation=None, alpha=None, layout="in_out", scale=1.5,
              bias_scale=0.3, bias_mean=0.0, kernel_values=None, bias_values=None):
        """kernel/bias: callables taking the values to store and returning (ref, exact values); the values are
        drawn here unless given. The kernel is stored (in, out), or (out, in) for layout out_in."""
        assert len(self.shape) == 1, "dense needs rank 1"
        n_in = self.width
        w = self.random_kernel(n_in, units, scale) if kernel_values is None else np.asarray(kernel_values, float)
        stored_w = w if layout == "in_out" else w.T
        kref, kexact = kernel(stored_w)
        layer = {"type": "dense", "units": units, "kernel": kref}
        if layout != "in_out":
            layer["kernel_layout"] = layout
        kexact = kexact if layout == "in_out" else kexact.T
        bexact = None
        if bias is None:
            layer["use_bias"] = False
        else:
            b = (self.rng.normal(bias_mean, bias_scale, size=units) if bias_values is None
                 else np.asarray(bias_values, float))
            layer["bias"], bexact = bias(b)
        if activation is not None:
            layer["activation"] = activation
            if alpha is not None:
                layer["alpha"] = alpha
        self.layers.append(layer)
        self.ops.append(("dense", kexact, bexact))
        if activation is not None and canonical(activation) != "linear":
            self.ops.append(("act", canonical(activation), self._alpha(activation, alpha)))
        self.width, self.shape = units, [units]
        return layer

    def _alpha(self, name, alpha):
        name = canonical(name)
        if name in DEFAULT_ALPHA:
            return DEFAULT_ALPHA[name] if alpha is None else alpha
        return None

    def act(self, name, alpha=None, via_activation_type=False, layer_name=None):
        layer = {"type": "activation", "activation": name} if via_activation_type else {"type": name}
        if alpha is not None:
            layer["alpha"] = alpha
        if layer_name:
            layer["name"] = layer_name
        self.layers.append(layer)
        if name in ("softmax", "log_softmax"):
            self.ops.append((name,))
        elif canonical(name) != "linear":
            self.ops.append(("act", canonical(name), self._alpha(name, alpha)))
        return layer

    def softmax(self, log=False):
        return self.act("log_softmax" if log else "softmax")

    def flatten(self):
        self.layers.append({"type": "flatten"})
        self.shape = [self.width]

    # ------------------------------------------------------------------ reference evaluation (float64)
    def forward_trace(self, x):
        """Returns (y, tape) for one flat input; the tape holds what each op's backward rule needs."""
        v = np.asarray(x, dtype=np.float64).reshape(-1)
        tape = []
        for op in self.ops:
            kind = op[0]
            if kind == "dense":
                _, w, b = op
                z = v @ w
                v = z + b if b is not None else z
                tape.append(None)
            elif kind == "act":
                _, name, alpha = op
                f, _ = ACTIVATIONS[name]
                tape.append(v)
                v = f(v, alpha)
            elif kind == "softmax":
                e = np.exp(v - v.max())
                v = e / e.sum()
                tape.append(v)
            elif kind == "log_softmax":
                shifted = v - v.max()
                lse = np.log(np.exp(shifted).sum())
                tape.append(np.exp(shifted - lse))
                v = shifted - lse
            else:
                raise ValueError(kind)
        return v, tape

    def jacobian(self, x, override=None):
        """override {(op index, unit): derivative} replaces an activation derivative (kink sensitivity check)."""
        y, tape = self.forward_trace(x)
        g = np.eye(y.size)
        for idx in reversed(range(len(self.ops))):
            op, saved = self.ops[idx], tape[idx]
            kind = op[0]
            if kind == "dense":
                g = g @ op[1].T
            elif kind == "act":
                d = ACTIVATIONS[op[1]][1](saved, op[2])
                for (oi, unit), value in (override or {}).items():
                    if oi == idx:
                        d[unit] = value
                g = g * d[None, :]
            elif kind == "softmax":
                s = saved
                g = s[None, :] * (g - (g @ s)[:, None])
            elif kind == "log_softmax":
                s = saved
                g = g - g.sum(axis=1)[:, None] * s[None, :]
        return y, g

    def kink_distance(self, x):
        """Smallest distance of any piecewise-activation unit from its kink at input x."""
        v = np.asarray(x, dtype=np.float64).reshape(-1)
        worst = np.inf
        for op in self.ops:
            if op[0] == "act" and op[1] in KINKS:
                for k in KINKS[op[1]]:
                    worst = min(worst, float(np.min(np.abs(v - k))))
            v = self._apply(op, v)
        return worst

    @staticmethod
    def _apply(op, v):
        """One op of the float64 forward pass (as forward_trace, without the tape)."""
        kind = op[0]
        if kind == "dense":
            return v @ op[1] + op[2] if op[2] is not None else v @ op[1]
        if kind == "act":
            return ACTIVATIONS[op[1]][0](v, op[2])
        if kind == "softmax":
            e = np.exp(v - v.max())
            return e / e.sum()
        shifted = v - v.max()
        return shifted - np.log(np.exp(shifted).sum())

    def region_counts(self, xs):
        """For each piecewise activation op, how many (point, unit) values fall in each piece."""
        out = []
        for i, op in enumerate(self.ops):
            if op[0] == "act" and op[1] in KINKS:
                edges = KINKS[op[1]]
                counts = [0] * (len(edges) + 1)
                exact = 0
                for x in xs:
                    v = np.asarray(x, float).reshape(-1)
                    for o in self.ops[:i]:
                        v = self._apply(o, v)
                    for t in v:
                        if any(t == e for e in edges):
                            exact += 1
                        counts[int(np.searchsorted(edges, t))] += 1
                out.append(f"{op[1]}:{'/'.join(map(str, counts))}" + (f"(+{exact} on kink)" if exact else ""))
        return " ".join(out)

    # ------------------------------------------------------------------ mpmath cross-check
    def mp_forward(self, x):
        """x: a float64 array, or a list of mpf (for finite differences)."""
        v = list(x) if isinstance(x, list) else [mp.mpf(float(t)) for t in np.asarray(x, float).reshape(-1)]
        zs = []
        for op in self.ops:
            kind = op[0]
            if kind == "dense":
                w, b = op[1], op[2]
                v = [mp.fsum(v[i] * mp.mpf(float(w[i, j])) for i in range(w.shape[0]))
                     + (mp.mpf(float(b[j])) if b is not None else 0) for j in range(w.shape[1])]
                zs.append(None)
            elif kind == "act":
                alpha = None if op[2] is None else mp.mpf(op[2])
                zs.append(v)
                v = [mp_value(op[1], t, alpha) for t in v]
            elif kind == "softmax":
                e = [mp.exp(t) for t in v]
                s = mp.fsum(e)
                v = [t / s for t in e]
                zs.append(v)
            else:
                lse = mp.log(mp.fsum(mp.exp(t) for t in v))
                zs.append([mp.exp(t - lse) for t in v])
                v = [t - lse for t in v]
        return v, zs

    def mp_jacobian(self, x):
        y, zs = self.mp_forward(x)
        m = len(y)
        g = [[mp.mpf(1) if i == j else mp.mpf(0) for j in range(m)] for i in range(m)]
        for op, saved in zip(reversed(self.ops), reversed(zs)):
            kind = op[0]
            if kind == "dense":
                w = op[1]
                g = [[mp.fsum(row[k] * mp.mpf(float(w[j, k])) for k in range(w.shape[1])) for j in range(w.shape[0])]
                     for row in g]
            elif kind == "act":
                alpha = None if op[2] is None else mp.mpf(op[2])
                d = [mp_derivative(op[1], t, alpha) for t in saved]
                g = [[row[j] * d[j] for j in range(len(d))] for row in g]
            elif kind == "softmax":
                s = saved
                g = [[s[j] * (row[j] - mp.fsum(r * q for r, q in zip(row, s))) for j in range(len(s))] for row in g]
            else:
                s = saved
                g = [[row[j] - mp.fsum(row) * s[j] for j in range(len(s))] for row in g]
        return y, g

    def mp_fd_jacobian(self, x):
        flat = [mp.mpf(float(t)) for t in np.asarray(x, float).reshape(-1)]
        h = mp.mpf("1e-15")
        cols = []
        for j in range(len(flat)):
            plus = list(flat)
            minus = list(flat)
            plus[j] += h
            minus[j] -= h
            fp, _ = self.mp_forward(plus)
            fm, _ = self.mp_forward(minus)
            cols.append([(a - b) / (2 * h) for a, b in zip(fp, fm)])
        return [[cols[j][i] for j in range(len(flat))] for i in range(len(cols[0]))]

    # ------------------------------------------------------------------ output
    def draw_inputs(self, scale=1.0, center=0.0):
        xs = list(self.fixed_points)
        tries = 0
        while len(xs) < POINTS:
            x = center + self.rng.normal(0.0, scale, size=self.input_shape)
            tries += 1
            assert tries < 1000, f"{self.folder}: cannot find inputs away from kinks"
            # away from kinks, and not a point where every path is cut (all relus dead): J must not vanish
            if self.kink_distance(x) > KINK_MARGIN and np.max(np.abs(self.jacobian(x)[1])) > 1e-2:
                xs.append(x)
        return np.array(xs, dtype=np.float64)

    def finish(self, x_scale=1.0, jacobian_mode=None, x_center=0.0):
        spec = {"netjac": 1, "name": self.name, "input": {"shape": self.input_shape}}
        if jacobian_mode:
            spec["jacobian"] = {"mode": jacobian_mode}
        spec["layers"] = self.layers
        for f in self.finalizers:
            f()
        with open(os.path.join(self.dir, "spec.json"), "w") as f:
            f.write(format_spec(spec))
        xs = self.draw_inputs(x_scale, x_center)
        ys, jacs = [], []
        for x in xs:
            y, j = self.jacobian(x)
            ys.append(y)
            jacs.append(j)
        ys, jacs = np.array(ys), np.array(jacs)
        self.self_check(xs, ys, jacs)
        write_npy(os.path.join(self.dir, "x.npy"), xs)
        write_npy(os.path.join(self.dir, "y.npy"), ys)
        write_npy(os.path.join(self.dir, "jac.npy"), jacs)
        self.regions = self.region_counts(xs)
        self.xs, self.ys, self.jacs = xs, ys, jacs
        return self

    def self_check(self, xs, ys, jacs):
        mp.mp.dps = 50
        worst_y = worst_j = worst_fd = 0.0
        for p, x in enumerate(xs):
            ymp, jmp = self.mp_jacobian(x)
            ymp = np.array([float(t) for t in ymp])
            jmp_f = np.array([[float(t) for t in row] for row in jmp])
            worst_y = max(worst_y, np.max(np.abs(ymp - ys[p])) / max(1.0, np.max(np.abs(ymp))))
            worst_j = max(worst_j, np.max(np.abs(jmp_f - jacs[p])) / max(1.0, np.max(np.abs(jmp_f))))
            if p >= len(self.fixed_points):
                fd = self.mp_fd_jacobian(x)
                diff = max(abs(a - b) for ra, rb in zip(fd, jmp) for a, b in zip(ra, rb))
                worst_fd = max(worst_fd, float(diff) / max(1.0, float(np.max(np.abs(jmp_f)))))
        assert worst_y < 1e-14 and worst_j < 1e-14 and worst_fd < 1e-20, (self.folder, worst_y, worst_j, worst_fd)
        self.check_errors = (worst_y, worst_j, worst_fd)


def format_spec(spec):
    """JSON with one layer per line (inline arrays stay on their layer's line)."""
    head = {k: v for k, v in spec.items() if k != "layers"}
    lines = ["{"]
    for k, v in head.items():
        lines.append(f"  {json.dumps(k)}: {json.dumps(v)},")
    lines.append('  "layers": [')
    for i, layer in enumerate(spec["layers"]):
        lines.append("    " + json.dumps(layer) + ("," if i + 1 < len(spec["layers"]) else ""))
    lines.append("  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------- the networks


def n01():
    net = Net("n01_npy_relu_family", "GoldenNpyRelu", [7], 101,
              "relu, relu6, leaky_relu (alpha 0.05 on dense, default 0.2 as layer), explicit linear; every .npy form")
    net.dense(12, lambda w: net.npy("w0.npy", w, "<f4"), lambda b: net.npy("b0.npy", b, "<f4"),
              activation="relu", scale=1.6, bias_scale=0.4)
    net.dense(10, lambda w: net.npy("w1.npy", w, ">f8"), lambda b: net.npy("b1.npy", b, "<f2"),
              activation="relu6", scale=9.0, bias_mean=2.0, bias_scale=1.5)
    net.dense(8, lambda w: net.npy("w2.npy", w, "<f8", fortran=True),
              lambda b: net.npy("b2.npy", b, "<f8", version=(3, 0), as_object=True),
              activation="leaky_relu", alpha=0.05, scale=0.7, bias_scale=0.5)
    net.dense(6, lambda w: net.npy("w3.npy", w, ">f4", fortran=True, version=(2, 0)), None, scale=2.0)
    net.act("leaky_relu")
    net.dense(4, lambda w: net.npy("w4.npy", w, "<f8"), lambda b: net.npy("b4.npy", b, ">f8"),
              activation="linear")
    return net.finish()


def n02():
    net = Net("n02_npz_elu_selu_softmax", "GoldenNpzElu", [8], 202,
              "elu (alpha 0.5 and default 1.0), selu, use_bias false, softmax; np.savez keys incl. 'a/b' and '.npy' suffix")
    npz = Npz(net, "weights.npz", compressed=False)
    net.dense(12, lambda w: npz.add("dense/kernel", w, "<f4"), lambda b: npz.add("dense/bias", b, "<f4"),
              activation="elu", alpha=0.5, scale=2.0, bias_scale=0.5)
    net.dense(10, lambda w: npz.add("w1", w, "<f8"), lambda b: npz.add("b1", b, "<f8", ref_key="b1.npy"),
              activation="selu", scale=1.5)
    net.dense(8, lambda w: npz.add("w2", w, ">f8"), lambda b: npz.add("b2", b, "<f8"), activation="elu", scale=1.5)
    net.dense(5, lambda w: npz.add("w3", w, "<f8"), None, scale=2.0)
    net.softmax()
    return net.finish()


def n03():
    net = Net("n03_npz_compressed_hard", "GoldenNpzCompressedHard", [6], 303,
              "hard_sigmoid (Keras 2), hardsigmoid alias (relu6 form), sigmoid, tanh via type 'activation', log_softmax; np.savez_compressed")
    npz = Npz(net, "params.npz", compressed=True)
    net.dense(12, lambda w: npz.add("k0", w, "<f4"), lambda b: npz.add("b0", b, "<f4"),
              activation="hard_sigmoid", scale=4.5, bias_scale=1.0)
    net.dense(10, lambda w: npz.add("k1", w, "<f8"), lambda b: npz.add("b1", b, "<f8"),
              activation="hardsigmoid", scale=9.0, bias_mean=-1.0, bias_scale=2.0)
    net.dense(8, lambda w: npz.add("k2", w, "<f8"), lambda b: npz.add("b2", b, "<f4"), activation="sigmoid", scale=6.0,
              bias_mean=-1.5)
    net.dense(6, lambda w: npz.add("k3", w, "<f8"), lambda b: npz.add("b3", b, "<f8"), scale=5.0)
    net.act("tanh", via_activation_type=True)
    net.dense(4, lambda w: npz.add("k4", w, "<f8"), lambda b: npz.add("b4", b, "<f8"), scale=3.0)
    net.softmax(log=True)
    return net.finish()


def n04():
    net = Net("n04_safetensors_f32_gelu", "GoldenSafetensorsF32", [9], 404,
              "silu alias, gelu (exact), gelu_tanh; PyTorch layout (out_in) from a F32 safetensors file")
    st = Safetensors(net, "model.safetensors", metadata={"format": "pt"})
    for i, (units, act, scale) in enumerate([(16, "silu", 2.5), (12, "gelu", 3.0), (8, "gelu_tanh", 3.0), (3, None, 1.5)]):
        net.dense(units, lambda w, i=i: st.add(f"net.{2 * i}.weight", w, "F32"),
                  lambda b, i=i: st.add(f"net.{2 * i}.bias", b, "F32"), activation=act, layout="out_in", scale=scale,
                  bias_scale=0.5)
    return net.finish(x_scale=1.2)


def n05():
    net = Net("n05_safetensors_f64_smooth", "GoldenSafetensorsF64", [5], 505,
              "softplus, softsign, mish, log_softmax mid-network, swish; F64 safetensors, out_in")
    st = Safetensors(net, "model.safetensors")
    net.dense(12, lambda w: st.add("fc1.weight", w, "F64"), lambda b: st.add("fc1.bias", b, "F64"),
              activation="softplus", layout="out_in", scale=3.0, bias_scale=1.0)
    net.dense(10, lambda w: st.add("fc2.weight", w, "F64"), lambda b: st.add("fc2.bias", b, "F64"),
              activation="softsign", layout="out_in", scale=3.0, bias_mean=-1.0, bias_scale=1.0)
    net.dense(8, lambda w: st.add("fc3.weight", w, "F64"), lambda b: st.add("fc3.bias", b, "F64"),
              activation="mish", layout="out_in", scale=4.0, bias_scale=1.0)
    net.softmax(log=True)
    net.dense(4, lambda w: st.add("fc4.weight", w, "F64"), lambda b: st.add("fc4.bias", b, "F64"),
              activation="swish", layout="out_in", scale=1.0)
    return net.finish()


def n06():
    net = Net("n06_safetensors_f16_exp", "GoldenSafetensorsF16", [6], 606,
              "exponential, tanh, softmax; F16 safetensors (out_in) with __metadata__ and an unused I64 tensor")
    st = Safetensors(net, "model.safetensors", metadata={"format": "pt", "note": "F16 weights"})
    net.dense(10, lambda w: st.add("l1.weight", w, "F16"), lambda b: st.add("l1.bias", b, "F16"),
              activation="exponential", layout="out_in", scale=1.2, bias_scale=0.3)
    st.add_raw("bn.num_batches_tracked", "I64", [], np.int64(12345).astype("<i8").tobytes())
    net.dense(8, lambda w: st.add("l2.weight", w, "F16"), lambda b: st.add("l2.bias", b, "F16"),
              activation="tanh", layout="out_in", scale=1.0, bias_scale=0.5)
    net.dense(5, lambda w: st.add("l3.weight", w, "F16"), lambda b: st.add("l3.bias", b, "F16"),
              layout="out_in", scale=3.0)
    net.softmax()
    return net.finish()


def n07():
    net = Net("n07_safetensors_bf16", "GoldenSafetensorsBf16", [8], 707,
              "sigmoid, relu, elu alpha 1.5; BF16 safetensors (out_in) mixed with a F32 and a F64 tensor in one file")
    st = Safetensors(net, "model.safetensors", metadata={"format": "pt"})
    net.dense(12, lambda w: st.add("a.weight", w, "BF16"), lambda b: st.add("a.bias", b, "BF16"),
              activation="sigmoid", layout="out_in", scale=4.0)
    net.dense(10, lambda w: st.add("b.weight", w, "BF16"), lambda b: st.add("b.bias", b, "F32"),
              activation="relu", layout="out_in", scale=3.0, bias_mean=-0.3)
    net.dense(6, lambda w: st.add("c.weight", w, "BF16"), lambda b: st.add("c.bias", b, "F64"),
              activation="elu", alpha=1.5, layout="out_in", scale=3.0, bias_mean=-0.5)
    net.dense(3, lambda w: st.add("d.weight", w, "BF16"), None, layout="out_in", scale=1.5)
    return net.finish()


def n08():
    net = Net("n08_flatten_rank2", "GoldenFlatten", [3, 4], 808,
              "rank-2 input [3, 4]: swish on rank 2, flatten, tanh, softmax mid-network then dense; spec jacobian.mode forward")
    net.act("swish")
    net.flatten()
    net.dense(10, lambda w: net.npy("w0.npy", w, "<f4"), lambda b: net.npy("b0.npy", b, "<f4"), activation="tanh",
              scale=1.5)
    net.dense(6, lambda w: net.npy("w1.npy", w, "<f4"), lambda b: net.npy("b1.npy", b, "<f4"), scale=3.0)
    net.softmax()
    net.dense(3, lambda w: net.npy("w2.npy", w, "<f8"), lambda b: net.npy("b2.npy", b, "<f8"), scale=4.0)
    return net.finish(x_scale=1.5, jacobian_mode="forward")


def n09():
    net = Net("n09_inline", "GoldenInline", [4], 909,
              "inline JSON weights (in_out and out_in), relu, softmax via type 'activation', hard_sigmoid_relu6 (spec name), log_softmax via 'activation'")
    net.dense(6, lambda w: net.inline(w), lambda b: net.inline(b), activation="relu", scale=1.5, bias_scale=0.3)
    net.act("softmax", via_activation_type=True)
    net.dense(5, lambda w: net.inline(w), None, activation="hard_sigmoid_relu6", layout="out_in", scale=20.0)
    net.dense(3, lambda w: net.inline(w), lambda b: net.inline(b, 4), scale=2.0)
    net.act("log_softmax", via_activation_type=True)
    return net.finish(x_scale=1.5)


def n10():
    net = Net("n10_deep_mixed", "GoldenDeepMixed", [10], 1010,
              "8 weight layers mixing .npy f32, .npz, safetensors F32 and inline in one spec; gelu, mish, softplus, relu6, "
              "leaky_relu alpha 0.3 / elu alpha 0.7 / linear as separate named layers, selu, log_softmax")
    npz = Npz(net, "more.npz", compressed=True)
    st = Safetensors(net, "torch.safetensors")
    net.dense(16, lambda w: net.npy("w0.npy", w, "<f4"), lambda b: net.npy("b0.npy", b, "<f4"), activation="gelu",
              scale=2.5)
    net.dense(14, lambda w: npz.add("w1", w, "<f4"), lambda b: npz.add("b1", b, "<f4"), activation="mish", scale=2.5)
    net.dense(12, lambda w: st.add("l2.weight", w, "F32"), lambda b: st.add("l2.bias", b, "F32"), layout="out_in",
              activation="softplus", scale=2.0, bias_mean=-1.0)
    net.dense(12, lambda w: net.npy("w3.npy", w, "<f8"), lambda b: net.npy("b3.npy", b, "<f8"), activation="relu6",
              scale=3.0, bias_mean=3.0, bias_scale=1.5)
    net.dense(10, lambda w: npz.add("w4", w, "<f8"), lambda b: npz.add("b4", b, "<f8"), scale=0.8, bias_scale=0.5)
    net.act("leaky_relu", alpha=0.3, layer_name="leaky")
    net.dense(8, lambda w: st.add("l5.weight", w, "F32"), lambda b: st.add("l5.bias", b, "F32"), layout="out_in",
              scale=2.0)
    net.act("elu", alpha=0.7, via_activation_type=True, layer_name="elu_layer")
    net.act("linear", layer_name="identity")
    net.dense(6, lambda w: net.inline(w), lambda b: net.inline(b), activation="selu", scale=2.0)
    net.dense(4, lambda w: npz.add("w7", w, "<f8"), lambda b: npz.add("b7", b, "<f8"), scale=2.0)
    net.softmax(log=True)
    return net.finish()


def n11():
    """Chosen units land exactly on kinks at x0 = (1, 2, -1, 3): relu at 0, relu6 at 0 and 6, leaky_relu at 0,
    elu at 0, hard_sigmoid at +-2.5 and hard_sigmoid_relu6 at +-3. Kernels hold nonzero dyadic values
    (+-1/2, +-1, +-2) and biases are dyadic with small numerators, so every pre-activation up to the last kinked
    layer is computed exactly in any summation order, and every unit connects to every unit of the next layer
    (a wrong derivative at any kinked unit changes the Jacobian; checked below)."""
    net = Net("n11_kinks", "GoldenKinks", [4], 1111,
              "exact kinks at x0 = (1, 2, -1, 3): relu'(0)=0, relu6'(0)=relu6'(6)=0, leaky_relu'(0)=alpha, elu'(0)=alpha, "
              "hard_sigmoid'(+-2.5)=0, hard_sigmoid_relu6'(+-3)=0; points 1-4 near x0 but away from kinks")
    x0 = np.array([1.0, 2.0, -1.0, 3.0])
    # (units, activation, alpha, targets at x0). The activation outputs at the targets are exact dyadics
    # (relu, relu6, leaky 0.25, elu at >= 0, hard_sigmoid at 0 and its clamps), so the next layer stays exact.
    plan = [
        (4, "relu", None, [0.0, 2.0, -1.0, 1.5]),
        (3, "relu6", None, [6.0, 0.0, 3.0]),
        (3, "leaky_relu", 0.25, [0.0, 1.5, -2.0]),
        (3, "elu", 0.5, [0.0, 0.75, 1.25]),
        (3, "hard_sigmoid", None, [2.5, -2.5, 0.0]),
        (3, "hard_sigmoid_relu6", None, [3.0, -3.0, 1.25]),
    ]
    choices = np.array([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])
    a = [Fraction(t) for t in x0]
    for i, (units, act, alpha, targets) in enumerate(plan):
        w = net.rng.choice(choices, size=(len(a), units)) / (1.0 if i == 0 else 2.0)
        z = [sum((a[r] * Fraction(w[r, c]) for r in range(len(a))), Fraction(0)) for c in range(units)]
        b = [Fraction(t) - zc for t, zc in zip(targets, z)]
        assert all(abs(q.numerator) < 2 ** 20 and (q.denominator & (q.denominator - 1)) == 0 for q in b)
        bias = np.array([float(q) for q in b])
        assert all(Fraction(float(q)) == q for q in b)
        form_k = (lambda v: net.inline(v, 6)) if i % 2 == 0 else (lambda v, i=i: net.npy(f"w{i}.npy", v, "<f8"))
        form_b = (lambda v: net.inline(v, 6)) if i % 2 == 0 else (lambda v, i=i: net.npy(f"b{i}.npy", v, "<f8"))
        net.dense(units, form_k, form_b, activation=act, alpha=alpha, kernel_values=w, bias_values=bias)
        out = ACTIVATIONS[act][0](np.array(targets), alpha)
        a = [Fraction(float(t)) for t in out]
        if i + 1 < len(plan):
            assert all(t * 1024 == int(t * 1024) for t in a), (act, out)
    net.dense(2, lambda w: net.npy("w_out.npy", w, "<f8"), lambda b: net.npy("b_out.npy", b, "<f8"), scale=20.0)
    net.fixed_points = [x0]
    # the float64 forward pass lands exactly on every target at x0
    v = x0.copy()
    k = 0
    for op in net.ops:
        if op[0] == "act":
            assert np.array_equal(v, np.array(plan[k][3])), (k, v)
            k += 1
        v = net._apply(op, v)
    assert k == len(plan)
    # every kinked unit matters: giving it the other side's derivative changes J(x0) visibly
    _, j0 = net.jacobian(x0)
    assert np.max(np.abs(j0)) > 0.05
    act_ops = [idx for idx, op in enumerate(net.ops) if op[0] == "act"]
    for idx, (units, act, alpha, targets) in zip(act_ops, plan):
        for unit, t in enumerate(targets):
            if t in KINKS[act]:
                other = ACTIVATIONS[act][1](np.array([t + 1e-9, t - 1e-9]), alpha)
                conv = ACTIVATIONS[act][1](np.array([t]), alpha)[0]
                flipped = other[0] if other[0] != conv else other[1]
                _, jf = net.jacobian(x0, override={(idx, unit): flipped})
                assert np.max(np.abs(jf - j0)) > 0.05 * np.max(np.abs(j0)), (act, unit, t)
    net.kink_sensitivity = True
    return net.finish(x_scale=0.15, x_center=x0)


NETWORKS = [n01, n02, n03, n04, n05, n06, n07, n08, n09, n10, n11]


def main():
    nets = [make() for make in NETWORKS]
    total = 0
    for net in nets:
        size = sum(os.path.getsize(os.path.join(net.dir, f)) for f in os.listdir(net.dir))
        total += size
        layers = " > ".join(describe(layer) for layer in net.layers)
        print(f"{net.folder}  x{net.input_shape} -> {net.jacs.shape[1]}  {size} B")
        print(f"  layers:  {layers}")
        print(f"  weights: {', '.join(sorted(net.forms)) or '-'}")
        print(f"  pieces:  {net.regions or '-'}")
        print("  self-check vs mpmath: y %.1e  J %.1e  FD %.1e   max|y| %.2g  max|J| %.2g  zero J entries %d/%d" % (
            *net.check_errors, np.max(np.abs(net.ys)), np.max(np.abs(net.jacs)), np.sum(net.jacs == 0), net.jacs.size))
    print(f"total {total} bytes in {len(nets)} networks")


def describe(layer):
    if layer["type"] == "dense":
        act = layer.get("activation", "")
        alpha = f"({layer['alpha']})" if "alpha" in layer else ""
        return f"dense{layer['units']}" + (f"/{act}{alpha}" if act else "") + ("/nobias" if layer.get("use_bias") is False else "")
    if layer["type"] == "activation":
        return f"activation:{layer['activation']}"
    return layer["type"] + (f"({layer['alpha']})" if "alpha" in layer else "")


if __name__ == "__main__":
    main()
