#!/usr/bin/env python3
"""Time the blog's NumPy Jacobian method against tighter NumPy formulations.

Uses the `scaled/` weights and the first reference input (run make_seed.py
first). Every formulation computes the output y (10,) and the Jacobian
J (10, 500) at one input; each is checked against the blog's result before
timing. Timing: timeit.repeat, median over REPEAT runs of NUMBER calls each,
printed as microseconds per call.

    python3 samples/benchmarks/numpy_seed_timing.py
"""

import os
import platform
import sys
import timeit

import numpy as np

sys.dont_write_bytecode = True  # keep samples/seed free of __pycache__
HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "..", "seed")
sys.path.insert(0, SEED)
from make_seed import forward_backward  # the blog's method, verbatim

D = os.path.join(SEED, "scaled")
w1, b1, w2, b2 = (np.load(os.path.join(D, f + ".npy")) for f in ("w1", "b1", "w2", "b2"))
x0 = np.load(os.path.join(D, "reference", "x.npy"))[0]
W1T = np.ascontiguousarray(w1.T)  # (H, N) precomputed once, like a compiled class would
W2T = np.ascontiguousarray(w2.T)  # (M, H)

REPEAT = 15
NUMBER = 2000


def blog(x):
    return forward_backward(x, w1, b1, w2, b2)


def suggested(x):
    """J = (diag(s) - s s^T) @ W2^T @ (mask[:, None] * W1^T)  (masks a H x N copy)."""
    a1 = x @ w1 + b1
    mask = a1 > 0
    a2 = (a1 * mask) @ w2 + b2
    e = np.exp(a2 - a2.max())
    s = e / e.sum()
    js = np.diag(s) - np.outer(s, s)
    return s, js @ W2T @ (mask[:, None] * W1T)


def best(x):
    """Mask the small (M, H) factor instead of W1^T, and apply the softmax
    Jacobian as s * (G - s @ G) without forming diag(s) - s s^T:
    G = W2^T[:, mask]-zeroed; J = (s[:, None] * (G - s @ G)) @ W1^T."""
    a1 = x @ w1 + b1
    mask = a1 > 0
    a2 = (a1 * mask) @ w2 + b2
    e = np.exp(a2 - a2.max())
    s = e / e.sum()
    g = W2T * mask                       # (M, H)
    g = s[:, None] * (g - s @ g)         # softmax Jacobian applied: (M, H)
    return s, g @ W1T                    # (M, N)


def best_compact(x):
    """Same as best, but only the active hidden units take part in the big
    product (gather rows of W1^T): J = G[:, act] @ W1^T[act, :]."""
    a1 = x @ w1 + b1
    act = np.flatnonzero(a1 > 0)
    r = a1[act]
    a2 = r @ w2[act] + b2
    e = np.exp(a2 - a2.max())
    s = e / e.sum()
    g = W2T[:, act]
    g = s[:, None] * (g - s @ g)
    return s, g @ W1T[act]


def median_us(fn):
    times = timeit.repeat(lambda: fn(x0), repeat=REPEAT, number=NUMBER)
    return float(np.median(times)) / NUMBER * 1e6, min(times) / NUMBER * 1e6


def blas_info():
    try:
        cfg = np.show_config(mode="dicts")
        deps = cfg.get("Build Dependencies", {})
        parts = []
        for key in ("blas", "lapack"):
            d = deps.get(key, {})
            parts.append("%s: %s %s (%s)" % (key, d.get("name"), d.get("version"),
                                             d.get("openblas configuration", "")))
        return "; ".join(parts)
    except Exception as exc:  # pragma: no cover
        return "unknown (%s)" % exc


def main():
    y_ref, j_ref = blog(x0)
    fns = [("blog forward_backward (np.diag(ones) pushed back)", blog),
           ("suggested: Js @ W2T @ (mask[:,None] * W1T)", suggested),
           ("best: (s*(G - s@G)) @ W1T, G = W2T*mask", best),
           ("best_compact: active rows only", best_compact)]
    for name, fn in fns:
        y, j = fn(x0)
        assert np.allclose(y, y_ref, rtol=1e-12, atol=0), name
        assert np.max(np.abs(j - j_ref)) <= 1e-14 * max(1.0, np.max(np.abs(j_ref))), name

    print("numpy %s, python %s, %s, %d CPUs" % (np.__version__, platform.python_version(),
                                                platform.machine(), os.cpu_count()))
    print("BLAS:", blas_info())
    print("threads env: OPENBLAS_NUM_THREADS=%s OMP_NUM_THREADS=%s" % (
        os.environ.get("OPENBLAS_NUM_THREADS"), os.environ.get("OMP_NUM_THREADS")))
    print("timeit: %d repeats x %d calls, one input, scaled weights" % (REPEAT, NUMBER))
    for name, fn in fns:
        med, mn = median_us(fn)
        print("  %-52s median %8.2f us/call  (min %8.2f)" % (name, med, mn))


if __name__ == "__main__":
    main()
