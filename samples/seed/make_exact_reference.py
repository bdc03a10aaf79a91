#!/usr/bin/python3
"""Exact-to-float64 Jacobians of the seed networks: reference/jac_exact.npy for blog/ and scaled/.

The NumPy references (make_seed.py's jac.npy) use the blog's softmax Jacobian diag(s) - s s^T, which cancels
in a saturated softmax: with the blog's randn weights the top probability is 1 to the last bit, so NumPy's top
Jacobian row is s_m (1 - s_m) = 0 where the true row is ~1e-26, and its other rows near 1 - s_m lose ~8 digits
when 1 - s_m ~ 1e-8. This script recomputes every Jacobian with mpmath at 50 significant digits (more in the softmax) from the same
float64 weights and inputs (each float64 value converted exactly), as the product of the layers' local
Jacobians, and rounds the result to float64. Every entry is then correct to ~1 ulp of itself, so the file can
be compared per row, relative to the row's largest entry, at any float64 tolerance.

Needs mpmath (Debian's python3-mpmath); run with /usr/bin/python3 samples/seed/make_exact_reference.py (~1 min).
"""

import os

import numpy as np
from mpmath import mp, mpf, exp

mp.dps = 50
HERE = os.path.dirname(os.path.abspath(__file__))


def jacobian(x, w1, b1, w2, b2):
    n, h = w1.shape
    m = w2.shape[1]
    z1 = [mpf(float(b1[j])) + mp.fsum(mpf(float(x[k])) * mpf(float(w1[k, j])) for k in range(n)) for j in range(h)]
    active = [j for j in range(h) if z1[j] > 0]
    z2 = [mpf(float(b2[i])) + mp.fsum(z1[j] * mpf(float(w2[j, i])) for j in active) for i in range(m)]
    top = max(z2)
    # 1 - s_max can be e^(min - max) ~ 1e-235: the softmax carries that many extra digits, or the textbook
    # local Jacobian below would cancel even at 50 digits.
    extra = int(mp.ceil((top - min(z2)) / mp.log(10)))
    with mp.workdps(50 + extra):
        e = [exp(z - top) for z in z2]
        total = mp.fsum(e)
        s = [v / total for v in e]
        # d s_i / d z_j = s_i (delta_ij - s_j)
        local = [[+(s[i] * ((1 if i == j else 0) - s[j])) for j in range(m)] for i in range(m)]
    # G = d z2 / d x: row i is sum over active j of w2[j, i] * w1[:, j]
    w1m = [[mpf(float(w1[k, j])) for k in range(n)] for j in active]
    g = []
    for i in range(m):
        coeffs = [mpf(float(w2[j, i])) for j in active]
        g.append([mp.fsum(c * row[k] for c, row in zip(coeffs, w1m)) for k in range(n)])
    jac = np.empty((m, n))
    for i in range(m):
        for k in range(n):
            jac[i, k] = float(mp.fsum(local[i][j] * g[j][k] for j in range(m)))
    return jac


def main():
    for variant in ("blog", "scaled"):
        d = os.path.join(HERE, variant)
        w1, b1, w2, b2 = (np.load(os.path.join(d, f)) for f in ("w1.npy", "b1.npy", "w2.npy", "b2.npy"))
        xs = np.load(os.path.join(d, "reference", "x.npy"))
        out = np.stack([jacobian(x, w1, b1, w2, b2) for x in xs])
        np.save(os.path.join(d, "reference", "jac_exact.npy"), out)
        numpy_jac = np.load(os.path.join(d, "reference", "jac.npy"))
        worst = 0.0
        for p in range(out.shape[0]):
            for i in range(out.shape[1]):
                worst = max(worst, np.abs(numpy_jac[p, i] - out[p, i]).max() / np.abs(out[p, i]).max())
        print(f"{variant}: wrote reference/jac_exact.npy {out.shape}; NumPy's jac.npy rows off by up to {worst:.1e} of their largest entry")


if __name__ == "__main__":
    main()
