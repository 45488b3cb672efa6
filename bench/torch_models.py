#!/usr/bin/python3
"""The three reference models (M1, M2, M3 of shared/peers/README.md) in PyTorch 1.13, measured the way
ModelBench and the DJL harness measure them; the PyTorch peer of ./nabla peers (bench/peers.py).

Run it with Debian's PyTorch: /usr/bin/python3 bench/torch_models.py --model m2 --threads 1
(peers.py sets OPENBLAS_NUM_THREADS=1, OMP_NUM_THREADS=N and OMP_WAIT_POLICY=PASSIVE for it: a
threaded OpenBLAS under torch's own OpenMP threads oversubscribes the cores).

  M1  Linear 784-100-50-10, tanh after each, MSE (mean over the 10 outputs) on one-hot targets,
      SGD 0.1, batch 1, the first 1,000 training images in order (no shuffle), 35 epochs,
      weights U(-0.5, 0.5), biases 0
  M2  Linear 784-256-128-10, ReLU, softmax cross-entropy, Adam 1e-3, batch 128, 60,000 images
      reshuffled every epoch, 5 epochs (PyTorch's default initialisation)
  M3  Conv 3x3 1->32 ReLU, MaxPool 2, Conv 3x3 32->64 ReLU, MaxPool 2, Flatten (1,600), Dropout 0.5,
      Linear 1600->10, softmax cross-entropy, Adam 1e-3, batch 128, 3 epochs

Data: the IDX gz files of --data-dir (Fashion-MNIST by default); pixels v / 255.0 in float64 rounded
to float32, as nabla's IdxImageDataset does (no normalisation). What is measured, as in ModelBench
and the harness: the wall time of each epoch's training loop (batch gathering, forward, backward,
optimizer step; evaluation outside), steady epoch = median of epochs 2..N, samples/s = training
images / steady epoch, test accuracy (eval mode, no grad, batch 1000, argmax) after the last epoch,
start to first batch = seconds from the launch (the wall-clock time peers.py passes in
NABLA_LAUNCH_EPOCH_MS just before it starts the process; without it, /proc/self/stat's start time,
which is off by up to a second or more on these VMs) to the end of the first training step (interpreter start,
import torch, data decoding, model build and the first step). For M2 and M3 also inference with
the trained model (eval mode, torch.no_grad()): one untimed warm-up pass, then --infer-reps passes,
each assembling its batches, running the net and taking the argmax; infer_b1_ms = the median pass's
milliseconds per image at batch 1 over the first --infer-b1-images test images, infer_b64_img_per_s =
the median pass's images/s at batch 64 over the whole test set. Prints one RESULT {...} JSON line;
peak RSS comes from /usr/bin/time -v around this process (peers.py).
"""
import argparse
import gzip
import json
import os
import statistics
import sys
import time


def process_start_epoch():
    """The OS start time of this process, in seconds since the epoch (boot time + start ticks)."""
    with open("/proc/self/stat") as f:
        start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/stat") as f:
        btime = next(int(l.split()[1]) for l in f if l.startswith("btime "))
    return btime + start_ticks / os.sysconf("SC_CLK_TCK")


# The launch time peers.py passes (NABLA_LAUNCH_EPOCH_MS): /proc's start time is off by up to a
# second or more on these VMs (btime has a one-second resolution and drifts from the wall clock).
PROCESS_START = (int(os.environ["NABLA_LAUNCH_EPOCH_MS"]) / 1000.0 if os.environ.get("NABLA_LAUNCH_EPOCH_MS")
                 else process_start_epoch())

import numpy as np  # noqa: E402  (after the start time is taken; torch's import is part of start-up)
import torch  # noqa: E402
from torch import nn  # noqa: E402


def idx(path):
    with gzip.open(path, "rb") as f:
        b = f.read()
    nd = b[3]
    dims = [int.from_bytes(b[4 + 4 * i:8 + 4 * i], "big") for i in range(nd)]
    return np.frombuffer(b, np.uint8, offset=4 + 4 * nd).reshape(dims)


def load(data_dir, split, flatten):
    x = idx(os.path.join(data_dir, f"{split}-images-idx3-ubyte.gz"))
    y = idx(os.path.join(data_dir, f"{split}-labels-idx1-ubyte.gz"))
    lut = (np.arange(256, dtype=np.float64) / 255.0).astype(np.float32)  # nabla's per-value table
    x = lut[x].reshape((len(x), 784) if flatten else (len(x), 1, 28, 28))
    return torch.from_numpy(np.ascontiguousarray(x)), torch.from_numpy(y.astype(np.int64))


def build(model):
    if model == "m1":
        net = nn.Sequential(nn.Linear(784, 100), nn.Tanh(), nn.Linear(100, 50), nn.Tanh(),
                            nn.Linear(50, 10), nn.Tanh())
        with torch.no_grad():
            for m in net:
                if isinstance(m, nn.Linear):
                    m.weight.uniform_(-0.5, 0.5)
                    m.bias.zero_()
        return net, nn.MSELoss(), lambda p: torch.optim.SGD(p, lr=0.1)
    if model == "m2":
        net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    elif model == "m3":
        net = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                            nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10))
    else:
        raise SystemExit(f"torch_models.py: --model must be m1, m2 or m3, got {model}")
    return net, nn.CrossEntropyLoss(), lambda p: torch.optim.Adam(p, lr=1e-3)


def predict_pass(net, x, y, batch, n):
    """One pass over the first n test images at this batch size: seconds, correct predictions."""
    t0 = time.perf_counter()
    correct = 0
    for s in range(0, n, batch):
        xb = x[s:min(n, s + batch)]
        correct += int((net(xb).argmax(1) == y[s:min(n, s + batch)]).sum())
    return time.perf_counter() - t0, correct


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="m2", choices=["m1", "m2", "m3"])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--epochs", type=int, default=None, help="default: 35 (m1), 5 (m2), 3 (m3)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--infer-b1-images", type=int, default=2000)
    p.add_argument("--infer-reps", type=int, default=3)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    epochs = a.epochs or {"m1": 35, "m2": 5, "m3": 3}[a.model]
    m1 = a.model == "m1"
    xtr, ytr = load(a.data_dir, "train", flatten=a.model != "m3")
    xte, yte = load(a.data_dir, "t10k", flatten=a.model != "m3")
    if m1:
        xtr, ytr = xtr[:1000], ytr[:1000]
        ttr = torch.nn.functional.one_hot(ytr, 10).to(torch.float32)
    else:
        ttr = ytr
    n = len(xtr)
    batch = 1 if m1 else 128
    net, loss_fn, make_opt = build(a.model)
    opt = make_opt(net.parameters())
    gen = torch.Generator().manual_seed(a.seed)
    epoch_s, first_batch = [], None
    net.train()
    for e in range(epochs):
        order = None if m1 else torch.randperm(n, generator=gen)
        t0 = time.perf_counter()
        total = 0.0
        for s in range(0, n, batch):
            if order is None:
                xb, tb = xtr[s:s + batch], ttr[s:s + batch]
            else:
                ib = order[s:s + batch]
                xb, tb = xtr[ib], ttr[ib]
            opt.zero_grad()
            loss = loss_fn(net(xb), tb)
            loss.backward()
            opt.step()
            total += loss.item()
            if first_batch is None:
                first_batch = time.time() - PROCESS_START
        epoch_s.append(time.perf_counter() - t0)
        print(f"epoch {e + 1}/{epochs}: {epoch_s[-1]:.3f} s, loss {total / ((n + batch - 1) // batch):.4f}",
              flush=True)
    steady = statistics.median(epoch_s[1:]) if len(epoch_s) > 1 else epoch_s[0]
    net.eval()
    r = {"peer": "pytorch", "model": a.model, "torch": torch.__version__, "threads": torch.get_num_threads(),
         "epochs": epochs, "epoch_s": [round(s, 3) for s in epoch_s], "epoch1_s": round(epoch_s[0], 3),
         "steady_s": round(steady, 3), "samples_per_s": round(n / steady)}
    with torch.no_grad():
        _, correct = predict_pass(net, xte, yte, 1000, len(xte))
        r["test_accuracy"] = round(correct / len(xte), 4)
        if not m1:
            for batch_size, images, key in ((64, len(xte), "infer_b64_img_per_s"),
                                            (1, min(a.infer_b1_images, len(xte)), "infer_b1_ms")):
                predict_pass(net, xte, yte, batch_size, images)  # warm-up
                secs = statistics.median(predict_pass(net, xte, yte, batch_size, images)[0]
                                         for _ in range(a.infer_reps))
                r[key] = round(images / secs) if batch_size > 1 else round(secs * 1000 / images, 4)
            r["infer_b1_images"] = min(a.infer_b1_images, len(xte))
    r["start_to_first_batch_s"] = round(first_batch, 3)
    print("RESULT " + json.dumps(r), flush=True)


if __name__ == "__main__":
    sys.exit(main())
