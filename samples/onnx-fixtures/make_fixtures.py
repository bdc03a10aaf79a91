#!/usr/bin/python3
"""Writes the ONNX fixtures of netjac's ONNX import tests (docs/onnx.md), with torch 1.13 and onnx 1.12 (Debian's
python3-torch, python3-onnx; run with /usr/bin/python3). For every model and dtype (float32, float64) and opset:

  <name>.onnx       torch.onnx.export(..., opset_version=OPSET, dynamic batch axis, do_constant_folding=True)
  <name>.x.npy      inputs, batch first (B, ...), float64
  <name>.y.npy      outputs (B, ...), float64: the model run by torch in float64 on the weights as stored in the
                    file (a float32 model's weights rounded to float32, then computed in float64)
  <name>.J.npy      Jacobians (B, M, N) from torch.autograd.functional.jacobian, float64, in the model's own
                    NCHW / C order

Deterministic (seeded); rerun with  /usr/bin/python3 samples/onnx-fixtures/make_fixtures.py [NAME ...]
(names given: only those models, e.g. cnn_depthwise cnn_conv_transpose conv3d_avgpool_ceil).
"""
import os
import sys
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))


class GeluMlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 8)
        self.fc2 = nn.Linear(8, 5)
        self.fc3 = nn.Linear(5, 3)

    def forward(self, x):
        return self.fc3(torch.tanh(self.fc2(F.gelu(self.fc1(x)))))


class PadPoolCnn(nn.Module):
    """NCHW: explicit Pad, a convolution with pads, AveragePool, ReLU, flatten, Linear, softmax."""
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(2, 3, 3, padding=1)
        self.conv2 = nn.Conv2d(3, 4, 3, stride=1)
        self.fc = nn.Linear(4 * 2 * 2, 4)

    def forward(self, x):
        h = F.relu(self.conv1(x))
        h = F.pad(h, (1, 0, 1, 0))
        h = F.avg_pool2d(h, 2)
        h = F.relu(self.conv2(F.pad(h, (1, 1, 1, 1))))
        h = F.avg_pool2d(h, 2, stride=1)
        return torch.softmax(self.fc(h.flatten(1)), dim=1)


class ResidualLnMlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.inp = nn.Linear(5, 8)
        self.ln1 = nn.LayerNorm(8)
        self.fc1 = nn.Linear(8, 8)
        self.ln2 = nn.LayerNorm(8)
        self.fc2 = nn.Linear(8, 8)
        self.out = nn.Linear(8, 2)

    def forward(self, x):
        h = self.inp(x)
        h = h + self.fc1(F.relu(self.ln1(h)))
        h = h + self.fc2(F.gelu(self.ln2(h)))
        return self.out(h)


class DepthwiseCnn(nn.Module):
    """A depthwise convolution (groups = channels), a grouped strided one and a pointwise one."""
    def __init__(self):
        super().__init__()
        self.depthwise = nn.Conv2d(3, 6, 3, padding=1, groups=3)
        self.grouped = nn.Conv2d(6, 4, 2, stride=2, groups=2)
        self.pointwise = nn.Conv2d(4, 2, 1)

    def forward(self, x):
        return self.pointwise(torch.tanh(self.grouped(torch.tanh(self.depthwise(x)))))


class ConvTransposeCnn(nn.Module):
    """ConvTranspose2d with stride, padding and output_padding, then a grouped, dilated one."""
    def __init__(self):
        super().__init__()
        self.up = nn.ConvTranspose2d(2, 4, 3, stride=2, padding=1, output_padding=1)
        self.grouped = nn.ConvTranspose2d(4, 2, 2, groups=2, dilation=2)

    def forward(self, x):
        return self.grouped(torch.tanh(self.up(x)))


class Conv3dNet(nn.Module):
    """Conv3d with padding and strides, then AvgPool3d with ceil_mode (partial windows, count_include_pad off)."""
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv3d(2, 3, (2, 3, 3), stride=(1, 2, 1), padding=(1, 1, 0))
        self.fc = nn.Linear(3 * 3 * 2 * 2, 3)

    def forward(self, x):
        h = F.avg_pool3d(torch.tanh(self.conv(x)), 2, ceil_mode=True, count_include_pad=False)
        return self.fc(h.flatten(1))


class TileNet(nn.Module):
    """Tensor.repeat, exported as Tile with constant repeats (netjac: concatenated copies)."""
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 3)

    def forward(self, x):
        return torch.tanh(self.fc(x).repeat(1, 2, 3))


BOTH = (torch.float32, torch.float64)
MODELS = [
    ("mlp_gelu", GeluMlp, (6,), [13, 17], BOTH),
    ("cnn_pad_avgpool", PadPoolCnn, (2, 6, 6), [13, 17], BOTH),
    ("residual_layernorm", ResidualLnMlp, (5,), [13, 17], BOTH),
    ("cnn_depthwise", DepthwiseCnn, (3, 5, 5), [13], (torch.float64,)),
    ("cnn_conv_transpose", ConvTransposeCnn, (2, 3, 3), [13], (torch.float64,)),
    ("conv3d_avgpool_ceil", Conv3dNet, (2, 4, 5, 5), [13], (torch.float64,)),
    ("tile_repeat", TileNet, (2, 3), [13], (torch.float64,)),
]
TAGS = {torch.float32: "f32", torch.float64: "f64"}


def randomize(model, generator):
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn(p.shape, generator=generator, dtype=torch.float64) * 0.5)


def main(only):
    for name, cls, shape, opsets, dtypes in MODELS:
        if only and name not in only:
            continue
        for dtype in dtypes:
            tag = TAGS[dtype]
            generator = torch.Generator().manual_seed(1234)
            model = cls().double()
            randomize(model, generator)
            model.eval()
            stored = cls().to(dtype)
            stored.load_state_dict({k: v.to(dtype) for k, v in model.state_dict().items()})
            stored.eval()
            reference = cls().double()
            reference.load_state_dict({k: v.double() for k, v in stored.state_dict().items()})
            reference.eval()
            x = torch.randn((3,) + shape, generator=generator, dtype=torch.float64)
            for opset in opsets:
                base = os.path.join(HERE, f"{name}_{tag}_op{opset}")
                torch.onnx.export(stored, x[:1].to(dtype), base + ".onnx", opset_version=opset,
                                  input_names=["input"], output_names=["output"],
                                  dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
                                  do_constant_folding=True)
                with torch.no_grad():
                    y = reference(x)
                jac = np.stack([torch.autograd.functional.jacobian(lambda v: reference(v[None])[0], x[b])
                                .reshape(y[0].numel(), x[b].numel()).numpy() for b in range(x.shape[0])])
                np.save(base + ".x.npy", x.numpy())
                np.save(base + ".y.npy", y.numpy())
                np.save(base + ".J.npy", jac)
                print(base, tuple(y.shape), jac.shape)


if __name__ == "__main__":
    main(sys.argv[1:])
