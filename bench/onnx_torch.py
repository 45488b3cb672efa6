#!/usr/bin/env python3
"""PyTorch 1.13 eager inference time of the models make_onnx_fixtures.py exported.

Usage: onnx_torch.py --dir DIR --threads N [--models mlp,cnn] [--batches 1,64]

Each model is rebuilt from torch-oracle/src/test/python/make_onnx_fixtures.py and loaded with the
state dict saved beside its model.onnx, in eval mode; it runs under torch.no_grad() on the very
tensors nabla's OnnxBench reads (DIR/<model>/batch_<n>/input_<i>.pb). Per model and batch: warm-up
as nabla's (at least --warmup runs and --warmup-seconds, then until the time per run stops
falling), then at least --runs timed runs and one second; prints one
RESULT {...} JSON line with the median and minimum wall time, the median process CPU time and the
count of the timed runs, in milliseconds. Run it under
/usr/bin/python3 with OMP_NUM_THREADS=N and OPENBLAS_NUM_THREADS=1 (bench/peers.py does; a threaded
OpenBLAS beside torch's own N threads oversubscribes the cores and spins).
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path

import torch
from onnx import numpy_helper, TensorProto

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "torch-oracle" / "src" / "test" / "python"))
import make_onnx_fixtures as fixtures  # noqa: E402


def inputs(d):
    xs, i = [], 0
    while (d / f"input_{i}.pb").exists():
        t = TensorProto()
        t.ParseFromString((d / f"input_{i}.pb").read_bytes())
        xs.append(torch.from_numpy(numpy_helper.to_array(t).copy()))
        i += 1
    if not xs:
        sys.exit(f"onnx_torch.py: no {d}/input_0.pb (run make_onnx_fixtures.py with this batch)")
    return xs


def timed(model, xs, runs, seconds):
    """At least runs timed runs, and more until seconds have passed: the wall and process CPU
    milliseconds of each (CPU time counts every thread, as nabla's OnnxBench does)."""
    wall, cpu, end = [], [], time.perf_counter() + seconds
    while len(wall) < runs or time.perf_counter() < end:
        c0, t0 = time.process_time(), time.perf_counter()
        model(*xs)
        t1, c1 = time.perf_counter(), time.process_time()
        wall.append((t1 - t0) * 1e3)
        cpu.append((c1 - c0) * 1e3)
    return wall, cpu


def median(ms):
    ms, n = sorted(ms), len(ms)
    return ms[n // 2] if n % 2 else (ms[n // 2 - 1] + ms[n // 2]) / 2


def warm_up(model, xs, min_runs, min_seconds):
    """As nabla's OnnxBench: blocks of >= 5 runs and 0.5 s, for >= min_runs and min_seconds, then
    until a block's median is no longer 3 % below the best before it (at most 60 s)."""
    start, best, total = time.perf_counter(), float("inf"), 0
    while True:
        block, _ = timed(model, xs, 5, 0.5)
        total += len(block)
        m = median(block)
        improved, best = m < 0.97 * best, min(best, m)
        elapsed = time.perf_counter() - start
        if elapsed >= 60 or (total >= min_runs and elapsed >= min_seconds and not improved):
            return


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dir", required=True)
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--models", default=None)
    p.add_argument("--batches", default="1,64")
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--warmup-seconds", type=float, default=3.0)
    p.add_argument("--runs", type=int, default=30)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    d = Path(a.dir)
    models = a.models.split(",") if a.models else (d / "models.txt").read_text().split()
    for name in models:
        model = fixtures.load(name, d)
        for batch in (int(b) for b in a.batches.split(",")):
            xs = inputs(d / name / f"batch_{batch}")
            with torch.no_grad():
                warm_up(model, xs, a.warmup, a.warmup_seconds)
                ms, cpu = timed(model, xs, a.runs, 1.0)
            n = len(ms)
            print("RESULT " + json.dumps({"framework": "PyTorch " + torch.__version__, "model": name,
                                          "batch": batch, "threads": a.threads,
                                          "median_ms": round(median(ms), 4), "min_ms": round(min(ms), 4),
                                          "cpu_median_ms": round(median(cpu), 4),
                                          "runs": n,
                                          "omp": os.environ.get("OMP_NUM_THREADS", "")}), flush=True)


if __name__ == "__main__":
    main()
