#!/usr/bin/python3
"""PyTorch 1.13 (Debian's python3-torch) on the seed network, one thread, float64, beside netjac's harness.

Same weights and input as the Interleaved harness's seed-blog rows (samples/seed/blog weights, the first input of
samples/seed/scaled/reference/x.npy). torch 1.13 has no torch.func, so: functorch.jacrev (reverse mode, one
input) and functorch.vmap(functorch.jacrev) over a batch of 16 (time per input), checked against
torch.autograd.functional.jacobian. Median of REPEAT timeit runs.

    /usr/bin/python3 samples/benchmarks/torch_seed_timing.py
"""

import os
import timeit

import numpy as np
import torch
import functorch

torch.set_num_threads(1)
HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "..", "seed")
w1, b1, w2, b2 = (torch.from_numpy(np.load(os.path.join(SEED, "blog", f + ".npy"))) for f in ("w1", "b1", "w2", "b2"))
x0 = torch.from_numpy(np.load(os.path.join(SEED, "scaled", "reference", "x.npy"))[0])
REPEAT = 15
NUMBER = 200


def f(x):
    return torch.softmax(torch.relu(x @ w1 + b1) @ w2 + b2, dim=-1)


def main():
    jac = functorch.jacrev(f)
    batched = functorch.vmap(functorch.jacrev(f))
    xs = x0.repeat(16, 1) * (1 + 0.05 * torch.randn(16, 500, dtype=torch.float64, generator=torch.Generator().manual_seed(11)))
    ref = torch.autograd.functional.jacobian(f, x0)
    assert (jac(x0) - ref).abs().max() <= 1e-12 * ref.abs().max()
    assert batched(xs).shape == (16, 10, 500)
    print("torch %s, %d thread(s), float64, blog weights" % (torch.__version__, torch.get_num_threads()))
    rows = [("functorch.jacrev, one input", lambda: jac(x0), 1),
            ("functorch.vmap(jacrev), B=16, per input", lambda: batched(xs), 16),
            ("forward only", lambda: f(x0), 1)]
    for name, fn, per in rows:
        times = timeit.repeat(fn, repeat=REPEAT, number=NUMBER)
        print("  %-44s median %8.2f us  (min %8.2f)" % (name, np.median(times) / NUMBER / per * 1e6,
                                                     min(times) / NUMBER / per * 1e6))


if __name__ == "__main__":
    main()
