#!/usr/bin/env python3
"""nabla beside its peers on the three reference models, one after the other on this machine.

Run it through the launcher, which builds nabla and finds a JDK 25:
    ./nabla peers                         # M1, M2, M3 with nabla and DJL (libtorch), one thread each
    ./nabla peers --models m2 --threads 2 # one model, two compute threads for everyone
    ./nabla peers --with-dl4j             # also Deeplearning4j (slow: M3 takes minutes per epoch)
    ./nabla peers --nabla-only            # no peers (no ~125 MB download of DJL's jars)
    ./nabla peers --models lm             # char-lm beside PyTorch 1.13, at 1 and 2 threads, 5 min each
    ./nabla peers --models lm --minutes 1 # the same, shorter
    ./nabla peers --models onnx           # ONNX inference: nabla's OnnxModel.run beside PyTorch 1.13
                                          # eager, at 1 and 2 threads, batch 1 and 64

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
CPU time of the process per run beside it (steadier on a shared machine). --threads picks one
thread count.

The language model (lm) runs ./nabla char-lm and ../shared/peers/lm/char_gpt_torch.py (the same
model, batch, context and recipe in PyTorch, under /usr/bin/python3 with OPENBLAS_NUM_THREADS=1)
for the same wall time each, one after the other, at 1 and at 2 threads (--threads picks one), and
prints training tokens/s and the validation loss each reached, and sampling tokens/s (PyTorch's
from bench/lm_sample_torch.py: the same model and sampling loop).

The peers are the harness in shared/peers/java (copied to bench/target/peers-harness, since it
writes logs beside itself); the first DJL run resolves its jars from Maven Central into ~/.m2. Each
model is defined exactly as there (see ModelBench). Prints one table: steady epoch seconds,
samples/s, test accuracy, start-to-first-batch, peak RSS and runtime classpath size.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_nabla(java, cp, jvm_flags, model, threads, dataset):
    cmd = ["/usr/bin/time", "-v", java, *jvm_flags, f"-Dnabla.threads={threads}", "-cp", cp,
           "dev.nabla.bench.models.ModelBench", "--model", model, "--dataset", dataset]
    out = subprocess.run(cmd, capture_output=True, text=True)
    text = out.stdout + out.stderr
    res = next((l for l in text.splitlines() if l.startswith("RESULT ")), None)
    if out.returncode != 0 or res is None:
        sys.exit(f"nabla {model} failed:\n{text[-3000:]}")
    r = json.loads(res[len("RESULT "):])
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if rss:
        r["peak_rss_mb"] = round(int(rss.group(1)) / 1024)
    return r


def run_peer(harness, peer, model, threads, dataset):
    env = dict(os.environ)
    if threads == 1:
        if peer == "djl":
            env["EXTRA_JVM_FLAGS"] = "-Dai.djl.pytorch.num_threads=1"
        else:
            env["OMP_NUM_THREADS"] = "1"
    env["TAG"] = "nabla-peers"
    log = os.path.join(harness, "logs", "results.jsonl")
    before = sum(1 for _ in open(log)) if os.path.exists(log) else 0
    out = subprocess.run(["./run.sh", peer, model, "25", "--dataset", dataset], cwd=harness, env=env,
                         capture_output=True, text=True)
    if out.returncode != 0:
        print(f"warning: {peer} {model} failed (exit {out.returncode}); its row is left out:\n"
              + (out.stdout + out.stderr)[-2000:], file=sys.stderr)
        return None
    lines = open(log).read().splitlines()[before:]
    return json.loads(lines[-1]) if lines else None


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


def row(name, model, r):
    if r is None:
        return None
    steady = r.get("steady_s", r.get("steady_epoch_s_median"))
    acc = r.get("test_accuracy")
    if acc is None:
        accs = [v for k, v in r.items() if k.startswith("acc_epoch")]
        acc = accs[-1] if accs else float("nan")
    return (name, model, steady, r.get("samples_per_s"), acc, r.get("start_to_first_batch_s"),
            r.get("peak_rss_mb"), r.get("classpath_mb"))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--java", required=True)
    p.add_argument("--cp", required=True)
    p.add_argument("--jvm-flags", default="")
    p.add_argument("--models", default="m1,m2,m3")
    p.add_argument("--threads", type=int, default=None,
                   help="compute threads (default: 1 for m1-m3; both 1 and 2 for lm and onnx)")
    p.add_argument("--minutes", type=float, default=5.0, help="lm only: training wall time per run")
    p.add_argument("--dataset", default="fashion", choices=["fashion", "mnist"])
    p.add_argument("--with-dl4j", action="store_true")
    p.add_argument("--nabla-only", action="store_true")
    a = p.parse_args()
    models = a.models.split(",")
    if "onnx" in models:
        models.remove("onnx")
        print_onnx(run_onnx(a.java, a.cp, a.jvm_flags.split(), [a.threads] if a.threads else [1, 2]))
        if not models:
            return
    if "lm" in models:
        models.remove("lm")
        lm_rows = []
        for t in ([a.threads] if a.threads else [1, 2]):
            lm_rows += run_lm(a.minutes, t)
        print_lm(lm_rows, a.minutes)
        if not models:
            return
    a.threads = a.threads or 1
    peers = [] if a.nabla_only else ["djl"] + (["dl4j"] if a.with_dl4j else [])
    harness = os.path.join(ROOT, "bench", "target", "peers-harness")
    if peers and not os.path.exists(os.path.join(harness, "run.sh")):
        src = os.path.join(os.path.dirname(ROOT), "shared", "peers", "java")
        if not os.path.isdir(src):
            sys.exit(f"peers: no harness at {src} (shared/peers/java beside this checkout); use --nabla-only")
        shutil.copytree(src, harness)
        for dirpath, dirnames, filenames in os.walk(harness):
            os.chmod(dirpath, 0o755)
            for f in filenames:
                fp = os.path.join(dirpath, f)
                os.chmod(fp, 0o755 if f.endswith(".sh") else 0o644)
    rows = []
    for model in models:
        print(f"running nabla {model} ...", file=sys.stderr, flush=True)
        rows.append(row("nabla", model, run_nabla(a.java, a.cp, a.jvm_flags.split(), model, a.threads, a.dataset)))
        for peer in peers:
            print(f"running {peer} {model} ...", file=sys.stderr, flush=True)
            rows.append(row({"djl": "DJL (libtorch)", "dl4j": "Deeplearning4j"}[peer], model,
                            run_peer(harness, peer, model, a.threads, a.dataset)))
    print(f"\n{a.threads} compute thread{'s' if a.threads > 1 else ''} each, {a.dataset} data\n")
    print("| model | framework | steady epoch s | samples/s | test accuracy | start to first batch s | peak RSS MB | runtime classpath MB |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        if r is not None:
            name, model, steady, sps, acc, first, rss, cp = r
            print(f"| {model.upper()} | {name} | {steady:.3f} | {sps:,} | {acc:.4f} | {first:.2f} | {rss} | {cp} |")


if __name__ == "__main__":
    main()
