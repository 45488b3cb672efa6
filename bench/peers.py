#!/usr/bin/env python3
"""nabla beside its peers on the three reference models, one after the other on this machine.

Run it through the launcher, which builds nabla and finds a JDK 25:
    ./nabla peers                         # M1, M2, M3: nabla, DJL (libtorch), PyTorch 1.13 and numpy, 1 thread
    ./nabla peers --repeat 3 --threads 1,2  # each framework 3 times, interleaved: medians, one table per thread count
    ./nabla peers --models m3 --epochs 2  # every framework 2 epochs per run (the first and one steady)
    ./nabla peers --peers pytorch,numpy   # choose the peers (djl, pytorch, numpy, dl4j)
    ./nabla peers --with-dl4j             # also Deeplearning4j (slow: M3 takes minutes per epoch)
    ./nabla peers --nabla-only            # no peers (no ~125 MB download of DJL's jars)
    ./nabla peers --models lm             # char-lm beside PyTorch 1.13, at 1 and 2 threads, 5 min each
    ./nabla peers --models lm --minutes 1 # the same, shorter
    ./nabla peers --models onnx           # ONNX inference: nabla's OnnxModel.run beside PyTorch 1.13
                                          # eager, at 1 and 2 threads, batch 1 and 64

The reference models (m1, m2, m3; shared/peers/README.md defines them) run in: nabla
(dev.nabla.bench.models.ModelBench, -Dnabla.threads=N); DJL 0.36 / libtorch 2.7.1 through the harness in
shared/peers/java (copied to bench/target/peers-harness, since it writes logs beside itself; the first
DJL run resolves its jars from Maven Central into ~/.m2; -Dai.djl.pytorch.num_threads=N always, as the
harness sets none and libtorch would take one thread per core); PyTorch 1.13 (bench/torch_models.py under
/usr/bin/python3, torch.set_num_threads(N), OMP_NUM_THREADS=N, OPENBLAS_NUM_THREADS=1 and
OMP_WAIT_POLICY=PASSIVE, as for the ONNX rows); and numpy (the PATH's python3 with OPENBLAS_NUM_THREADS=N,
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset): for M1 the tutorial's own per-sample float64 code
(shared/peers/numpy/tutorial_m1.py), for M2 the hand-written MLP (mlp_numpy.py, momentum SGD instead of
Adam). --repeat N runs nabla and each peer in turn N times (nabla, DJL, PyTorch, numpy, nabla, ...) and
reports per framework the median of each figure over its runs, with the ratios of the medians. All
measure the same way: steady epoch = median of the wall times of epochs 2..N of the training loop
(batches, forward, backward, step), samples/s = training images / steady epoch, test accuracy after the
last epoch (eval mode), start to first batch = OS process start to the end of the first training step,
peak RSS from /usr/bin/time -v. nabla's bytes/step: bytes allocated per training step over the steady
epochs by the training thread and the kernel pool's threads (ThreadMXBean). Inference (M2, M3; the trained
net in eval mode without a graph; a warm-up pass, then the median of 3 passes that each gather the batches,
run the net and take the argmax): infer b1 ms = milliseconds per image at batch 1 over the first 2,000 test
images, infer b64 = images/s at batch 64 over the 10,000. DJL's harness does one inference batch size per
process, so DJL's batch-64 figure comes from its training run (run with --infer-batch 64, which is also
the batch of its accuracy passes) and its batch-1 figure from a second, short DJL process: one epoch on
the first 1,280 training images, then its batch-1 passes over the first 2,000 test images (a cut copy of
the data in bench/target/peers-data; a net's batch-1 time does not depend on its weights' values). Under
each table: each run's steady epoch, and the figures against issue 15's targets (M1: nabla / DJL <= 0.1
and 5x the tutorial's samples/s; M2: nabla / DJL <= 0.5 and level with the numpy MLP at 2 threads; M3:
nabla / DJL <= 0.5; inference at least level with DJL).

The ONNX rows (onnx) export the six models of torch-oracle/src/test/python/make_onnx_fixtures.py
(MLP, convnet, residual convnet, LSTM and GRU taggers, transformer encoder) into
bench/target/onnx-models, then per thread count and model time nabla's OnnxModel.run on each
model.onnx (dev.nabla.bench.models.OnnxBench, -Dnabla.threads=N) and the same trained model in
PyTorch under torch.no_grad() (bench/onnx_torch.py: torch.set_num_threads(N), OMP_NUM_THREADS=N,
OPENBLAS_NUM_THREADS=1: a threaded OpenBLAS under torch's threads oversubscribes the cores;
OMP_WAIT_POLICY=PASSIVE, PyTorch's fastest on a shared machine), on the
same input tensors, one after the other; each time is the median of
at least 30 runs after a warm-up (nabla: at least 10 s, for C2 to compile the Vector API kernels on a
loaded machine; PyTorch: at least 3 s) that lasts until the time per run stops falling, with the median
CPU time of the process per run beside it (steadier on a shared machine). --threads picks the
thread counts.

The language model (lm) runs ./nabla char-lm and ../shared/peers/lm/char_gpt_torch.py (the same
model, batch, context and recipe in PyTorch, under /usr/bin/python3 with OPENBLAS_NUM_THREADS=1)
for the same wall time each, one after the other, at 1 and at 2 threads (--threads picks), and
prints training tokens/s and the validation loss each reached, and sampling tokens/s (PyTorch's
from bench/lm_sample_torch.py: the same model and sampling loop).
"""
import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _result_json(text):
    res = next((l for l in reversed(text.splitlines()) if l.startswith("RESULT ")), None)
    return None if res is None else json.loads(res[len("RESULT "):])


def _peak_rss_mb(text):
    """Peak RSS in MB from /usr/bin/time -v's report, or None."""
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    return round(int(rss.group(1)) / 1024) if rss else None


def _warn(what, out):
    print(f"warning: {what} failed (exit {out.returncode}); its row is left out:\n"
          + (out.stdout + out.stderr)[-2000:], file=sys.stderr)


LAUNCH_ENV = "NABLA_LAUNCH_EPOCH_MS"


def launch_env(env=None):
    """env with NABLA_LAUNCH_EPOCH_MS set to now: the wall-clock launch time that ModelBench and
    torch_models.py measure start-up from. The OS's own process start time (ProcessHandle's
    startInstant, /proc/self/stat's start ticks over /proc/stat's btime) is off by up to a second or
    more on these VMs: btime has a one-second resolution and the boot clock drifts from the wall
    clock (0.85 s early on the machine of 2026-12-04)."""
    env = dict(os.environ if env is None else env)
    env[LAUNCH_ENV] = str(int(time.time() * 1000))
    return env


def proc_start_bias_s():
    """How much earlier than its real launch /proc dates a process (median of 3 probes): DJL's
    harness measures start-up from ProcessHandle.startInstant, so its figure is corrected by this."""
    probe = ("import os\n"
             "t=int(open('/proc/self/stat').read().rsplit(')',1)[1].split()[19])\n"
             "b=next(int(l.split()[1]) for l in open('/proc/stat') if l.startswith('btime '))\n"
             "print(b+t/os.sysconf('SC_CLK_TCK'))")
    biases = []
    for _ in range(3):
        t0 = time.time()
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
        biases.append(t0 - float(out.stdout.strip()))
    return sorted(biases)[1]


# M3 with a 448 MB heap cap: its live heap is the dataset as bytes (55 MB) and one step's tensors,
# and with the launcher's 1 GB cap the parallel collector grew the old generation to it (peak RSS
# 1.1 GB) instead of collecting; with 448 MB: 537 MB RSS, and the epoch no slower (30.3 s against
# 32.9-37.4 s with 512 MB and 1 GB, one run each, 2026-12-04).
MODEL_HEAP_FLAGS = {"m1": ["-Xmn64m"], "m2": ["-Xmn64m"], "m3": ["-Xmx448m"]}


def run_nabla(java, cp, jvm_flags, model, threads, dataset, epochs=None):
    # The launcher's heap for that kind of model: its MLP examples run with a 64 MB young
    # generation (./nabla sets -Xmn64m for them; the last -Xmn wins), its convnets with 256 MB.
    heap = MODEL_HEAP_FLAGS.get(model, [])
    cmd = ["/usr/bin/time", "-v", java, *jvm_flags, *heap, f"-Dnabla.threads={threads}", "-cp", cp,
           "dev.nabla.bench.models.ModelBench", "--model", model, "--dataset", dataset]
    if epochs:
        cmd += ["--epochs", str(epochs)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=launch_env())
    text = out.stdout + out.stderr
    r = _result_json(text)
    if out.returncode != 0 or r is None:
        sys.exit(f"nabla {model} failed:\n{text[-3000:]}")
    rss = _peak_rss_mb(text)
    if rss is not None:
        r["peak_rss_mb"] = rss
    return r


def _last_accuracy(r):
    accs = sorted((int(k[len("acc_epoch"):]), v) for k, v in r.items() if k.startswith("acc_epoch"))
    return accs[-1][1] if accs else None


def small_data_dir(dataset_dir, train_images, test_images):
    """bench/target/peers-data/<name>-<train>-<test>: the first images of each IDX file (gz), made once."""
    out = os.path.join(ROOT, "bench", "target", "peers-data",
                       f"{os.path.basename(os.path.normpath(dataset_dir))}-{train_images}-{test_images}")
    if os.path.exists(os.path.join(out, "done")):
        return out
    os.makedirs(out, exist_ok=True)
    for split, k in (("train", train_images), ("t10k", test_images)):
        for kind in ("images-idx3-ubyte.gz", "labels-idx1-ubyte.gz"):
            with gzip.open(os.path.join(dataset_dir, f"{split}-{kind}"), "rb") as f:
                b = f.read()
            nd = b[3]
            dims = [int.from_bytes(b[4 + 4 * i:8 + 4 * i], "big") for i in range(nd)]
            item = 1
            for d in dims[1:]:
                item *= d
            n = min(k, dims[0])
            head = b[:4] + n.to_bytes(4, "big") + b[8:4 + 4 * nd]
            with gzip.open(os.path.join(out, f"{split}-{kind}"), "wb", compresslevel=1) as f:
                f.write(head + b[4 + 4 * nd:4 + 4 * nd + n * item])
    open(os.path.join(out, "done"), "w").close()
    return out


def _harness_run(harness, peer, model, threads, args, extra_flags=()):
    env = dict(os.environ)
    if peer == "djl":
        # the harness sets no thread count itself: libtorch would take one intra-op thread per core
        env["EXTRA_JVM_FLAGS"] = " ".join([f"-Dai.djl.pytorch.num_threads={threads}", *extra_flags])
    else:
        env["OMP_NUM_THREADS"] = str(threads)
        if extra_flags:
            env["EXTRA_JVM_FLAGS"] = " ".join(extra_flags)
    env["TAG"] = "nabla-peers"
    log = os.path.join(harness, "logs", "results.jsonl")
    before = sum(1 for _ in open(log)) if os.path.exists(log) else 0
    out = subprocess.run(["./run.sh", peer, model, "25", *args], cwd=harness, env=env,
                         capture_output=True, text=True)
    if out.returncode != 0:
        _warn(f"{peer} {model}", out)
        return None
    lines = open(log).read().splitlines()[before:] if os.path.exists(log) else []
    return json.loads(lines[-1]) if lines else None


def run_peer(harness, peer, model, threads, dataset, epochs=None, b1_images=2000):
    """DJL or DL4J through the harness. For M2 and M3 with DJL, two processes: the training run with
    its inference passes at batch 64 (accuracy is computed at that batch too), then, since the harness
    does one inference batch size per run, a short second run for batch 1: one epoch on the first
    1,280 training images, then its inference passes at batch 1 over the first b1_images test images
    (a copy of the data cut to those sizes, given with -Dpeers.<dataset>.dir). A net's batch-1 time
    does not depend on how well it is trained; that run's other figures are not used."""
    data_flag = "-Dpeers.mnist.dir=" + mnist_dir() if dataset == "mnist" else None
    args = ["--dataset", dataset] + (["--epochs", str(epochs)] if epochs else [])
    infer = peer == "djl" and model != "m1"
    if infer:
        args += ["--infer-batch", "64", "--infer-reps", "3"]
    r = _harness_run(harness, peer, model, threads, args, [data_flag] if data_flag else [])
    if r is None:
        return None
    r = dict(r)
    if r.get("start_to_first_batch_s") is not None:
        r["start_to_first_batch_s"] = round(r["start_to_first_batch_s"] - proc_start_bias_s(), 3)
    r["steady_s"] = r.get("steady_epoch_s_median")
    r["test_accuracy"] = _last_accuracy(r)
    if infer:
        r["infer_b64_img_per_s"] = r.get("infer_ips_median")
        small = small_data_dir(dataset_dir(dataset), 1280, b1_images)
        b1 = _harness_run(harness, peer, model, threads,
                          ["--dataset", dataset, "--epochs", "1", "--infer-batch", "1", "--infer-reps", "3"],
                          [f"-Dpeers.{dataset}.dir={small}"])
        if b1 and b1.get("infer_ips_median"):
            r["infer_b1_ms"] = round(1000 / b1["infer_ips_median"], 4)
    return r


def mnist_dir():
    return os.path.join(os.path.dirname(ROOT), "shared", "datasets", "mnist")


def dataset_dir(dataset):
    return "/usr/share/datasets/fashion-mnist" if dataset == "fashion" else mnist_dir()


def run_torch(model, threads, dataset, epochs=None):
    """PyTorch 1.13 (bench/torch_models.py under /usr/bin/python3): OpenBLAS single-threaded under
    torch's own threads, and those sleep rather than spin at barriers (as in run_onnx)."""
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS="1", OMP_WAIT_POLICY="PASSIVE")
    cmd = ["/usr/bin/time", "-v", "/usr/bin/python3", os.path.join(ROOT, "bench", "torch_models.py"),
           "--model", model, "--threads", str(threads), "--data-dir", dataset_dir(dataset)]
    if epochs:
        cmd += ["--epochs", str(epochs)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=launch_env(env))
    r = _result_json(out.stdout)
    if out.returncode != 0 or r is None:
        _warn(f"PyTorch {model}", out)
        return None
    r["peak_rss_mb"] = _peak_rss_mb(out.stderr)
    return r


NUMPY_DIR = os.path.join(os.path.dirname(ROOT), "shared", "peers", "numpy")


def run_numpy(model, threads, dataset, epochs=None):
    """The numpy peers under the PATH's python3 (which has numpy), OpenBLAS left to pick its kernel
    (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset) with OPENBLAS_NUM_THREADS threads: M1 the
    tutorial's per-sample float64 code (numpy/tutorial_m1.py), M2 the hand-written MLP
    (numpy/mlp_numpy.py: momentum SGD instead of Adam; steady epoch = median of epochs 2..N here)."""
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    env["OPENBLAS_NUM_THREADS"] = str(threads)
    python = shutil.which("python3") or sys.executable
    data = dataset_dir(dataset)
    if model == "m1":
        cmd = [python, os.path.join(NUMPY_DIR, "tutorial_m1.py"), data]
    else:
        cmd = [python, os.path.join(NUMPY_DIR, "mlp_numpy.py"), "--data", data]
    if epochs:
        cmd += ["--epochs", str(epochs)]
    out = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, env=env)
    if out.returncode != 0:
        _warn(f"numpy {model}", out)
        return None
    r = {"peak_rss_mb": _peak_rss_mb(out.stderr)}
    if model == "m1":
        res = next((l for l in out.stdout.splitlines() if l.startswith("RESULT ")), None)
        kv = dict(f.split("=", 1) for f in res.split()[1:]) if res else {}
        if "steady_epoch_s" not in kv:
            _warn("numpy m1 (no RESULT line)", out)
            return None
        r.update(steady_s=float(kv["steady_epoch_s"]), samples_per_s=int(kv["samples_per_s"]),
                 test_accuracy=float(kv["test_accuracy"]))
    else:
        times = [float(m.group(1)) for m in re.finditer(r"^epoch \d+: ([0-9.]+) s", out.stdout, re.M)]
        accs = re.findall(r"test-acc ([0-9.]+)", out.stdout)
        n = re.search(r"train=\((\d+),", out.stdout)
        if len(times) < 2 or not accs or not n:
            _warn("numpy m2 (fewer than 2 epochs or no accuracy printed)", out)
            return None
        steady = statistics.median(times[1:])
        r.update(steady_s=round(steady, 3), samples_per_s=round(int(n.group(1)) / steady),
                 test_accuracy=float(accs[-1]), epoch_s=times)
    return r


def run_lm(minutes, threads):
    """nabla's char-lm and PyTorch's reference, the same wall time each: two rows."""
    austen = os.path.join(os.path.dirname(ROOT), "shared", "datasets", "austen")
    torch_script = os.path.join(os.path.dirname(ROOT), "shared", "peers", "lm", "char_gpt_torch.py")
    out_dir = os.path.join(ROOT, "bench", "target", f"char-lm-{threads}t")
    print(f"running nabla char-lm, {threads} thread(s), {minutes} min ...", file=sys.stderr, flush=True)
    out = subprocess.run([os.path.join(ROOT, "nabla"), "char-lm", "--minutes", str(minutes),
                          "--threads", str(threads), "--progress", "off", "--out", out_dir],
                         capture_output=True, text=True)
    res = next((l for l in out.stdout.splitlines() if l.startswith("result:")), None)
    if out.returncode != 0 or res is None:
        sys.exit(f"nabla char-lm failed:\n{(out.stdout + out.stderr)[-3000:]}")
    kv = dict(f.split("=", 1) for f in res.split()[1:])
    rows = [("nabla", threads, float(kv["tokens_per_s"]), float(kv["val_loss"]), int(kv["steps"]),
             float(kv.get("sample_tokens_per_s", "nan")))]
    if not (os.path.exists(torch_script) and os.path.isdir(austen)):
        print(f"warning: no PyTorch reference at {torch_script} or no texts at {austen}; its row is left out",
              file=sys.stderr)
        return rows
    print(f"running PyTorch char_gpt_torch.py, {threads} thread(s), {minutes} min ...", file=sys.stderr, flush=True)
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    out = subprocess.run(["/usr/bin/python3", torch_script, austen, "--threads", str(threads),
                          "--seconds", str(minutes * 60)], capture_output=True, text=True, env=env)
    res = next((l for l in out.stdout.splitlines() if l.startswith("RESULT ")), None)
    if out.returncode != 0 or res is None:
        print(f"warning: PyTorch failed (exit {out.returncode}); its row is left out:\n"
              + (out.stdout + out.stderr)[-2000:], file=sys.stderr)
        return rows
    kv = dict(f.split("=", 1) for f in res.split()[1:])
    sample = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "bench", "lm_sample_torch.py"),
                             "--threads", str(threads)], capture_output=True, text=True, env=env)
    sres = next((l for l in sample.stdout.splitlines() if l.startswith("RESULT ")), None)
    sample_tps = float(dict(f.split("=", 1) for f in sres.split()[1:])["sample_tokens_per_s"]) \
        if sres else float("nan")
    rows.append(("PyTorch 1.13", threads, float(kv["tokens_per_s"]), float(kv["val_loss"]),
                 int(kv["steps"]), sample_tps))
    return rows


def run_onnx(java, cp, jvm_flags, threads_list):
    """nabla's OnnxModel.run and PyTorch eager on the exported models: one row per model, batch, threads."""
    out_dir = os.path.join(ROOT, "bench", "target", "onnx-models")
    script = os.path.join(ROOT, "torch-oracle", "src", "test", "python", "make_onnx_fixtures.py")
    print(f"exporting the models with PyTorch into {out_dir} ...", file=sys.stderr, flush=True)
    out = subprocess.run(["/usr/bin/python3", script, out_dir, "--batches", "1,64"],
                         capture_output=True, text=True, env=dict(os.environ, OPENBLAS_NUM_THREADS="1"))
    if out.returncode != 0:
        sys.exit(f"make_onnx_fixtures.py failed:\n{(out.stdout + out.stderr)[-3000:]}")
    models = open(os.path.join(out_dir, "models.txt")).read().split()

    def results(cmd, env, what):
        out = subprocess.run(cmd, capture_output=True, text=True, env=env)
        rs = [json.loads(l[len("RESULT "):]) for l in out.stdout.splitlines() if l.startswith("RESULT ")]
        if out.returncode != 0:
            print(f"warning: {what} failed (exit {out.returncode}); its rows are left out:\n"
                  + (out.stdout + out.stderr)[-2000:], file=sys.stderr)
        return {(r["model"], r["batch"]): r for r in rs}

    rows = []
    for t in threads_list:
        # OpenBLAS single-threaded under torch's own threads: with OPENBLAS_NUM_THREADS=2 beside
        # torch.set_num_threads(2), the two thread pools spin against each other on 2 cores (the
        # LSTM tagger at batch 64 took 555-608 ms a run instead of 27, the residual net at batch 1
        # 27-116 ms instead of 6); and OpenMP's threads sleep rather than spin at barriers: on a
        # shared machine a spinning thread waits out a descheduled peer's whole time slice (at 2
        # threads the residual net at batch 1 took 100 ms a run with the default policy, 1.6 passive)
        env = dict(os.environ, OMP_NUM_THREADS=str(t), OPENBLAS_NUM_THREADS="1", OMP_WAIT_POLICY="PASSIVE")
        for m in models:
            print(f"timing {m}, {t} thread(s): nabla, then PyTorch ...", file=sys.stderr, flush=True)
            nab = results([java, *jvm_flags, "--enable-native-access=ALL-UNNAMED", f"-Dnabla.threads={t}", "-cp", cp,
                           "dev.nabla.bench.models.OnnxBench", "--dir", out_dir, "--models", m],
                          dict(os.environ), f"nabla {m}")
            tor = results(["/usr/bin/python3", os.path.join(ROOT, "bench", "onnx_torch.py"), "--dir", out_dir,
                           "--threads", str(t), "--models", m], env, f"PyTorch {m}")
            for b in (1, 64):
                rows.append((m, b, t, nab.get((m, b)), tor.get((m, b))))
    return rows


def print_onnx(rows):
    print("\nONNX inference, ms per run (medians), nabla's OnnxModel.run vs PyTorch 1.13 eager (no_grad);"
          "\nCPU ms: the process's CPU time per run (all threads), steadier than wall time on a shared machine\n")
    print("| model | batch | threads | nabla ms | PyTorch ms | nabla / PyTorch | nabla CPU ms | PyTorch CPU ms"
          " | CPU ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")

    def cells(nab, tor, key):
        fmt = lambda r: "failed" if r is None else f"{r[key]:.3f}"
        ratio = f"{nab[key] / tor[key]:.2f}" if nab and tor and tor[key] > 0 else ""
        return f"{fmt(nab)} | {fmt(tor)} | {ratio}"

    for m, b, t, nab, tor in rows:
        print(f"| {m} | {b} | {t} | {cells(nab, tor, 'median_ms')} | {cells(nab, tor, 'cpu_median_ms')} |")


def print_lm(rows, minutes):
    print(f"\nchar-lm, {minutes} min of training each (4 layers, 4 heads, width 128, context 128, batch 32)\n")
    print("| threads | framework | training tokens/s | steps | validation loss | sampling tokens/s | speed vs PyTorch |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    torch_tps = {t: tps for name, t, tps, *_ in rows if name != "nabla"}
    for name, t, tps, loss, steps, sample in rows:
        ratio = f"{tps / torch_tps[t]:.2f}x" if t in torch_tps else ""
        sample_s = "" if sample != sample else f"{sample:,.0f}"
        print(f"| {t} | {name} | {tps:,.0f} | {steps:,} | {loss:.3f} | {sample_s} | {ratio} |")


FIELDS = ("steady_s", "samples_per_s", "test_accuracy", "start_to_first_batch_s", "peak_rss_mb",
          "alloc_bytes_per_step", "infer_b1_ms", "infer_b64_img_per_s")
NAMES = {"nabla": "nabla", "djl": "DJL (libtorch 2.7.1)", "dl4j": "Deeplearning4j", "pytorch": "PyTorch 1.13",
         "numpy": None}
NUMPY_NAMES = {"m1": "numpy (the tutorial's code)", "m2": "numpy MLP (momentum SGD)"}


def medians(runs):
    """Per field, the median over the runs that report it (a field no run reports stays absent)."""
    out = {}
    for f in FIELDS:
        vs = [r[f] for r in runs if r.get(f) is not None]
        if vs:
            out[f] = statistics.median(vs)
    out["runs"] = len(runs)
    out["steady_runs"] = [r["steady_s"] for r in runs if r.get("steady_s") is not None]
    return out


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def ratio(a, b):
    return f"{a / b:.2f}" if a is not None and b else "-"


def print_table(threads, dataset, repeat, epochs, results):
    """results: {model: {framework: medians}}, frameworks in run order."""
    print(f"\n{threads} compute thread{'s' if threads > 1 else ''} each, {dataset} data, "
          f"medians of {repeat} interleaved run{'s' if repeat > 1 else ''} per framework"
          + (f", {epochs} epochs per run" if epochs else "") + "\n", flush=True)
    print("| model | framework | steady epoch s | samples/s | / DJL | / PyTorch | test accuracy"
          " | start to first batch s | peak RSS MB | bytes/step | infer b1 ms | infer b64 img/s |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for model, fws in results.items():
        djl = fws.get("djl", {}).get("steady_s")
        torch = fws.get("pytorch", {}).get("steady_s")
        for fw, m in fws.items():
            name = NUMPY_NAMES[model] if fw == "numpy" else NAMES[fw]
            if m.get("steady_s") is None:
                print(f"| {model.upper()} | {name} | failed | | | | | | | | | |")
                continue
            st = m["steady_s"]
            print(f"| {model.upper()} | {name} | {st:.3f} | {fmt(m.get('samples_per_s'), ',.0f')}"
                  f" | {'' if fw == 'djl' else ratio(st, djl)} | {'' if fw == 'pytorch' else ratio(st, torch)}"
                  f" | {fmt(m.get('test_accuracy'), '.4f')} | {fmt(m.get('start_to_first_batch_s'), '.2f')}"
                  f" | {fmt(m.get('peak_rss_mb'), ',.0f')} | {fmt(m.get('alloc_bytes_per_step'), ',.0f')}"
                  f" | {fmt(m.get('infer_b1_ms'), '.3f')} | {fmt(m.get('infer_b64_img_per_s'), ',.0f')} |")
    print("\n/ DJL, / PyTorch: this row's steady epoch over that peer's (medians; below 1 is faster)."
          "\ninfer b1 ms: milliseconds per image at batch 1 (median pass); b64: images/s at batch 64 (median pass).")
    print("\nsteady epoch s of each run, in run order:")
    for model, fws in results.items():
        print(f"  {model.upper()}: " + "; ".join(
            f"{fw} " + " ".join(f"{v:.3f}" for v in m["steady_runs"]) for fw, m in fws.items()))
    print("\nagainst the targets of issue 15 (medians):")
    for model, fws in results.items():
        nab = fws.get("nabla", {})
        djl = fws.get("djl", {})
        npy = fws.get("numpy", {})
        if nab.get("steady_s") and djl.get("steady_s"):
            goal = "0.10" if model == "m1" else "0.50"
            print(f"  {model.upper()}: nabla / DJL steady epoch {nab['steady_s'] / djl['steady_s']:.2f} (target <= {goal})")
        if model == "m1" and nab.get("samples_per_s") and npy.get("samples_per_s"):
            print(f"  M1: nabla samples/s = {nab['samples_per_s'] / npy['samples_per_s']:.2f}x the tutorial's numpy code's"
                  " (target >= 5x)")
        if model == "m2" and nab.get("steady_s") and npy.get("steady_s"):
            print(f"  M2: nabla / numpy MLP steady epoch {nab['steady_s'] / npy['steady_s']:.2f}"
                  " (target <= 1.00 at 2 threads)")
        if nab.get("infer_b1_ms") and djl.get("infer_b1_ms"):
            print(f"  {model.upper()} inference: nabla / DJL batch-1 ms {nab['infer_b1_ms'] / djl['infer_b1_ms']:.2f}"
                  f" (target <= 1.00), batch-64 images/s {ratio(nab.get('infer_b64_img_per_s'), djl.get('infer_b64_img_per_s'))}"
                  " (target >= 1.00)")
    sys.stdout.flush()


def ensure_harness():
    harness = os.path.join(ROOT, "bench", "target", "peers-harness")
    if not os.path.exists(os.path.join(harness, "run.sh")):
        src = os.path.join(os.path.dirname(ROOT), "shared", "peers", "java")
        if not os.path.isdir(src):
            sys.exit(f"peers: no harness at {src} (shared/peers/java beside this checkout); use --peers pytorch,numpy"
                     " or --nabla-only")
        shutil.copytree(src, harness)
        for dirpath, dirnames, filenames in os.walk(harness):
            os.chmod(dirpath, 0o755)
            for f in filenames:
                fp = os.path.join(dirpath, f)
                os.chmod(fp, 0o755 if f.endswith(".sh") else 0o644)
    return harness


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--java", required=True)
    p.add_argument("--cp", required=True)
    p.add_argument("--jvm-flags", default="")
    p.add_argument("--models", default="m1,m2,m3")
    p.add_argument("--threads", default=None,
                   help="compute threads, a list such as 1,2: one table each (default: 1 for m1-m3; 1,2 for lm and onnx)")
    p.add_argument("--repeat", type=int, default=1,
                   help="m1-m3: run every framework this many times, interleaved, and report medians")
    p.add_argument("--epochs", type=int, default=None,
                   help="m1-m3: epochs per run for every framework (at least 2; default each model's own)")
    p.add_argument("--peers", default="djl,pytorch,numpy",
                   help="m1-m3: the peers beside nabla, from djl, pytorch, numpy, dl4j")
    p.add_argument("--minutes", type=float, default=5.0, help="lm only: training wall time per run")
    p.add_argument("--dataset", default="fashion", choices=["fashion", "mnist"])
    p.add_argument("--with-dl4j", action="store_true", help="add dl4j to --peers")
    p.add_argument("--nabla-only", action="store_true", help="no peers")
    a = p.parse_args()
    threads_list = [int(t) for t in a.threads.split(",")] if a.threads else None
    if threads_list is not None and (not threads_list or min(threads_list) < 1):
        sys.exit(f"peers: --threads must be positive integers such as 1,2, got {a.threads}")
    if a.epochs is not None and a.epochs < 2:
        sys.exit(f"peers: --epochs must be at least 2 (the steady epoch is the median of epochs 2..N), got {a.epochs}")
    if a.repeat < 1:
        sys.exit(f"peers: --repeat must be at least 1, got {a.repeat}")
    models = a.models.split(",")
    if "onnx" in models:
        models.remove("onnx")
        print_onnx(run_onnx(a.java, a.cp, a.jvm_flags.split(), threads_list or [1, 2]))
        if not models:
            return
    if "lm" in models:
        models.remove("lm")
        lm_rows = []
        for t in (threads_list or [1, 2]):
            lm_rows += run_lm(a.minutes, t)
        print_lm(lm_rows, a.minutes)
        if not models:
            return
    bad = [m for m in models if m not in ("m1", "m2", "m3")]
    if bad:
        sys.exit(f"peers: --models takes m1, m2, m3, lm, onnx; got {','.join(bad)}")
    peers = [] if a.nabla_only else [q for q in a.peers.split(",") if q]
    if a.with_dl4j and "dl4j" not in peers and not a.nabla_only:
        peers.append("dl4j")
    unknown = [q for q in peers if q not in NAMES or q == "nabla"]
    if unknown:
        sys.exit(f"peers: --peers takes djl, pytorch, numpy, dl4j; got {','.join(unknown)}")
    harness = ensure_harness() if ("djl" in peers or "dl4j" in peers) else None
    for t in (threads_list or [1]):
        results = {}
        for model in models:
            fws = ["nabla"] + [q for q in peers if q != "numpy" or model in NUMPY_NAMES]
            runs = {fw: [] for fw in fws}
            for rep in range(a.repeat):
                for fw in fws:
                    print(f"[{t} thread(s), run {rep + 1}/{a.repeat}] {fw} {model} ...", file=sys.stderr, flush=True)
                    if fw == "nabla":
                        r = run_nabla(a.java, a.cp, a.jvm_flags.split(), model, t, a.dataset, a.epochs)
                    elif fw == "pytorch":
                        r = run_torch(model, t, a.dataset, a.epochs)
                    elif fw == "numpy":
                        r = run_numpy(model, t, a.dataset, a.epochs)
                    else:
                        r = run_peer(harness, fw, model, t, a.dataset, a.epochs)
                    if r is not None:
                        runs[fw].append(r)
            results[model] = {fw: medians(rs) for fw, rs in runs.items()}
        print_table(t, a.dataset, a.repeat, a.epochs, results)


if __name__ == "__main__":
    main()
