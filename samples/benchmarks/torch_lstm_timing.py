#!/usr/bin/python3
"""LSTM(64) over T = 50 steps of 8 features, then Linear(64 -> 1), float64, one thread (issue 15's benchmark).

Writes the model as ONNX and its input (for netjac: samples/benchmarks LstmTiming), checks functorch.jacrev against
torch.autograd.functional.jacobian, and times torch 1.13's functorch.jacrev (reverse mode) and the forward pass.
Median (and min) of REPEAT timeit runs.

    /usr/bin/python3 samples/benchmarks/torch_lstm_timing.py OUT_DIR
"""
import os
import sys
import timeit

import functorch
import numpy as np
import torch
import torch.nn as nn

torch.set_num_threads(1)
REPEAT = 9
NUMBER = 20


class LstmDense(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(8, 64, batch_first=True)
        self.fc = nn.Linear(64, 1)

    def forward(self, x):
        return self.fc(self.lstm(x)[0][:, -1])


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else '.'
    generator = torch.Generator().manual_seed(15)
    model = LstmDense().double()
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn(p.shape, generator=generator, dtype=torch.float64) * 0.15)
    model.eval()
    x = torch.randn((1, 50, 8), generator=generator, dtype=torch.float64)
    torch.onnx.export(model, x, os.path.join(out, 'lstm64.onnx'), opset_version=14, input_names=['input'],
                      output_names=['output'], dynamic_axes={'input': {0: 'batch'}, 'output': {0: 'batch'}})
    np.save(os.path.join(out, 'lstm64.x.npy'), x.numpy())

    def f(v):
        return model(v.reshape(1, 50, 8)).reshape(1)

    flat = x.reshape(-1)
    ref = torch.autograd.functional.jacobian(f, flat)
    np.save(os.path.join(out, 'lstm64.J.npy'), ref.numpy())
    jac = functorch.jacrev(f)
    assert (jac(flat) - ref).abs().max() <= 1e-12 * ref.abs().max()
    print('torch %s, %d thread(s), float64, LSTM(64) T=50 F=8 -> Linear(1)' % (torch.__version__, torch.get_num_threads()))
    with torch.no_grad():
        rows = [('functorch.jacrev (forward + Jacobian)', lambda: jac(flat))]
    rows.append(('forward only (no_grad)', lambda: torch.no_grad()(f)(flat)))
    for name, fn in rows:
        times = timeit.repeat(fn, repeat=REPEAT, number=NUMBER)
        print('  %-40s median %9.1f us  (min %9.1f)' % (name, np.median(times) / NUMBER * 1e6, min(times) / NUMBER * 1e6))


if __name__ == '__main__':
    main()
