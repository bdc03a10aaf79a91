"""Trains the two small surrogate networks the solver samples invert, with NumPy alone, and writes them as netjac
specs with .npy weights:

  arm2/arm2.json  planar 2-link arm (links 1.0, 0.7): joint angles (q1, q2) -> hand position (x, y). Square, so
                  Newton's method solves f(q) = target. Trained on q1 in [-1, 1.5], q2 in [0.3, 2.6] (one elbow
                  posture, away from the straight-arm singularity, so the map is invertible there).
  arm3/arm3.json  planar 3-link arm (links 1.0, 0.7, 0.5): (q1, q2, q3) -> (x, y). Redundant: infinitely many
                  postures reach a point, so the sample uses Levenberg-Marquardt with joint limits (bounds) and a
                  Tikhonov pull towards a rest posture.

Both are tanh MLPs 2(3) -> 32 -> 32 -> 2 trained by full-batch Adam on the exact kinematics; the script prints
the surrogate's error on fresh points. Run: python3 samples/solver/make_surrogates.py (seeded, reproducible).
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def kinematics(q, links):
    angle = np.cumsum(q, axis=1)
    x = (np.cos(angle) * links).sum(axis=1)
    y = (np.sin(angle) * links).sum(axis=1)
    return np.stack([x, y], axis=1)


def train(rng, lows, highs, links, hidden=32, steps=6000, samples=6000):
    n = len(lows)
    q = rng.uniform(lows, highs, size=(samples, n))
    y = kinematics(q, np.array(links))
    sizes = [n, hidden, hidden, 2]
    params = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        params += [rng.normal(0, 1 / np.sqrt(a), (a, b)), np.zeros(b)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, b1, b2 = 3e-3, 0.9, 0.999
    for step in range(1, steps + 1):
        w1, c1, w2, c2, w3, c3 = params
        h1 = np.tanh(q @ w1 + c1)
        h2 = np.tanh(h1 @ w2 + c2)
        out = h2 @ w3 + c3
        g = 2 * (out - y) / samples
        gw3, gc3 = h2.T @ g, g.sum(0)
        g2 = (g @ w3.T) * (1 - h2 ** 2)
        gw2, gc2 = h1.T @ g2, g2.sum(0)
        g1 = (g2 @ w2.T) * (1 - h1 ** 2)
        gw1, gc1 = q.T @ g1, g1.sum(0)
        rate = lr * (0.1 if step > 0.8 * steps else 1.0)
        for i, grad in enumerate([gw1, gc1, gw2, gc2, gw3, gc3]):
            m[i] = b1 * m[i] + (1 - b1) * grad
            v[i] = b2 * v[i] + (1 - b2) * grad ** 2
            params[i] -= rate * (m[i] / (1 - b1 ** step)) / (np.sqrt(v[i] / (1 - b2 ** step)) + 1e-8)
    test = rng.uniform(lows, highs, size=(2000, n))
    w1, c1, w2, c2, w3, c3 = params
    pred = np.tanh(np.tanh(test @ w1 + c1) @ w2 + c2) @ w3 + c3
    err = np.abs(pred - kinematics(test, np.array(links))).max()
    return params, err


def write(folder, name, params, n, doc):
    path = os.path.join(HERE, folder)
    os.makedirs(path, exist_ok=True)
    files = ["w1.npy", "b1.npy", "w2.npy", "b2.npy", "w3.npy", "b3.npy"]
    for f, p in zip(files, params):
        np.save(os.path.join(path, f), p.astype(np.float64))
    spec = {
        "netjac": 1,
        "name": name,
        "description": doc,
        "input": {"shape": [n]},
        "layers": [
            {"type": "dense", "units": 32, "kernel": "w1.npy", "bias": "b1.npy", "activation": "tanh"},
            {"type": "dense", "units": 32, "kernel": "w2.npy", "bias": "b2.npy", "activation": "tanh"},
            {"type": "dense", "units": 2, "kernel": "w3.npy", "bias": "b3.npy"},
        ],
    }
    with open(os.path.join(path, folder + ".json"), "w") as out:
        json.dump(spec, out, indent=2)
        out.write("\n")


def main():
    rng = np.random.default_rng(14)
    params, err = train(rng, [-1.0, 0.3], [1.5, 2.6], [1.0, 0.7])
    print(f"arm2: max |surrogate - kinematics| on 2000 fresh postures: {err:.2e}")
    write("arm2", "Arm2Surrogate", params, 2, "2-link arm forward kinematics surrogate (made by make_surrogates.py)")
    params, err = train(rng, [-1.0, 0.0, -1.5], [1.5, 2.0, 1.5], [1.0, 0.7, 0.5])
    print(f"arm3: max |surrogate - kinematics| on 2000 fresh postures: {err:.2e}")
    write("arm3", "Arm3Surrogate", params, 3, "3-link arm forward kinematics surrogate (made by make_surrogates.py)")


if __name__ == "__main__":
    main()
