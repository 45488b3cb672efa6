#!/usr/bin/env python3
"""Writes PyTorch's answers for nabla's torch-oracle tests.

Usage: make_fixtures.py OUT_DIR

For every case below, in float64 and in float32, PyTorch builds the module (or loss) with a fixed
seed, runs it on a fixed input, and backpropagates sum(output * r) for a fixed random r, so that
every gradient is exercised (for a module with several outputs, the sum of one such term per
output). Each case becomes OUT_DIR/<case>.<f64|f32>.safetensors, written by hand
(an 8-byte little-endian header length, a JSON header, the raw little-endian data), holding:

  input, r, output, grad.input      the input, the projection, the output, d(sum(output*r))/d(input)
                                    (no grad.input for integer input: an embedding's I64 ids)
  output.<k>, r.<k>                 a further output of a module with several (a recurrent layer's
                                    final states output.h and output.c) and its own projection; the
                                    gradients are then those of the sum of every sum(output*r)
  input.<k>, grad.input.<k>         a further input (a recurrent layer's initial states h0, c0) and
                                    its gradient
  target                            a loss's target (class indices as I32)
  param.<name>, grad.param.<name>   each parameter under its PyTorch name, and its gradient
  buffer.<name>                     each buffer after the forward pass (BatchNorm's running stats)

and in __metadata__ the case's settings as strings (the Java test reads them to build nabla's
module). The fixtures are generated into target/ by the Java test and never committed: the tests
prove agreement with the PyTorch installed on the machine.
"""
import json
import struct
import sys
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

DTYPES = {"f64": torch.float64, "f32": torch.float32}
CODES = {torch.float64: "F64", torch.float32: "F32", torch.int32: "I32", torch.int64: "I64",
         torch.bool: "BOOL"}


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": {k: str(v) for k, v in metadata.items()}}
    blobs, offset = [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        data = t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {
            "dtype": CODES[t.dtype],
            "shape": list(t.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    tmp = path.with_name("." + path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
    tmp.replace(path)


CASES = {}


def case(name, **settings):
    def register(fn):
        CASES[name] = (fn, settings)
        return fn

    return register


def randn(g, *shape, dtype):
    return torch.randn(*shape, generator=g, dtype=torch.float64).to(dtype)


# --- layers: each returns (module, input) ------------------------------------------------------


@case("linear", layer="Dense", inFeatures=7, outFeatures=5, bias=True)
@case("linear_nobias", layer="Dense", inFeatures=7, outFeatures=5, bias=False)
def linear(s, g, dtype):
    return nn.Linear(s["inFeatures"], s["outFeatures"], bias=s["bias"]), randn(g, 4, 7, dtype=dtype)


for k, st, p in [(3, 1, 1), (3, 2, 0), (5, 2, 2), (1, 1, 0), (2, 2, 1)]:

    @case(f"conv2d_k{k}_s{st}_p{p}", layer="Conv2d", inChannels=3, outChannels=4, kernel=k,
          stride=st, padding=p, bias=True)
    def conv2d(s, g, dtype):
        m = nn.Conv2d(s["inChannels"], s["outChannels"], s["kernel"], stride=s["stride"],
                      padding=s["padding"], bias=s["bias"])
        return m, randn(g, 2, 3, 9, 8, dtype=dtype)


@case("conv2d_nobias", layer="Conv2d", inChannels=2, outChannels=3, kernel=3, stride=1, padding=0,
      bias=False)
def conv2d_nobias(s, g, dtype):
    return nn.Conv2d(2, 3, 3, bias=False), randn(g, 3, 2, 6, 7, dtype=dtype)


# in, out, kernel, stride, padding, dilation, groups: two groups, depthwise (with a channel
# multiplier), dilation, and all together
for name, (ci, co, k, st, p, d, gr) in {
    "conv2d_groups2": (4, 6, 3, 1, 1, 1, 2),
    "conv2d_depthwise": (4, 4, 3, 1, 1, 1, 4),
    "conv2d_depthwise_x2": (4, 8, 3, 2, 1, 1, 4),
    "conv2d_dilation2": (3, 4, 3, 1, 2, 2, 1),
    "conv2d_dilation2_groups2_s2": (4, 2, 3, 2, 1, 2, 2),
}.items():

    @case(name, layer="Conv2d", inChannels=ci, outChannels=co, kernel=k, stride=st, padding=p,
          dilation=d, groups=gr, bias=True)
    def conv2d_grouped(s, g, dtype):
        m = nn.Conv2d(s["inChannels"], s["outChannels"], s["kernel"], stride=s["stride"],
                      padding=s["padding"], dilation=s["dilation"], groups=s["groups"])
        return m, randn(g, 2, s["inChannels"], 9, 8, dtype=dtype)


for name, (ci, co, k, st, p, d, gr, b) in {
    "conv1d_k3": (3, 4, 3, 1, 0, 1, 1, True),
    "conv1d_s2_p1": (3, 4, 3, 2, 1, 1, 1, True),
    "conv1d_dilation2_p2": (2, 3, 3, 1, 2, 2, 1, False),
    "conv1d_groups2_s2_d2": (4, 6, 3, 2, 1, 2, 2, True),
    "conv1d_depthwise": (4, 4, 5, 1, 2, 1, 4, True),
}.items():

    @case(name, layer="Conv1d", inChannels=ci, outChannels=co, kernel=k, stride=st, padding=p,
          dilation=d, groups=gr, bias=b)
    def conv1d(s, g, dtype):
        m = nn.Conv1d(s["inChannels"], s["outChannels"], s["kernel"], stride=s["stride"],
                      padding=s["padding"], dilation=s["dilation"], groups=s["groups"],
                      bias=s["bias"])
        return m, randn(g, 3, s["inChannels"], 17, dtype=dtype)


for k, st, p in [(2, 2, 0), (3, 2, 1), (3, 1, 1), (2, 1, 0)]:

    @case(f"maxpool2d_k{k}_s{st}_p{p}", layer="MaxPool2d", kernel=k, stride=st, padding=p)
    def maxpool(s, g, dtype):
        return nn.MaxPool2d(s["kernel"], s["stride"], s["padding"]), randn(g, 2, 3, 9, 8, dtype=dtype)

    @case(f"avgpool2d_k{k}_s{st}_p{p}", layer="AvgPool2d", kernel=k, stride=st, padding=p)
    def avgpool(s, g, dtype):
        return nn.AvgPool2d(s["kernel"], s["stride"], s["padding"]), randn(g, 2, 3, 9, 8, dtype=dtype)


def affine(m, g):
    """A normalisation layer with a random scale and shift instead of ones and zeros."""
    with torch.no_grad():
        m.weight.copy_(randn(g, *m.weight.shape, dtype=torch.float64))
        m.bias.copy_(randn(g, *m.bias.shape, dtype=torch.float64))
    return m


# normalizedShape as "2x3" (the Java side splits on x)
@case("layernorm_last1", layer="LayerNorm", normalizedShape="8", eps=1e-5, affine=True)
@case("layernorm_last2", layer="LayerNorm", normalizedShape="3x8", eps=1e-5, affine=True)
@case("layernorm_noaffine", layer="LayerNorm", normalizedShape="8", eps=1e-3, affine=False)
def layernorm(s, g, dtype):
    shape = [int(d) for d in s["normalizedShape"].split("x")]
    m = nn.LayerNorm(shape, eps=s["eps"], elementwise_affine=s["affine"])
    if s["affine"]:
        affine(m, g)
    return m, randn(g, 4, 3, 8, dtype=dtype) * 2 + 0.5


class RMSNormByFormula(nn.Module):
    """torch 2.x's nn.RMSNorm, x / sqrt(mean(x^2) + eps) * weight, by its formula: torch 1.13 has
    no RMSNorm."""

    def __init__(self, shape, eps, affine):
        super().__init__()
        self.dims = tuple(range(-len(shape), 0))
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(shape, dtype=torch.float64)) if affine else None

    def forward(self, x):
        y = x * torch.rsqrt(x.pow(2).mean(dim=self.dims, keepdim=True) + self.eps)
        return y if self.weight is None else y * self.weight


@case("rmsnorm_last1", layer="RMSNorm", normalizedShape="8", eps=1e-6, affine=True)
@case("rmsnorm_last2_noaffine", layer="RMSNorm", normalizedShape="3x8", eps=1e-5, affine=False)
def rmsnorm(s, g, dtype):
    shape = [int(d) for d in s["normalizedShape"].split("x")]
    m = RMSNormByFormula(shape, s["eps"], s["affine"])
    if s["affine"]:
        with torch.no_grad():
            m.weight.copy_(randn(g, *shape, dtype=torch.float64))
    return m, randn(g, 4, 3, 8, dtype=dtype) * 2 + 0.5


@case("batchnorm1d_train", layer="BatchNorm1d", features=5, eps=1e-5, momentum=0.1, training=True)
def batchnorm1d(s, g, dtype):
    m = affine(nn.BatchNorm1d(5, eps=s["eps"], momentum=s["momentum"]), g)
    return m, randn(g, 6, 5, dtype=dtype) * 3 + 1


@case("batchnorm2d_train", layer="BatchNorm2d", features=3, eps=1e-3, momentum=0.2, training=True)
def batchnorm2d(s, g, dtype):
    m = affine(nn.BatchNorm2d(3, eps=s["eps"], momentum=s["momentum"]), g)
    return m, randn(g, 4, 3, 5, 6, dtype=dtype) * 2 - 1


@case("batchnorm2d_eval", layer="BatchNorm2d", features=3, eps=1e-5, momentum=0.1, training=False)
def batchnorm2d_eval(s, g, dtype):
    m = affine(nn.BatchNorm2d(3), g)
    with torch.no_grad():
        m.running_mean.copy_(randn(g, 3, dtype=torch.float64))
        m.running_var.copy_(randn(g, 3, dtype=torch.float64).abs() + 0.5)
    m.eval()
    return m, randn(g, 2, 3, 4, 5, dtype=dtype)


ACTIVATIONS = {
    "relu": (nn.ReLU, {}),
    "leaky_relu": (lambda: nn.LeakyReLU(0.1), {"slope": 0.1}),
    "tanh": (nn.Tanh, {}),
    "sigmoid": (nn.Sigmoid, {}),
    "gelu": (nn.GELU, {}),
    "softmax": (lambda: nn.Softmax(dim=1), {"axis": 1}),
    "log_softmax": (lambda: nn.LogSoftmax(dim=1), {"axis": 1}),
    "flatten": (nn.Flatten, {}),
    "dropout_eval": (lambda: nn.Dropout(0.5).eval(), {"p": 0.5}),
}
for act, (make, extra) in ACTIVATIONS.items():

    @case(act, layer=act, **extra)
    def activation(s, g, dtype, make=make):
        return make(), randn(g, 3, 4, 2, 5, dtype=dtype) * 3


@case("mlp", layer="mlp")
def mlp(s, g, dtype):
    # Dense + ReLU runs fused in nabla's Sequential
    m = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 3))
    return m, randn(g, 5, 6, dtype=dtype)


@case("convnet", layer="convnet")
def convnet(s, g, dtype):
    m = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Conv2d(4, 6, 3), nn.BatchNorm2d(6), nn.ReLU(), nn.Flatten(),
                      nn.Linear(6 * 2 * 2, 5))
    return m, randn(g, 3, 1, 8, 8, dtype=dtype)


# --- recurrent layers: each returns (module, input, further inputs, outputs) -------------------
# The further inputs are the initial states (input.h0, input.c0), and outputs(module, x, states)
# gives every output by name: output (the sequence), output.h and output.c (the final states).


def rnn_outputs(m, x, states):
    if isinstance(m, nn.LSTM):
        y, (h, c) = m(x, (states["h0"], states["c0"])) if states else m(x)
        return {"output": y, "output.h": h, "output.c": c}
    y, h = m(x, states["h0"]) if states else m(x)
    return {"output": y, "output.h": h}


RNN_SHAPES = [  # (numLayers, bidirectional, bias, states, dropout, training, seq)
    (1, False, True, False, 0.0, True, 5),
    (1, False, True, True, 0.0, True, 5),
    (1, False, False, True, 0.0, True, 5),
    (2, False, True, True, 0.0, True, 5),
    (1, True, True, True, 0.0, True, 5),
    (2, True, True, False, 0.0, True, 5),
    (2, True, True, True, 0.0, True, 5),
    (2, True, False, True, 0.0, True, 5),
    (2, False, True, True, 0.4, False, 5),
    (1, False, True, True, 0.0, True, 40),
    (1, True, True, True, 0.0, True, 200),
]
for cell in ["LSTM", "GRU"]:
    for layers, bi, bias, states, dropout, training, seq in RNN_SHAPES:
        name = (f"{cell.lower()}_l{layers}{'_bi' if bi else ''}{'' if bias else '_nobias'}"
                f"{'_states' if states else ''}{'_seq' + str(seq) if seq != 5 else ''}"
                f"{'_dropout_eval' if dropout else ''}")

        @case(name, layer=cell, inputSize=4, hiddenSize=3, numLayers=layers, bias=bias,
              bidirectional=bi, dropout=dropout, states=states, training=training)
        def recurrent(s, g, dtype, cell=cell, seq=seq):
            m = getattr(nn, cell)(s["inputSize"], s["hiddenSize"], num_layers=s["numLayers"],
                                  bias=s["bias"], batch_first=True, dropout=s["dropout"],
                                  bidirectional=s["bidirectional"])
            x = randn(g, 2, seq, s["inputSize"], dtype=dtype)
            shape = (s["numLayers"] * (2 if s["bidirectional"] else 1), 2, s["hiddenSize"])
            names = ["h0", "c0"] if cell == "LSTM" else ["h0"]
            extra = {k: randn(g, *shape, dtype=dtype) for k in names} if s["states"] else {}
            return m, x, extra, rnn_outputs


@case("embedding", layer="Embedding", numEmbeddings=10, embeddingDim=4)
@case("embedding_padding", layer="Embedding", numEmbeddings=10, embeddingDim=4, paddingIdx=0)
def embedding(s, g, dtype):
    m = nn.Embedding(s["numEmbeddings"], s["embeddingDim"], padding_idx=s.get("paddingIdx"))
    ids = torch.randint(0, s["numEmbeddings"], (3, 5), generator=g, dtype=torch.int64)
    ids[0, :2] = 0  # id 0 repeats (and is the padding row of embedding_padding)
    return m, ids


# --- attention: each returns (module, input, further inputs, outputs, masks) ---------------------
# The further inputs (input.key, input.value, input.memory) get gradients; the masks (mask.<name>)
# are inputs without: BOOL as torch 1.13 takes them (true = hidden), or float and added.

# A BOOL mask is written as BOOL (safetensors "BOOL", one byte each); with False, as the equivalent
# additive float mask (-inf where true, else 0), which nabla's layers take as well.
BOOL_MASKS = True


def mask_out(m, dtype):
    if BOOL_MASKS:
        return m
    return torch.zeros(m.shape, dtype=dtype).masked_fill(m, float("-inf"))


def padding(b, s, hidden):
    # key j of batch i is padding when j >= s - hidden[i]
    return torch.tensor([[j >= s - h for j in range(s)] for h in hidden])


def causal_bool(t, s):
    return torch.ones(t, s, dtype=torch.bool).triu(1)


def mha_outputs(need_weights=False, **masks):
    def outputs(m, x, extra):
        k = extra.get("key", x)
        v = extra.get("value", k)
        y, w = m(x, k, v, need_weights=need_weights, **masks)
        return {"output": y, "output.weights": w} if need_weights else {"output": y}

    return outputs


MHA_CASES = {  # name: (kdim, vdim, key padding, attention mask kind, causal, need weights)
    "mha_self": (8, 8, False, None, False, False),
    "mha_cross_kdim_vdim": (5, 3, False, None, False, False),
    "mha_key_padding": (8, 8, True, None, False, False),
    "mha_bool_attn_mask": (8, 8, False, "bool", False, False),
    "mha_float_attn_mask": (8, 8, False, "float", False, False),
    "mha_causal": (8, 8, False, None, True, False),
    "mha_need_weights": (8, 8, True, "bool", False, True),
}
for name, (kdim, vdim, kpm, kind, causal, weights) in MHA_CASES.items():

    @case(name, attention="mha", embedDim=8, numHeads=2, kdim=kdim, vdim=vdim, causal=causal,
          needWeights=weights)
    def mha(s, g, dtype, kpm=kpm, kind=kind, causal=causal, weights=weights):
        m = nn.MultiheadAttention(8, 2, kdim=s["kdim"], vdim=s["vdim"], batch_first=True)
        with torch.no_grad():  # torch zeroes the biases: random ones test them
            m.in_proj_bias.copy_(randn(g, 24, dtype=torch.float64))
            m.out_proj.bias.copy_(randn(g, 8, dtype=torch.float64))
        b, t, src = 2, 5, 6 if s["kdim"] != 8 else 5
        x = randn(g, b, t, 8, dtype=dtype)
        extra = {}
        if s["kdim"] != 8:
            extra = {"key": randn(g, b, src, s["kdim"], dtype=dtype),
                     "value": randn(g, b, src, s["vdim"], dtype=dtype)}
        masks, torch_masks = {}, {}
        if kpm:
            p = padding(b, src, [1, 2])
            masks["keyPaddingMask"], torch_masks["key_padding_mask"] = mask_out(p, dtype), p
        if kind == "bool":
            a = torch.rand(t, src, generator=g) < 0.3
            a[:, 0] = False  # every query keeps key 0
            masks["attnMask"], torch_masks["attn_mask"] = mask_out(a, dtype), a
        elif kind == "float":
            a = randn(g, b * 2, t, src, dtype=dtype)
            masks["attnMask"] = torch_masks["attn_mask"] = a
        if causal:  # torch 1.13 has no is_causal: its mask is the triangle nabla's flag stands for
            torch_masks["attn_mask"] = causal_bool(t, src)
        return m, x, extra, mha_outputs(weights, **torch_masks), masks


def transformer_outputs(kind, **masks):
    def outputs(m, x, extra):
        if kind == "decoder":
            return {"output": m(x, extra["memory"], **masks)}
        return {"output": m(x, **masks)}

    return outputs


TRANSFORMER_CASES = {  # name: (kind, norm first, activation, masks)
    "encoder_post_relu": ("encoder", False, "relu", "padding"),
    "encoder_pre_gelu": ("encoder", True, "gelu", "bool"),
    "decoder_post_relu": ("decoder", False, "relu", "decoder"),
    "decoder_pre_gelu": ("decoder", True, "gelu", "decoder"),
    "encoder_stack": ("stack", False, "relu", "float"),
}
for name, (kind, norm_first, act, masking) in TRANSFORMER_CASES.items():

    @case(name, attention=kind, dModel=8, nhead=2, dimFeedforward=16, activation=act,
          normFirst=norm_first, layerNormEps=1e-5, numLayers=2 if kind == "stack" else 1)
    def transformer(s, g, dtype, kind=kind, masking=masking):
        args = dict(dim_feedforward=16, dropout=0.0, activation=s["activation"], batch_first=True,
                    norm_first=s["normFirst"])
        if kind == "decoder":
            m = nn.TransformerDecoderLayer(8, 2, **args)
        else:
            m = nn.TransformerEncoderLayer(8, 2, **args)
            if kind == "stack":
                m = nn.TransformerEncoder(m, 2, norm=nn.LayerNorm(8))
                with torch.no_grad():  # deep copies start equal: make the layers differ
                    for p in m.layers[1].parameters():
                        p.add_(0.1 * randn(g, *p.shape, dtype=torch.float64))
                    m.norm.weight.add_(0.1 * randn(g, 8, dtype=torch.float64))
        b, t = 2, 5
        x = randn(g, b, t, 8, dtype=dtype)
        extra, masks, torch_masks = {}, {}, {}
        if kind == "decoder":
            extra["memory"] = randn(g, b, 6, 8, dtype=dtype)
            c = causal_bool(t, t)
            p = padding(b, 6, [2, 0])
            masks["tgtMask"], torch_masks["tgt_mask"] = mask_out(c, dtype), c
            masks["memoryKeyPaddingMask"] = mask_out(p, dtype)
            torch_masks["memory_key_padding_mask"] = p
        elif masking == "padding":
            p = padding(b, t, [1, 2])
            masks["keyPaddingMask"], torch_masks["src_key_padding_mask"] = mask_out(p, dtype), p
        elif masking == "bool":
            a = torch.rand(t, t, generator=g) < 0.3
            a.fill_diagonal_(False)
            masks["mask"], torch_masks["src_mask"] = mask_out(a, dtype), a
        else:
            a = randn(g, t, t, dtype=dtype)
            masks["mask"] = torch_masks["mask"] = a
        return m, x, extra, transformer_outputs(kind, **torch_masks), masks


# --- losses: each returns (loss module, input, target) ------------------------------------------


def classes(g, n, c):
    return torch.randint(0, c, (n,), generator=g, dtype=torch.int64)


for red in ["mean", "sum", "none"]:

    @case(f"mse_{red}", loss="MSELoss", reduction=red)
    def mse(s, g, dtype, red=red):
        return nn.MSELoss(reduction=red), randn(g, 4, 3, dtype=dtype), randn(g, 4, 3, dtype=dtype)

    @case(f"l1_{red}", loss="L1Loss", reduction=red)
    def l1(s, g, dtype, red=red):
        return nn.L1Loss(reduction=red), randn(g, 4, 3, dtype=dtype), randn(g, 4, 3, dtype=dtype)

    @case(f"huber_{red}", loss="HuberLoss", reduction=red, delta=0.7)
    def huber(s, g, dtype, red=red):
        return (nn.HuberLoss(reduction=red, delta=0.7), randn(g, 4, 3, dtype=dtype),
                randn(g, 4, 3, dtype=dtype))

    @case(f"bce_{red}", loss="BCELoss", reduction=red)
    def bce(s, g, dtype, red=red):
        p = torch.rand(4, 3, generator=g, dtype=torch.float64).to(dtype) * 0.98 + 0.01
        t = torch.rand(4, 3, generator=g, dtype=torch.float64).to(dtype)
        return nn.BCELoss(reduction=red), p, t

    @case(f"bce_logits_{red}", loss="BCEWithLogitsLoss", reduction=red)
    def bce_logits(s, g, dtype, red=red):
        t = torch.rand(4, 3, generator=g, dtype=torch.float64).to(dtype)
        return nn.BCEWithLogitsLoss(reduction=red), randn(g, 4, 3, dtype=dtype) * 4, t

    @case(f"cross_entropy_{red}", loss="CrossEntropyLoss", reduction=red)
    def cross_entropy(s, g, dtype, red=red):
        return nn.CrossEntropyLoss(reduction=red), randn(g, 6, 5, dtype=dtype) * 2, classes(g, 6, 5)

    @case(f"nll_{red}", loss="NLLLoss", reduction=red)
    def nll(s, g, dtype, red=red):
        x = F.log_softmax(randn(g, 6, 5, dtype=dtype), dim=1)
        return nn.NLLLoss(reduction=red), x, classes(g, 6, 5)


@case("cross_entropy_ignore_index", loss="CrossEntropyLoss", reduction="mean", ignoreIndex=2)
def cross_entropy_ignore(s, g, dtype):
    t = torch.tensor([0, 2, 1, 2, 4, 3])
    return nn.CrossEntropyLoss(ignore_index=2), randn(g, 6, 5, dtype=dtype), t


def run(name, fn, settings, key, dtype):
    seed = sum(name.encode("utf-8")) * 1009 + (64 if dtype == torch.float64 else 32)
    torch.manual_seed(seed)
    g = torch.Generator().manual_seed(seed)
    tensors = {}
    if "loss" in settings:
        module, x, target = fn(settings, g, dtype)
        x = x.clone().requires_grad_(True)
        ys = {"output": module(x, target)}
        tensors["target"] = target.to(torch.int32) if target.dtype == torch.int64 else target
    else:
        module, x, *rest = fn(settings, g, dtype)
        extra, outputs = rest[:2] if rest else ({}, lambda m, x, states: {"output": m(x)})
        for mname, mask in (rest[2] if len(rest) > 2 else {}).items():
            tensors["mask." + mname] = mask
        module = module.to(dtype)
        if settings.get("training") is not None:
            module.train(settings["training"])
        for pname, p in module.named_parameters():
            tensors["param." + pname] = p.detach().clone()
        for bname, b in module.named_buffers():
            if b.is_floating_point():
                tensors["before.buffer." + bname] = b.detach().clone()
        x = x.clone().requires_grad_(x.is_floating_point())
        extra = {k: v.clone().requires_grad_(True) for k, v in extra.items()}
        ys = outputs(module, x, extra)
    tensors["input"] = x.detach()
    total = 0
    for out_name, y in ys.items():  # output, then output.h, output.c: each with its own r
        r = torch.randn(y.shape, generator=g, dtype=torch.float64).to(dtype)
        total = total + (y * r).sum()
        tensors["r" + out_name[len("output"):]] = r
        tensors[out_name] = y.detach()
    total.backward()
    if x.grad is not None:
        tensors["grad.input"] = x.grad
    if "loss" not in settings:
        for k, v in extra.items():
            tensors["input." + k] = v.detach()
            tensors["grad.input." + k] = v.grad
    if "loss" not in settings:
        for pname, p in module.named_parameters():
            tensors["grad.param." + pname] = p.grad
        for bname, b in module.named_buffers():
            if b.is_floating_point():
                tensors["buffer." + bname] = b.detach().clone()
    metadata = dict(settings)
    metadata["torch"] = torch.__version__
    return tensors, metadata


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)
    for name, (fn, settings) in CASES.items():
        for key, dtype in DTYPES.items():
            tensors, metadata = run(name, fn, settings, key, dtype)
            write_safetensors(out / f"{name}.{key}.safetensors", tensors, metadata)
    kinds = {n: next((k for k in ("loss", "attention") if k in st), "layer")
             for n, (fn, st) in CASES.items()}
    (out / "cases.txt").write_text("".join(f"{k} {n}\n" for n, k in kinds.items()), encoding="utf-8")


if __name__ == "__main__":
    main()
