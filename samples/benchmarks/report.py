#!/usr/bin/env python3
"""Turn JMH JSON results into the markdown tables of docs/benchmarks.md.

    python3 samples/benchmarks/report.py target/jmh-plain.json target/jmh-vector.json

The first file is the run with netjac's plain kernels, the second the run with
--add-modules jdk.incubator.vector (Vector API kernels). Every figure is the
JMH score (mean of the measurement iterations, µs per call) with its 99.9%
error; ratios are taken within one run.
"""
import json
import sys


def load(path):
    out = {}
    for r in json.load(open(path)):
        name = r["benchmark"].split(".")[-2] + "." + r["benchmark"].split(".")[-1]
        params = r.get("params", {})
        key = (name, tuple(sorted(params.items())))
        m = r["primaryMetric"]
        out[key] = (m["score"], m["scoreError"])
    return out


def get(results, name, **params):
    return results.get((name, tuple(sorted(params.items()))), (float("nan"), float("nan")))


def fmt(v):
    score, err = v
    if score != score:
        return "—"
    if score >= 1000:
        return f"{score:,.0f} ± {err:,.0f}"
    return f"{score:.2f} ± {err:.2f}"


def ratio(v, base):
    return "—" if v[0] != v[0] or base != base else f"{v[0] / base:.1f}x"


def main():
    plain = load(sys.argv[1])
    vector = load(sys.argv[2]) if len(sys.argv) > 2 else {}

    print("### The blog's network, forward + Jacobian, every JVM alternative (µs per call)\n")
    print("| implementation | plain-kernel run | ratio to netjac | Vector API run | ratio to netjac |")
    print("|---|---|---|---|---|")
    rows = [("netjac generated class", "SeedAlternativesBenchmark.netjacJacobian"),
            ("hand-written Java (per-row arrays)", "SeedAlternativesBenchmark.handWrittenJacobian"),
            ("hand-written Java, Vector API", "SeedAlternativesBenchmark.handWrittenVectorJacobian"),
            ("netjac reference evaluator", "SeedAlternativesBenchmark.referenceJacobian"),
            ("Hipparchus forward-mode AD (Gradient)", "SeedAlternativesBenchmark.hipparchusJacobian")]
    base_p = get(plain, rows[0][1])[0]
    base_v = get(vector, rows[0][1])[0]
    for label, name in rows:
        p, v = get(plain, name), get(vector, name)
        print(f"| {label} | {fmt(p)} | {ratio(p, base_p)} | {fmt(v)} | {ratio(v, base_v)} |")
    print(f"| netjac forward only | {fmt(get(plain, 'SeedAlternativesBenchmark.netjacForward'))} | | "
          f"{fmt(get(vector, 'SeedAlternativesBenchmark.netjacForward'))} | |")
    print(f"| hand-written forward only | {fmt(get(plain, 'SeedAlternativesBenchmark.handWrittenForward'))} | | "
          f"{fmt(get(vector, 'SeedAlternativesBenchmark.handWrittenForward'))} | |")

    nets = ["seed-blog", "seed-scaled", "deep", "wide", "mnist", "cnn"]
    for title, res in (("plain kernels", plain), ("Vector API kernels", vector)):
        if not res:
            continue
        print(f"\n### Every network, {title} (µs per call)\n")
        print("| network | forward | forward + Jacobian | vjp | jvp | reference forward | reference Jacobian | Jacobian speedup vs reference |")
        print("|---|---|---|---|---|---|---|---|")
        for net in nets:
            j = get(res, "NetworkBenchmark.jacobian", network=net)
            rj = get(res, "NetworkBenchmark.referenceJacobian", network=net)
            cells = [fmt(get(res, f"NetworkBenchmark.{b}", network=net))
                     for b in ("forward", "jacobian", "vjp", "jvp", "referenceForward", "referenceJacobian")]
            print(f"| {net} | " + " | ".join(cells) + f" | {rj[0] / j[0]:.0f}x |")

        print(f"\n### Jacobian mode against mode, {title} (forward + Jacobian, µs per call)\n")
        print("| network | reverse | forward | forward / reverse |")
        print("|---|---|---|---|")
        for net in ("wide", "seed-scaled", "deep"):
            r = get(res, "ModeBenchmark.jacobian", network=net, mode="REVERSE")
            f = get(res, "ModeBenchmark.jacobian", network=net, mode="FORWARD")
            print(f"| {net} | {fmt(r)} | {fmt(f)} | {f[0] / r[0]:.2f} |")

        print(f"\n### Batches, {title} (µs per call of B inputs; per input in brackets)\n")
        print("| network | call | B = 1 | B = 16 | B = 256 |")
        print("|---|---|---|---|---|")
        for net in ("seed-scaled", "mnist"):
            for call in ("forwardBatch", "jacobianBatch"):
                cells = []
                for b in (1, 16, 256):
                    s = get(res, f"BatchBenchmark.{call}", network=net, batch=str(b))
                    cells.append(f"{fmt(s)} [{s[0] / b:.2f}]")
                print(f"| {net} | {call} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
