#!/usr/bin/env python3
"""Exports real PyTorch models as ONNX files, with inputs and PyTorch's outputs, for nabla-onnx.

Usage: make_onnx_fixtures.py OUT_DIR [--batches 1,5] [--models mlp,cnn]

Each model below is built with a fixed seed, trained for a few Adam steps on random data with
random labels (so that its weights, and BatchNorm's running statistics, are not at their
initialisation), switched to eval mode and exported with torch.onnx.export at opset 17 (the newest
PyTorch 1.13 writes) with a dynamic batch axis on every input and output (and a dynamic sequence
axis on token inputs and per-step outputs). OUT_DIR then holds

  models.txt                           the model names, one a line
  <model>/model.onnx                   the exported model
  <model>/state.pt                     its state dict (bench/onnx_torch.py times the same model)
  <model>/batch_<n>/input_<i>.pb       the i-th model input at batch n, a serialized TensorProto
  <model>/batch_<n>/output_<i>.pb      PyTorch's i-th output for those inputs (eval mode, no grad)
  <model>/batch_3_seq_7/...            for the token models, also a sequence length other than the
                                       export's 12

(the layout of ONNX's own backend test data; each TensorProto carries the ONNX input or output name).
The fixtures are generated into target/ by the Java tests and never committed.

Run it under the interpreter that has PyTorch 1.13 (Debian's python3-torch: /usr/bin/python3),
with OPENBLAS_NUM_THREADS=1.
"""
import argparse
import math
import sys
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper

OPSET = 17
TRAIN_STEPS = 30
VOCAB = 50
SEQ = 12


# --- the models ----------------------------------------------------------------------------------


class Mlp(nn.Module):
    """The MNIST MLP: 784-256-128-10, ReLU."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256)
        self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, 10)

    def forward(self, x):
        x = torch.flatten(x, 1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class ConvNet(nn.Module):
    """The MNIST convnet: conv3x3 32, maxpool, conv3x3 64, maxpool, dropout 0.5, dense 10."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.dropout = nn.Dropout(0.5)
        self.fc = nn.Linear(64 * 5 * 5, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(self.dropout(torch.flatten(x, 1)))


class Block(nn.Module):
    """conv-BN-ReLU-conv-BN plus the input (through a strided 1x1 conv-BN when the shape changes), ReLU."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.skip = None
        if stride != 1 or cin != cout:
            self.skip = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False),
                                      nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(y + (x if self.skip is None else self.skip(x)))


class ResNet(nn.Module):
    """A small residual convnet: a conv-BN-ReLU stem, two residual blocks (the second strided, with
    a projection), a BatchNorm after the last addition (not next to a conv, so the exporter keeps it
    as a BatchNormalization node instead of folding it into the conv), global average pool, dense 10."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16),
                                  nn.ReLU())
        self.block1 = Block(16, 16, 1)
        self.block2 = Block(16, 32, 2)
        self.bn = nn.BatchNorm2d(32)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        x = self.block2(self.block1(self.stem(x)))
        x = self.pool(F.relu(self.bn(x + 0.5)))
        return self.fc(torch.flatten(x, 1))


class LstmTagger(nn.Module):
    """Embedding 32, a 2-layer bidirectional LSTM of 48, a linear layer per step to 12 tags."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, 32)
        self.rnn = nn.LSTM(32, 48, num_layers=2, batch_first=True, bidirectional=True)
        self.out = nn.Linear(96, 12)

    def forward(self, tokens):
        h, _ = self.rnn(self.embed(tokens))
        return self.out(h)


class GruTagger(nn.Module):
    """Embedding 32, a 2-layer unidirectional GRU of 48, a linear layer per step to 12 tags."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, 32)
        self.rnn = nn.GRU(32, 48, num_layers=2, batch_first=True)
        self.out = nn.Linear(48, 12)

    def forward(self, tokens):
        h, _ = self.rnn(self.embed(tokens))
        return self.out(h)


class TransformerClassifier(nn.Module):
    """Token embedding plus a learned positional embedding, a 2-layer nn.TransformerEncoder (width 32,
    4 heads, feed-forward 64, batch_first) with a key padding mask (True at padding), the mean of the
    states of the real tokens, a linear classifier to 5 classes."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, 32)
        self.pos = nn.Parameter(torch.randn(1, 64, 32) * 0.1)
        layer = nn.TransformerEncoderLayer(32, 4, dim_feedforward=64, dropout=0.1, batch_first=True)
        # no nested tensors: PyTorch's fast path turns a padded batch into one, which
        # torch.onnx.export cannot trace (the exported graph is the plain path either way)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.fc = nn.Linear(32, 5)

    def forward(self, tokens, padding_mask):
        x = self.embed(tokens) * math.sqrt(32) + self.pos[:, : tokens.shape[1]]
        h = self.encoder(x, src_key_padding_mask=padding_mask)
        keep = (~padding_mask).unsqueeze(-1).to(h.dtype)
        return self.fc((h * keep).sum(1) / keep.sum(1))


# --- inputs: (names, tensors) for a batch, a target for training --------------------------------


def digits(g, batch, seq=None):
    # digit-like: mostly dark, a bright stroke region, values in [0, 1]
    x = torch.rand(batch, 1, 28, 28, generator=g)
    return [x * (x > 0.6)]


def tokens(g, batch, seq=SEQ):
    return [torch.randint(1, VOCAB, (batch, seq), generator=g)]


def padded_tokens(g, batch, seq=SEQ):
    t = torch.randint(1, VOCAB, (batch, seq), generator=g)
    lengths = torch.randint(min(3, seq), seq + 1, (batch,), generator=g)
    lengths[0] = seq  # one full row
    mask = torch.arange(seq).unsqueeze(0) >= lengths.unsqueeze(1)
    return [t.masked_fill(mask, 0), mask]


# name: (module class, input names, output names, inputs, per-step classes or None, classes)
MODELS = {
    "mlp": (Mlp, ["image"], ["logits"], digits, 10, False),
    "cnn": (ConvNet, ["image"], ["logits"], digits, 10, False),
    "resnet": (ResNet, ["image"], ["logits"], digits, 10, False),
    "lstm_tagger": (LstmTagger, ["tokens"], ["tags"], tokens, 12, True),
    "gru_tagger": (GruTagger, ["tokens"], ["tags"], tokens, 12, True),
    "transformer": (TransformerClassifier, ["tokens", "padding_mask"], ["logits"], padded_tokens, 5,
                    False),
}


def seed_of(name):
    return sum(name.encode("utf-8")) * 7919


def build(name):
    """The model, built with its fixed seed and trained for TRAIN_STEPS, in eval mode."""
    cls, _, _, inputs, classes, per_step = MODELS[name]
    torch.manual_seed(seed_of(name))
    g = torch.Generator().manual_seed(seed_of(name) + 1)
    model = cls()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    for _ in range(TRAIN_STEPS):
        xs = inputs(g, 16)
        y = model(*xs)
        if per_step:
            target = torch.randint(0, classes, y.shape[:2], generator=g)
            loss = F.cross_entropy(y.reshape(-1, classes), target.reshape(-1))
        else:
            target = torch.randint(0, classes, (y.shape[0],), generator=g)
            loss = F.cross_entropy(y, target)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model.eval()


def load(name, directory):
    """The trained model of build(name), from the state dict export() saved (no training)."""
    cls = MODELS[name][0]
    model = cls()
    model.load_state_dict(torch.load(Path(directory) / name / "state.pt"))
    return model.eval()


def bench_inputs(name, batch, seq=None):
    """The inputs of a model at a batch size (and sequence length, for token models: SEQ unless
    given): the same tensors export() writes for that batch."""
    g = torch.Generator().manual_seed(seed_of(name) + 1000 + batch + 100 * (seq or 0))
    return MODELS[name][3](g, batch) if seq is None else MODELS[name][3](g, batch, seq)


def write_pb(path, tensor, name):
    path.write_bytes(numpy_helper.from_array(tensor.detach().contiguous().numpy(), name)
                     .SerializeToString())


def export(name, out, batches):
    _, in_names, out_names, _, _, _ = MODELS[name]
    model = build(name)
    d = out / name
    d.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), d / "state.pt")
    example = tuple(bench_inputs(name, 2))
    # batch is dynamic everywhere, and the sequence length of token inputs and per-step outputs
    seq = MODELS[name][3] is not digits
    axes = {n: {0: "batch", 1: "seq"} if seq and (n in in_names or MODELS[name][5]) else {0: "batch"}
            for n in in_names + out_names}
    torch.onnx.export(model, example, str(d / "model.onnx"), input_names=in_names,
                      output_names=out_names, dynamic_axes=axes, opset_version=OPSET,
                      do_constant_folding=True)
    cases = [(b, None) for b in batches]
    if seq:
        cases.append((3, 7))  # the sequence axis is dynamic too: a length the export never saw
    for batch, length in cases:
        xs = bench_inputs(name, batch, length)
        with torch.no_grad():
            ys = model(*xs)
        ys = ys if isinstance(ys, tuple) else (ys,)
        bd = d / (f"batch_{batch}" + (f"_seq_{length}" if length else ""))
        bd.mkdir(exist_ok=True)
        for i, (n, x) in enumerate(zip(in_names, xs)):
            write_pb(bd / f"input_{i}.pb", x, n)
        for i, (n, y) in enumerate(zip(out_names, ys)):
            write_pb(bd / f"output_{i}.pb", y, n)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--batches", default="1,5")
    p.add_argument("--models", default=",".join(MODELS))
    a = p.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)
    names = a.models.split(",")
    for n in names:
        if n not in MODELS:
            sys.exit(f"make_onnx_fixtures.py: no model {n}; the models are {', '.join(MODELS)}")
        export(n, out, [int(b) for b in a.batches.split(",")])
    (out / "models.txt").write_text("".join(n + "\n" for n in names), encoding="utf-8")


if __name__ == "__main__":
    main()
