#!/usr/bin/env python3
"""Writes the weight-reader test fixtures in this directory, using real numpy.

Run from anywhere:  python3 generator/src/test/resources/weights/make_weight_fixtures.py

Outputs (all small and deterministic; commit them together with this script):
  *.npy               numpy.save / numpy.lib.format.write_array in several dtypes, byte orders,
                      memory orders and format versions
  weights.npz         numpy.savez (stored entries)
  weights_compressed.npz  numpy.savez_compressed (deflated entries)
  model.safetensors   written by hand (the safetensors package is not a dependency): F32, F64, F16,
                      BF16 and an I64 tensor the reader must refuse
  expected.json       the exact value of every array as a row-major float64 list, computed by numpy
                      after rounding to the stored dtype; NaN/Infinity/-Infinity are strings

The Java tests compare what the readers return with expected.json bit for bit.
"""
import json
import os
import struct
import time
from pathlib import Path
from unittest import mock

import numpy as np

OUT = Path(__file__).resolve().parent
# numpy 2.x stamps .npz entries with a fixed 1980 date; pinning the clock keeps re-runs byte-identical
# with numpy versions that use the current time instead.
FIXED_TIME = 1700000000.0


def values(array):
    """Row-major float64 values of `array` for expected.json (non-finite values as strings)."""
    out = []
    for x in np.asarray(array, dtype=np.float64).ravel(order="C"):
        x = float(x)
        if np.isnan(x):
            out.append("NaN")
        elif np.isinf(x):
            out.append("Infinity" if x > 0 else "-Infinity")
        else:
            out.append(x)
    return out


def describe(array):
    return {"shape": list(array.shape), "values": values(array)}


def save_npy(name, array, version=None):
    with open(OUT / name, "wb") as f:
        np.lib.format.write_array(f, array, version=version, allow_pickle=False)
    # sanity check: numpy reads back exactly what we describe
    back = np.load(OUT / name, allow_pickle=False)
    assert back.dtype == array.dtype and back.shape == array.shape
    assert np.array_equal(back, array, equal_nan=True)
    return describe(back)


def main():
    os.environ["TZ"] = "UTC"
    time.tzset()
    rng = np.random.default_rng(20240601)
    expected = {"npy": {}, "npz": {}, "safetensors": {}}
    npy = expected["npy"]

    a34 = rng.standard_normal((3, 4))
    npy["f8_le_c.npy"] = save_npy("f8_le_c.npy", a34.astype("<f8"))
    npy["f8_be_c.npy"] = save_npy("f8_be_c.npy", a34.astype(">f8"))

    a23 = rng.standard_normal((2, 3)) * 100
    npy["f4_le_c.npy"] = save_npy("f4_le_c.npy", a23.astype("<f4"))
    npy["f4_be_c.npy"] = save_npy("f4_be_c.npy", a23.astype(">f4"))

    fortran = np.asfortranarray(rng.standard_normal((3, 4)).astype("<f8"))
    assert fortran.flags.f_contiguous and not fortran.flags.c_contiguous
    npy["f8_le_fortran.npy"] = save_npy("f8_le_fortran.npy", fortran)

    fortran3 = np.asfortranarray(rng.standard_normal((2, 3, 4)).astype(">f4"))
    npy["f4_be_fortran_3d.npy"] = save_npy("f4_be_fortran_3d.npy", fortran3)

    npy["f8_c_3d.npy"] = save_npy("f8_c_3d.npy", rng.standard_normal((2, 3, 4)).astype("<f8"))

    half_specials = np.array(
        [0.0, -0.0, 1.0, -2.5, 65504.0, -65504.0, 2.0 ** -24, 3 * 2.0 ** -24, 2.0 ** -14 - 2.0 ** -24,
         2.0 ** -14, 0.1, 1e-5, np.inf, -np.inf, np.nan, 1.0 / 3.0], dtype=np.float64)
    npy["f2_le.npy"] = save_npy("f2_le.npy", half_specials.astype("<f2"))
    npy["f2_be.npy"] = save_npy("f2_be.npy", (rng.standard_normal((2, 3)) * 10).astype(">f2"))

    npy["f8_v2.npy"] = save_npy("f8_v2.npy", rng.standard_normal((4, 5)).astype("<f8"), version=(2, 0))
    npy["f4_v3.npy"] = save_npy("f4_v3.npy", rng.standard_normal(3).astype("<f4"), version=(3, 0))

    npy["scalar_0d.npy"] = save_npy("scalar_0d.npy", np.array(3.25, dtype="<f8"))
    npy["vector_1d.npy"] = save_npy("vector_1d.npy", rng.standard_normal(7).astype("<f8"))
    npy["empty_0x3.npy"] = save_npy("empty_0x3.npy", np.zeros((0, 3), dtype="<f8"))
    npy["specials_f8.npy"] = save_npy("specials_f8.npy", np.array(
        [np.nan, np.inf, -np.inf, -0.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -1.0],
        dtype="<f8"))

    arrays = {
        "w1": rng.standard_normal((4, 3)),
        "b1": rng.standard_normal(3),
        "w2": rng.standard_normal((3, 2)).astype(np.float32),
        "b2": rng.standard_normal(2).astype(np.float16),
    }
    with mock.patch("time.time", return_value=FIXED_TIME):
        np.savez(OUT / "weights.npz", **arrays)
        np.savez_compressed(OUT / "weights_compressed.npz", **arrays)
    for name in ("weights.npz", "weights_compressed.npz"):
        with np.load(OUT / name, allow_pickle=False) as z:
            expected["npz"][name] = {key: describe(z[key]) for key in sorted(z.files)}

    expected["safetensors"]["model.safetensors"] = write_safetensors(OUT / "model.safetensors", rng)

    with open(OUT / "expected.json", "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True, allow_nan=False)
        f.write("\n")


def write_safetensors(path, rng):
    """A .safetensors file written by hand, laid out as the reference implementation lays it out."""
    f32 = rng.standard_normal((3, 4)).astype("<f4")
    f64 = rng.standard_normal((2, 2)).astype("<f8")
    f16 = np.array([0.0, -0.0, 1.0, 65504.0, 2.0 ** -24, -1.5], dtype="<f2")
    source = np.concatenate([rng.standard_normal(4), [np.inf, 1e-40]]).astype("<f4").reshape(2, 3)
    bf16_bits = (source.view("<u4") >> 16).astype("<u2")  # bfloat16 = top 16 bits of float32
    bf16_values = (bf16_bits.astype("<u4") << 16).view("<f4")
    scalar = np.array(-0.75, dtype="<f4")
    steps = np.array([7], dtype="<i8")

    tensors = [  # (name, dtype, shape, raw bytes, exact values or None)
        ("w_f32", "F32", f32.shape, f32.tobytes(), f32),
        ("w_f64", "F64", f64.shape, f64.tobytes(), f64),
        ("w_f16", "F16", f16.shape, f16.tobytes(), f16),
        ("w_bf16", "BF16", source.shape, bf16_bits.tobytes(), bf16_values),
        ("scalar_f32", "F32", scalar.shape, scalar.tobytes(), scalar),
        ("step_i64", "I64", steps.shape, steps.tobytes(), None),
    ]
    header = {"__metadata__": {"format": "pt", "made_by": "make_weight_fixtures.py"}}
    data = b""
    for name, dtype, shape, raw, _ in tensors:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * (-len(header_bytes) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header_bytes)))
        f.write(header_bytes)
        f.write(data)
    return {name: describe(np.asarray(v)) for name, _, _, _, v in tensors if v is not None}


if __name__ == "__main__":
    main()
