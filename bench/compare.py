#!/usr/bin/env python3
"""Side-by-side: nabla (JMH) and numpy (OpenBLAS) on the same shapes, in the same run.

Run it through the launcher, which builds nabla and finds a JDK 25:
    ./nabla bench                 # GEMM, conv2d and elementwise tables at 1 and 2 threads
    ./nabla bench --only gemm     # one table
    ./nabla bench --quick         # fewer, shorter iterations

Each figure is the median over the measured iterations (nabla: JMH iterations of 1 s; numpy:
trials of about 0.3 s). These machines set OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which slow a
current OpenBLAS several times; they are unset for the numpy processes only, so nabla is compared
with numpy at its best, and the OpenBLAS kernel that ran is printed.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

GEMM = ["128x784x256", "784x128x256", "128x256x784", "128x256x128", "256x128x128",
        "128x128x10", "15488x288x64", "1024x1024x1024", "1x784x100"]
ELEMENTWISE = ["add", "mul", "exp", "tanh", "sigmoid", "relu", "broadcastAddBias", "sum", "sumRows", "max",
               # the same ops written into a preallocated result: nabla's out overloads, numpy's out=
               "addOut", "mulOut", "expOut", "tanhOut", "sigmoidOut", "reluOut", "broadcastAddBiasOut"]
SIZES = [1000, 100000, 10000000]
# conv layers of the MNIST CNN, batch 128: (name, C, H=W, O); 3x3 kernels, no padding
CONVS = [("conv1", 1, 28, 32), ("conv2", 32, 13, 64)]

NUMPY_CODE = r'''
import ctypes, glob, json, os, sys, time
import numpy as np
req = json.loads(sys.argv[1])
def kernel():
    try:
        lib = glob.glob(os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs", "*openblas*"))[0]
        f = ctypes.CDLL(lib).scipy_openblas_get_corename64_
        f.restype = ctypes.c_char_p
        return f().decode()
    except Exception as e:
        return "unknown (%s)" % type(e).__name__
def median_seconds(f, trials=7, trial_s=0.3):
    for _ in range(3):
        f()
    t0 = time.perf_counter(); f(); one = max(time.perf_counter() - t0, 1e-7)
    reps = max(1, int(trial_s / one))
    res = []
    for _ in range(trials):
        t0 = time.perf_counter()
        for _ in range(reps):
            f()
        res.append((time.perf_counter() - t0) / reps)
    res.sort()
    return res[len(res) // 2]
rng = np.random.default_rng(0)
out = {"kernel": kernel(), "numpy": np.__version__, "gemm": {}, "conv": {}, "elementwise": {}}
for s in req.get("gemm", []):
    m, k, n = map(int, s.split("x"))
    a = rng.standard_normal((m, k), dtype=np.float32); b = rng.standard_normal((k, n), dtype=np.float32)
    c = np.empty((m, n), np.float32)
    out["gemm"][s] = median_seconds(lambda: np.matmul(a, b, out=c))
for name, C, HW, O in req.get("conv", []):
    # the im2col GEMMs of forward + backward (no im2col itself): fwd cols@W, dW = cols.T@dY, dcols = dY@W.T
    P = 128 * (HW - 2) * (HW - 2); K = C * 9
    cols = rng.standard_normal((P, K), dtype=np.float32); w = rng.standard_normal((K, O), dtype=np.float32)
    dy = rng.standard_normal((P, O), dtype=np.float32)
    def step():
        y = cols @ w
        dw = cols.T @ dy
        dcols = dy @ w.T
    out["conv"][name] = median_seconds(step)
for op in req.get("elementwise", []):
    for size in req.get("sizes", []):
        a = rng.standard_normal(size, dtype=np.float32); b = rng.standard_normal(size, dtype=np.float32)
        rows = rng.standard_normal((size // 100, 100), dtype=np.float32); bias = rng.standard_normal(100, dtype=np.float32)
        o = np.empty(size, np.float32); orows = np.empty_like(rows)
        def sigmoid_out():
            np.negative(a, out=o); np.exp(o, out=o); np.add(o, 1, out=o); np.reciprocal(o, out=o)
        f = {"add": lambda: a + b, "mul": lambda: a * b, "exp": lambda: np.exp(a), "tanh": lambda: np.tanh(a),
             "sigmoid": lambda: 1 / (1 + np.exp(-a)), "relu": lambda: np.maximum(a, 0),
             "broadcastAddBias": lambda: rows + bias, "sum": lambda: a.sum(), "sumRows": lambda: rows.sum(1),
             "max": lambda: a.max(),
             "addOut": lambda: np.add(a, b, out=o), "mulOut": lambda: np.multiply(a, b, out=o),
             "expOut": lambda: np.exp(a, out=o), "tanhOut": lambda: np.tanh(a, out=o), "sigmoidOut": sigmoid_out,
             "reluOut": lambda: np.maximum(a, 0, out=o), "broadcastAddBiasOut": lambda: np.add(rows, bias, out=orows)}[op]
        out["elementwise"]["%s/%d" % (op, size)] = median_seconds(f)
print(json.dumps(out))
'''


def run_numpy(threads, req):
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    env["OPENBLAS_NUM_THREADS"] = str(threads)
    env["OMP_NUM_THREADS"] = str(threads)
    res = subprocess.run([sys.executable, "-c", NUMPY_CODE, json.dumps(req)], env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


def run_jmh(java, cp, threads, pattern, quick, extra=(), fork_flags=""):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    iters = ["-wi", "2", "-i", "3", "-w", "500ms", "-r", "500ms"] if quick else ["-wi", "3", "-i", "5"]
    cmd = [java, "--add-modules=jdk.incubator.vector", "-cp", cp, "org.openjdk.jmh.Main", pattern,
           "-f", "1", *iters, "-jvmArgsAppend", ("-Dnabla.threads=%d " % threads + fork_flags).strip(),
           "-rf", "json", "-rff", out, *extra]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL if not os.environ.get("BENCH_VERBOSE") else None)
    with open(out) as fh:
        data = json.load(fh)
    os.unlink(out)
    result = {}
    for r in data:
        raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        unit = r["primaryMetric"]["scoreUnit"]  # us/op or ms/op
        scale = {"us/op": 1e-6, "ms/op": 1e-3, "ns/op": 1e-9, "s/op": 1.0}[unit]
        key = r["benchmark"].rsplit(".", 1)[1]
        params = r.get("params", {})
        result[(key, tuple(sorted(params.items())))] = statistics.median(raw) * scale
    return result


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--java", required=True)
    p.add_argument("--cp", required=True)
    p.add_argument("--threads", default="1,2")
    p.add_argument("--only", choices=["gemm", "conv", "elementwise"])
    p.add_argument("--quick", action="store_true")
    a = p.parse_args()
    threads = [int(t) for t in a.threads.split(",")]
    want = [a.only] if a.only else ["gemm", "conv", "elementwise"]
    req = {"gemm": GEMM if "gemm" in want else [], "conv": CONVS if "conv" in want else [],
           "elementwise": ELEMENTWISE if "elementwise" in want else [], "sizes": SIZES}
    for t in threads:
        npy = run_numpy(t, req)
        print("\n### %d thread%s (numpy %s, OpenBLAS kernel %s)\n" % (t, "s" if t > 1 else "", npy["numpy"], npy["kernel"]))
        if "gemm" in want:
            jmh = run_jmh(a.java, a.cp, t, "GemmBenchmark", a.quick)
            print("| GEMM M×K×N | nabla GFLOP/s | numpy GFLOP/s | ratio |\n|---|---:|---:|---:|")
            for s in GEMM:
                m, k, n = map(int, s.split("x"))
                fl = 2.0 * m * k * n
                ns = jmh[("matmul", (("shape", s),))]
                ps = npy["gemm"][s]
                print("| %s | %.1f | %.1f | %.2f |" % (s, fl / ns / 1e9, fl / ps / 1e9, ps / ns))
        if "conv" in want:
            jmh = run_jmh(a.java, a.cp, t, "Conv2dBenchmark.forwardBackward", a.quick)
            print("\n| conv2d fwd+bwd, batch 128 | nabla ms | numpy im2col GEMMs only, ms | nabla / numpy |\n|---|---:|---:|---:|")
            for name, *_ in CONVS:
                ns = jmh[("forwardBackward", (("layer", name),))]
                ps = npy["conv"][name]
                print("| %s | %.2f | %.2f | %.2f× |" % (name, ns * 1e3, ps * 1e3, ns / ps))
        if "elementwise" in want:
            # JMH's -jvmArgsAppend replaces the class's @Fork flags, so they are repeated here: a
            # heap sized and touched up front. Grown on demand, G1 expanded it for every 40 MB
            # result instead of collecting, and page faults made add at 10^7 take 110 ms at 2 threads.
            jmh = run_jmh(a.java, a.cp, t, "ElementwiseBenchmark", a.quick,
                          fork_flags="-Xms2g -Xmx2g -XX:+AlwaysPreTouch")
            print("\n| op | elements | nabla µs | numpy µs | throughput ratio (numpy time / nabla time) |\n|---|---:|---:|---:|---:|")
            for op in ELEMENTWISE:
                for size in SIZES:
                    ns = jmh[(op, (("size", str(size)),))]
                    ps = npy["elementwise"]["%s/%d" % (op, size)]
                    print("| %s | %d | %.1f | %.1f | %.2f |" % (op, size, ns * 1e6, ps * 1e6, ps / ns))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
