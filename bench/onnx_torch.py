#!/usr/bin/env python3
"""PyTorch 1.13 eager inference time of the models make_onnx_fixtures.py exported.

Usage: onnx_torch.py --dir DIR --threads N [--models mlp,cnn] [--batches 1,64]

Each model is rebuilt from torch-oracle/src/test/python/make_onnx_fixtures.py and loaded with the
state dict saved beside its model.onnx, in eval mode; it runs under torch.no_grad() on the very
tensors nabla's OnnxBench reads (DIR/<model>/batch_<n>/input_<i>.pb). Per model and batch: warm-up
(at least --warmup runs and one second), then at least --runs timed runs and one second; prints one
RESULT {...} JSON line with the median, minimum and count in milliseconds. Run it under
/usr/bin/python3 with OMP_NUM_THREADS and OPENBLAS_NUM_THREADS set to N (bench/peers.py does).
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


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dir", required=True)
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--models", default=None)
    p.add_argument("--batches", default="1,64")
    p.add_argument("--warmup", type=int, default=20)
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
                end, i = time.perf_counter() + 1, 0
                while i < a.warmup or time.perf_counter() < end:
                    model(*xs)
                    i += 1
                ms = []
                end = time.perf_counter() + 1
                while len(ms) < a.runs or time.perf_counter() < end:
                    t0 = time.perf_counter()
                    model(*xs)
                    ms.append((time.perf_counter() - t0) * 1e3)
            ms.sort()
            n = len(ms)
            median = ms[n // 2] if n % 2 else (ms[n // 2 - 1] + ms[n // 2]) / 2
            print("RESULT " + json.dumps({"framework": "PyTorch " + torch.__version__, "model": name,
                                          "batch": batch, "threads": a.threads,
                                          "median_ms": round(median, 4), "min_ms": round(ms[0], 4),
                                          "runs": n,
                                          "omp": os.environ.get("OMP_NUM_THREADS", "")}), flush=True)


if __name__ == "__main__":
    main()
