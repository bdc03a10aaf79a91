#!/usr/bin/env python3
"""Generate the netjac sample network `samples/seed` and its NumPy references.

The network is the toy network of the blog post "Computing the Jacobian matrix
of a neural network in Python": N=500 inputs, H=100 hidden units, M=10 outputs,

    affine (y = x . W + b, W of shape (in, out)) -> ReLU -> affine -> softmax

Two variants are written, each to its own folder next to this script:

  blog/    the blog's weights as drawn: w1 = randn(500,100), b1 = randn(100),
           w2 = randn(100,10), b2 = randn(10). With these the logits are
           huge (std ~ 100), the softmax is (mostly) saturated and the
           Jacobian entries are tiny.
  scaled/  the *same draws*, with only the weight matrices scaled by
           1/sqrt(fan_in): w1/sqrt(500), w2/sqrt(100). Biases are kept as
           drawn (N(0,1)). ~60 % of the ReLU units are active at the reference
           inputs and the softmax is far from saturated (max prob ~ 0.35-0.42).

Determinism: one generator, np.random.default_rng(20261127) (PCG64), drawn in
this fixed order with standard_normal / random:
  w1 (500,100), b1 (100,), w2 (100,10), b2 (10,),          [weights]
  x[0:6] = random((6,500))   uniform [0,1), as the blog draws its inputs,
  x[6:8] = standard_normal((2,500))  two Gaussian inputs (negative entries too).
Both variants use the same 8 reference inputs.

The reference outputs and Jacobians are computed with the blog's own NumPy
method: cs231n-style affine/relu/softmax forward/backward functions, the
backward pass pushing the whole M x M identity matrix of upstream gradients
through the layers (re-implemented verbatim below). The Jacobians are checked
against central finite differences (h = 1e-6) on every column.

Regenerate with:  python3 samples/seed/make_seed.py
"""

import os
import sys

import numpy as np

SEED = 20261127
N = 500  # input size
H = 100  # hidden layer size
M = 10   # output size
N_UNIFORM = 6   # reference inputs drawn with rng.random (uniform [0,1))
N_GAUSS = 2     # reference inputs drawn with rng.standard_normal
FD_H = 1e-6     # central finite-difference step

HERE = os.path.dirname(os.path.abspath(__file__))

SPEC_TEMPLATE = """{
  "netjac": 1,
  "name": "%s",
  "input": {"shape": [500]},
  "layers": [
    {"type": "dense", "units": 100, "kernel": "w1.npy", "bias": "b1.npy"},
    {"type": "relu"},
    {"type": "dense", "units": 10, "kernel": "w2.npy", "bias": "b2.npy", "activation": "linear"},
    {"type": "softmax"}
  ]
}
"""


# ---------------------------------------------------------------------------
# The blog's NumPy layers (verbatim apart from formatting).
# ---------------------------------------------------------------------------

def affine_forward(x, w, b):
    """Forward pass of an affine layer.
    x: (I,), w: (I, O), b: (O,) -> out (O,), cache."""
    out = np.dot(x, w) + b
    cache = (x, w)
    return out, cache


def affine_backward(dout, cache):
    """Backward pass of an affine layer.
    dout: upstream Jacobian (M, O) -> Jacobian w.r.t. this layer's input (M, I)."""
    x, w = cache
    dx = np.dot(dout, w.T)
    return dx


def relu_forward(x):
    out = np.maximum(np.zeros(x.shape), x)
    cache = x
    return out, cache


def relu_backward(dout, cache):
    """dout * (x > 0): derivative 0 at exactly 0."""
    x = cache
    dx = dout * np.where(x > 0, np.ones(x.shape), np.zeros(x.shape))
    return dx


def softmax_forward(x):
    """Stable softmax (max subtraction)."""
    exps = np.exp(x - np.max(x))
    s = exps / exps.sum()
    return s, s


def softmax_backward(dout, cache):
    s = cache
    ds = np.diag(s) - np.outer(s, s.T)
    dx = np.dot(dout, ds)
    return dx


def forward_backward(x, w1, b1, w2, b2):
    """The blog's forward + backward pass: returns (out (M,), jacobian (M, N))."""
    a1, cache_a1 = affine_forward(x, w1, b1)
    r1, cache_r1 = relu_forward(a1)
    a2, cache_a2 = affine_forward(r1, w2, b2)
    out, cache_out = softmax_forward(a2)
    dout = np.diag(np.ones(out.size, ))  # d(each output)/d(each output)
    dout = softmax_backward(dout, cache_out)
    dout = affine_backward(dout, cache_a2)
    dout = relu_backward(dout, cache_r1)
    dx = affine_backward(dout, cache_a1)
    return out, dx


def ffpass_np(x, w1, b1, w2, b2):
    """The blog's plain feed-forward function (its ffpass_anp, in plain numpy)."""
    a1 = np.dot(x, w1) + b1
    a1 = np.maximum(0, a1)
    a2 = np.dot(a1, w2) + b2
    exps = np.exp(a2 - np.max(a2))
    return exps / exps.sum()


# ---------------------------------------------------------------------------

def draw():
    rng = np.random.default_rng(SEED)
    w1 = rng.standard_normal((N, H))
    b1 = rng.standard_normal(H)
    w2 = rng.standard_normal((H, M))
    b2 = rng.standard_normal(M)
    x = np.vstack([rng.random((N_UNIFORM, N)),
                   rng.standard_normal((N_GAUSS, N))])
    return (w1, b1, w2, b2), x


def save(path, arr):
    arr = np.ascontiguousarray(arr, dtype=np.float64)
    np.save(path, arr, allow_pickle=False)


def fd_jacobian(x, params):
    """Central finite differences on every input column, using ffpass_np."""
    J = np.empty((M, N))
    for j in range(N):
        xp = x.copy()
        xm = x.copy()
        xp[j] += FD_H
        xm[j] -= FD_H
        J[:, j] = (ffpass_np(xp, *params) - ffpass_np(xm, *params)) / (2 * FD_H)
    return J


def make_variant(folder, name, params, X):
    w1, b1, w2, b2 = params
    ref = os.path.join(folder, "reference")
    os.makedirs(ref, exist_ok=True)
    for fname, arr in (("w1.npy", w1), ("b1.npy", b1),
                       ("w2.npy", w2), ("b2.npy", b2)):
        save(os.path.join(folder, fname), arr)
    with open(os.path.join(folder, "seed.json"), "w", newline="\n") as f:
        f.write(SPEC_TEMPLATE % name)

    Y = np.empty((X.shape[0], M))
    JAC = np.empty((X.shape[0], M, N))
    for k, x in enumerate(X):
        Y[k], JAC[k] = forward_backward(x, *params)
    save(os.path.join(ref, "x.npy"), X)
    save(os.path.join(ref, "y.npy"), Y)
    save(os.path.join(ref, "jac.npy"), JAC)

    # ---- self-checks and statistics ------------------------------------
    lines = ["variant %s (%s), seed %d, central FD h = %g on all %d columns"
             % (os.path.basename(folder), name, SEED, FD_H, N),
             "input kinds: x[0:%d] uniform [0,1), x[%d:%d] standard normal"
             % (N_UNIFORM, N_UNIFORM, N_UNIFORM + N_GAUSS),
             "%-3s %-7s %8s %9s %9s %10s %10s %10s %10s %10s %8s" % (
                 "k", "kind", "relu_on", "min|a1|", "max y", "max|J|",
                 "fd_abserr", "fd_relerr", "row_relerr", "min|J_r|", "|y-ff|")]
    worst_abs = 0.0
    worst_rel = 0.0
    worst_row = 0.0
    fails = 0
    active = []
    for k, x in enumerate(X):
        a1 = np.dot(x, w1) + b1
        on = float(np.mean(a1 > 0))
        active.append(on)
        Jfd = fd_jacobian(x, params)
        err = float(np.max(np.abs(JAC[k] - Jfd)))
        jmax = float(np.max(np.abs(JAC[k])))
        rel = err / jmax if jmax > 0 else float("inf")
        # Row-wise relative check on the outputs that are not close to 1:
        # there FD resolves even tiny (saturated) entries to ~1e-10 relative,
        # whereas the dominant output of a saturated softmax rounds to 1.0 and
        # its row is below FD resolution. Rows that underflow are skipped.
        row_rel = 0.0
        row_min = float("inf")
        for i in range(M):
            rmax = float(np.max(np.abs(JAC[k, i])))
            if Y[k, i] < 0.5 and rmax > 1e-280:
                row_rel = max(row_rel, float(np.max(np.abs(JAC[k, i] - Jfd[i]))) / rmax)
                row_min = min(row_min, rmax)
        worst_abs = max(worst_abs, err)
        worst_rel = max(worst_rel, rel)
        worst_row = max(worst_row, row_rel)
        # absolute FD check: FD noise floor ~ eps/h ~ 1e-10, truncation ~ h^2
        fails += not (err <= 1e-9 + 1e-6 * jmax and row_rel < 1e-6)
        ydiff = float(np.max(np.abs(Y[k] - ffpass_np(x, *params))))
        assert abs(Y[k].sum() - 1.0) < 1e-12
        lines.append("%-3d %-7s %8.3f %9.2e %9.6f %10.3e %10.3e %10.3e %10.3e %10.3e %8.1e" % (
            k, "uniform" if k < N_UNIFORM else "normal", on,
            float(np.min(np.abs(a1))), float(Y[k].max()), jmax, err, rel,
            row_rel, row_min, ydiff))
    jmax_all = float(np.max(np.abs(JAC)))
    lines += [
        "active ReLU share: mean %.3f (min %.3f, max %.3f)"
        % (np.mean(active), np.min(active), np.max(active)),
        "max |J| over all inputs: %.6e" % jmax_all,
        "max |J_blog - J_fd| over all inputs: %.3e" % worst_abs,
        "max (|J_blog - J_fd| / max|J|) per input: %.3e" % worst_rel,
        "max row-wise relative error (rows with y_i < 0.5): %.3e" % worst_row,
        "FD check: %s" % ("PASSED" if fails == 0 else "FAILED (%d inputs)" % fails),
    ]
    text = "\n".join(lines) + "\n"
    with open(os.path.join(ref, "fd_check.txt"), "w", newline="\n") as f:
        f.write(text)
    print(text)
    return fails == 0


def main():
    (w1, b1, w2, b2), X = draw()
    variants = [
        ("blog", "SeedNet", (w1, b1, w2, b2)),
        ("scaled", "ScaledSeedNet", (w1 / np.sqrt(N), b1, w2 / np.sqrt(H), b2)),
    ]
    ok = True
    for folder, name, params in variants:
        ok &= make_variant(os.path.join(HERE, folder), name, params, X)
    if not ok:
        print("FD check FAILED", file=sys.stderr)
        sys.exit(1)
    print("numpy", np.__version__, "- all FD checks passed")


if __name__ == "__main__":
    main()
