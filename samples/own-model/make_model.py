"""Bring your own PyTorch model to netjac: save its weights and a reference from PyTorch itself.

A 3 -> 3 -> 3 MLP on purpose: its square weights fit netjac's default (Keras) kernel layout too, so a spec
that forgets "kernel_layout": "out_in" reads without complaint and evaluates wrongly. Only comparing with
PyTorch's own outputs (`netjac check --expect`) catches that.

Run with /usr/bin/python3 (torch, numpy):  python3 make_model.py   (writes the .npy files beside this script)
"""
import os

import numpy as np
import torch

here = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(18)
model = torch.nn.Sequential(torch.nn.Linear(3, 3), torch.nn.Tanh(), torch.nn.Linear(3, 3)).double()

# nn.Linear keeps its weight as (out, in): the spec says so with "kernel_layout": "out_in".
for name, tensor in [("w1", model[0].weight), ("b1", model[0].bias), ("w2", model[2].weight), ("b2", model[2].bias)]:
    np.save(os.path.join(here, name + ".npy"), tensor.detach().numpy())

# The reference: inputs, PyTorch's outputs and its Jacobians d y_i / d x_j, shapes (5, 3), (5, 3), (5, 3, 3).
x = torch.randn(5, 3, dtype=torch.float64)
y = model(x).detach()
j = torch.stack([torch.autograd.functional.jacobian(model, row) for row in x])
np.save(os.path.join(here, "x.npy"), x.numpy())
np.save(os.path.join(here, "y.npy"), y.numpy())
np.save(os.path.join(here, "j.npy"), j.numpy())
