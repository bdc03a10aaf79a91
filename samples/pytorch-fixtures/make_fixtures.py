#!/usr/bin/python3
"""The docs/pytorch.md recipe, run for real with Debian's torch 1.13: an nn.Sequential MLP's state_dict saved
as safetensors and as .npy files, the netjac spec that reads it (kernel_layout "out_in", PyTorch's
[out, in] weight layout), and torch's own float64 outputs and autograd Jacobians at a few inputs.

Output: generator/src/test/resources/pytorch/sequential_mlp/ (read by PytorchRecipeTest).
The `safetensors` package is not in Debian, so save_safetensors below writes the format (an 8-byte
little-endian header length, a JSON header of dtype/shape/data_offsets, then the raw little-endian tensor
bytes), exactly what safetensors.torch.save_file(model.state_dict(), path) writes; with the package
installed, use that call instead.
"""
import json
import os
import struct

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "generator", "src", "test", "resources",
                   "pytorch", "sequential_mlp")


def save_safetensors(tensors, path):
    dtypes = {torch.float64: "F64", torch.float32: "F32"}
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtypes[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def main():
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(3, 8), torch.nn.Tanh(),
        torch.nn.Linear(8, 4), torch.nn.ReLU(),
        torch.nn.Linear(4, 2)).double()
    os.makedirs(OUT, exist_ok=True)
    state = model.state_dict()  # keys "0.weight", "0.bias", "2.weight", ...: the module's index in the Sequential
    save_safetensors(state, os.path.join(OUT, "model.safetensors"))
    for name, t in state.items():
        np.save(os.path.join(OUT, name.replace(".", "_") + ".npy"), t.numpy())

    def dense(index, activation=None, source="safetensors"):
        layer = {"type": "dense", "units": state[f"{index}.weight"].shape[0], "kernel_layout": "out_in"}
        if source == "safetensors":
            layer["kernel"] = {"file": "model.safetensors", "tensor": f"{index}.weight"}
            layer["bias"] = {"file": "model.safetensors", "tensor": f"{index}.bias"}
        else:
            layer["kernel"], layer["bias"] = f"{index}_weight.npy", f"{index}_bias.npy"
        if activation:
            layer["activation"] = activation
        return layer

    for source in ("safetensors", "npy"):
        spec = {"netjac": 1, "name": "torch_mlp", "input": {"shape": [3]},
                "layers": [dense(0, "tanh", source), dense(2, "relu", source), dense(4, None, source)]}
        with open(os.path.join(OUT, f"spec_{source}.json"), "w") as f:
            json.dump(spec, f, indent=2)
            f.write("\n")

    xs = torch.randn(4, 3, dtype=torch.float64)
    samples = []
    for x in xs:
        y = model(x)
        jac = torch.autograd.functional.jacobian(model, x)
        samples.append({"x": x.tolist(), "y": y.tolist(), "jacobian": jac.reshape(-1).tolist()})
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"torch": torch.__version__, "samples": samples}, f, indent=1)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
