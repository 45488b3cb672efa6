#!/usr/bin/python3
"""Trains the small convnet that `./nabla onnx-mnist` runs, and exports it as ONNX.

Run with Debian's PyTorch 1.13 (it lives under /usr/bin/python3, not a pyenv python3):

    /usr/bin/python3 examples/src/main/python/train_onnx_mnist.py

It reads the MNIST digits embedded in nabla-datasets (10,000 training digits, the official 10,000
test digits), trains a two-conv network (8 and 16 channels) for a few epochs with a fixed seed,
measures PyTorch's own accuracy on the 10,000 test digits, and writes into
examples/src/main/resources/dev/nabla/examples/onnx/:

  - mnist-cnn.onnx: the model, exported with torch.onnx.export at opset 13, batch dimension
    symbolic ("batch"), input "image" float32 [batch, 1, 28, 28] with pixels scaled to [0, 1],
    output "logits" float32 [batch, 10];
  - mnist-cnn.properties: PyTorch's accuracy on the test digits, as this script measured it, with
    the versions and settings that produced the file.
"""
import gzip
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
DATA = os.path.join(ROOT, "datasets", "src", "main", "resources", "dev", "nabla", "datasets", "mnist")
OUT = os.path.join(ROOT, "examples", "src", "main", "resources", "dev", "nabla", "examples", "onnx")
SEED = 14
EPOCHS = 6
BATCH = 64
LR = 2e-3


def idx(name):
    """An IDX file of the embedded set, as a uint8 array of its declared shape."""
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        data = f.read()
    magic, = struct.unpack(">i", data[:4])
    if magic >> 8 != 8:  # 0x08: unsigned bytes
        raise ValueError(f"{name}: not an IDX file of unsigned bytes (magic {magic:#x})")
    rank = magic & 0xFF
    shape = struct.unpack(">" + "i" * rank, data[4:4 + 4 * rank])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(shape)


def images(name):
    return torch.from_numpy(idx(name).astype(np.float32) / 255.0).unsqueeze(1)


def labels(name):
    return torch.from_numpy(idx(name).astype(np.int64))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc1 = nn.Linear(16 * 7 * 7, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc2(F.relu(self.fc1(x)))


def main():
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    torch.set_num_threads(int(os.environ.get("THREADS", "2")))
    x_train, y_train = images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz")
    x_test, y_test = images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz")
    model = Net()
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    g = torch.Generator().manual_seed(SEED)
    for epoch in range(EPOCHS):
        model.train()
        order = torch.randperm(len(x_train), generator=g)
        total = 0.0
        for i in range(0, len(order), BATCH):
            b = order[i:i + BATCH]
            loss = F.cross_entropy(model(x_train[b]), y_train[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(b)
        print(f"epoch {epoch + 1}/{EPOCHS}: training loss {total / len(order):.4f}", flush=True)

    model.eval()
    with torch.no_grad():
        predicted = torch.cat([model(x_test[i:i + 500]).argmax(1) for i in range(0, len(x_test), 500)])
    correct = int((predicted == y_test).sum())
    accuracy = correct / len(y_test)
    print(f"PyTorch test accuracy: {accuracy:.4f} ({correct} of {len(y_test)})")

    os.makedirs(OUT, exist_ok=True)
    onnx_path = os.path.join(OUT, "mnist-cnn.onnx")
    torch.onnx.export(
        model,
        x_test[:1],
        onnx_path,
        input_names=["image"],
        output_names=["logits"],
        dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
        opset_version=13,
        do_constant_folding=True,
    )
    with open(os.path.join(OUT, "mnist-cnn.properties"), "w") as f:
        f.write("# Written by examples/src/main/python/train_onnx_mnist.py; do not edit.\n")
        f.write("# PyTorch's own accuracy on the 10,000 MNIST test digits, measured after training.\n")
        f.write(f"torch_accuracy={accuracy:.4f}\n")
        f.write(f"torch_correct={correct}\n")
        f.write(f"test_digits={len(y_test)}\n")
        f.write(f"torch_version={torch.__version__}\n")
        f.write(f"seed={SEED}\nepochs={EPOCHS}\nbatch_size={BATCH}\nlr={LR}\noptimizer=Adam\n")
        f.write("opset=13\n")
    print(f"wrote {onnx_path} ({os.path.getsize(onnx_path)} bytes)")


if __name__ == "__main__":
    sys.exit(main())
