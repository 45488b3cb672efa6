"""Writes the op cases of OpCasesTest: ONNX models of one node, their inputs and expected outputs.

Each case is a folder in ONNX's backend-test layout: model.onnx, test_data_set_0/input_i.pb and
output_i.pb, and for float64 cases grad_0.pb, the gradient of L = sum(output_0^2) + sum(the other
outputs) with respect to input 0. The expected values come from PyTorch (torch.nn.LSTM / GRU / RNN
with ONNX's gate blocks reordered to PyTorch's, packed sequences for sequence_lens, torch.einsum,
F.nll_loss / cross_entropy) or, where PyTorch has no equivalent (other activations, clip,
input_forget, peepholes, GRU's linear_before_reset=0), from the numpy equations of ONNX's
specification written out below.

Run with /usr/bin/python3 (PyTorch 1.13, ONNX 1.12) from this folder: python3 make_cases.py
"""
import os
import shutil

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import helper, numpy_helper, TensorProto

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases")
ERRORS = os.path.join(HERE, "errors")  # models nabla must refuse, at load or at run time
rng = np.random.default_rng(14)


def rand(*shape, dtype=np.float32, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(dtype)


def elem(a):
    return {np.dtype(np.float32): TensorProto.FLOAT, np.dtype(np.float64): TensorProto.DOUBLE,
            np.dtype(np.int64): TensorProto.INT64, np.dtype(np.int32): TensorProto.INT32}[a.dtype]


def write(name, op, inputs, outputs, attrs, opset, grad=None, output_names=None, base=OUT):
    """inputs: list of (name, array or None for omitted); outputs: arrays in the op's order."""
    d = os.path.join(base, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "test_data_set_0"))
    in_names = [n if a is not None else "" for n, a in inputs]
    while in_names and in_names[-1] == "":
        in_names.pop()
    out_names = output_names or ["out%d" % i for i in range(len(outputs))]
    node = helper.make_node(op, in_names, out_names, **attrs)
    given = [(n, a) for n, a in inputs if a is not None]
    graph = helper.make_graph(
        [node], name,
        [helper.make_tensor_value_info(n, elem(a), a.shape) for n, a in given],
        [helper.make_tensor_value_info(n, elem(o), o.shape)
         for n, o in zip(out_names, outputs) if n])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(d, "model.onnx"))
    for i, (n, a) in enumerate(given):
        t = numpy_helper.from_array(a, n)
        open(os.path.join(d, "test_data_set_0", "input_%d.pb" % i), "wb").write(
            t.SerializeToString())
    for i, o in enumerate(o for n, o in zip(out_names, outputs) if n):
        t = numpy_helper.from_array(np.array(o, order="C"), "out%d" % i)
        open(os.path.join(d, "test_data_set_0", "output_%d.pb" % i), "wb").write(
            t.SerializeToString())
    if grad is not None:
        open(os.path.join(d, "grad_0.pb"), "wb").write(
            numpy_helper.from_array(grad, "grad").SerializeToString())


def loss_of(outs):
    return (outs[0] ** 2).sum() + sum(o.sum() for o in outs[1:])


# ------------------------------------------------------------------------ PyTorch recurrent layers

def reorder(w, blocks, order):
    """Rows of w as `blocks` equal blocks, taken in `order` (ONNX's gate order to PyTorch's)."""
    parts = np.split(w, blocks, axis=0)
    return np.concatenate([parts[i] for i in order], axis=0)


TORCH = {  # cls, gates, ONNX blocks in PyTorch's order
    "LSTM": (torch.nn.LSTM, 4, [0, 2, 3, 1]),  # iofc -> ifgo
    "GRU": (torch.nn.GRU, 3, [1, 0, 2]),  # zrh -> rzn
    "RNN": (torch.nn.RNN, 1, [0]),
}


def torch_case(name, op, seq, batch, inp, hid, direction="forward", lens=None, bias=True,
               init=True, batch_first=False, dtype=np.float32, nonlinearity="tanh", opset=14):
    cls, g, order = TORCH[op]
    dirs = 2 if direction == "bidirectional" else 1
    W = rand(dirs, g * hid, inp, dtype=dtype, scale=0.5)
    R = rand(dirs, g * hid, hid, dtype=dtype, scale=0.5)
    B = rand(dirs, 2 * g * hid, dtype=dtype, scale=0.5) if bias else None
    X = rand(seq, batch, inp, dtype=dtype)
    h0 = rand(dirs, batch, hid, dtype=dtype) if init else None
    c0 = rand(dirs, batch, hid, dtype=dtype) if init and op == "LSTM" else None
    kw = {"nonlinearity": nonlinearity} if op == "RNN" else {}
    m = cls(inp, hid, bidirectional=dirs == 2, bias=True, **kw).to(
        torch.float64 if dtype == np.float64 else torch.float32)
    with torch.no_grad():
        for d in range(dirs):
            sfx = "_reverse" if d == 1 else ""
            getattr(m, "weight_ih_l0" + sfx).copy_(torch.from_numpy(reorder(W[d], g, order)))
            getattr(m, "weight_hh_l0" + sfx).copy_(torch.from_numpy(reorder(R[d], g, order)))
            bw = B[d, :g * hid] if bias else np.zeros(g * hid, dtype)
            br = B[d, g * hid:] if bias else np.zeros(g * hid, dtype)
            getattr(m, "bias_ih_l0" + sfx).copy_(torch.from_numpy(reorder(bw, g, order)))
            getattr(m, "bias_hh_l0" + sfx).copy_(torch.from_numpy(reorder(br, g, order)))
    x = torch.from_numpy(X.copy()).requires_grad_(dtype == np.float64)
    th0 = torch.from_numpy(h0) if init else torch.zeros(dirs, batch, hid, dtype=x.dtype)
    state = (th0, torch.from_numpy(c0) if init else torch.zeros_like(th0)) if op == "LSTM" else th0
    if direction == "reverse":  # PyTorch has no reverse-only layer: run forward on flipped time
        assert lens is None
        y, st = m(torch.flip(x, [0]), state)
        y = torch.flip(y, [0])
    elif lens is not None:
        packed = torch.nn.utils.rnn.pack_padded_sequence(
            x, torch.tensor(lens), enforce_sorted=False)
        y, st = m(packed, state)
        y, _ = torch.nn.utils.rnn.pad_packed_sequence(y, total_length=seq)
    else:
        y, st = m(x, state)
    Y = y.reshape(seq, batch, dirs, hid).permute(0, 2, 1, 3)
    outs = [Y, st[0], st[1]] if op == "LSTM" else [Y, st]
    grad = None
    if dtype == np.float64:
        loss_of(outs).backward()
        grad = x.grad.numpy()
        if batch_first:
            grad = grad.transpose(1, 0, 2)
    outs = [o.detach().numpy() for o in outs]
    Xf = X
    if batch_first:
        Xf = X.transpose(1, 0, 2).copy()
        h0 = h0.transpose(1, 0, 2).copy() if init else None
        c0 = c0.transpose(1, 0, 2).copy() if c0 is not None else None
        outs = [outs[0].transpose(2, 0, 1, 3)] + [o.transpose(1, 0, 2) for o in outs[1:]]
    inputs = [("X", Xf), ("W", W), ("R", R), ("B", B),
              ("sequence_lens", np.array(lens, np.int32) if lens is not None else None),
              ("initial_h", h0)]
    if op == "LSTM":
        inputs.append(("initial_c", c0))
    attrs = {"hidden_size": hid, "direction": direction}
    if batch_first:
        attrs["layout"] = 1
    if op == "GRU":
        attrs["linear_before_reset"] = 1
    if op == "RNN" and nonlinearity == "relu":
        attrs["activations"] = ["Relu"] * dirs
    write(name, op, inputs, outs, attrs, opset, grad)


# ------------------------------------------------------------ the specification's equations (numpy)

ACT = {
    "Relu": lambda x, a, b: np.maximum(x, 0),
    "Tanh": lambda x, a, b: np.tanh(x),
    "Sigmoid": lambda x, a, b: 1 / (1 + np.exp(-x)),
    "Affine": lambda x, a, b: a * x + b,
    "LeakyRelu": lambda x, a, b: np.where(x >= 0, x, a * x),
    "ThresholdedRelu": lambda x, a, b: np.where(x > a, x, 0),
    "ScaledTanh": lambda x, a, b: a * np.tanh(b * x),
    "HardSigmoid": lambda x, a, b: np.clip(a * x + b, 0, 1),
    "Elu": lambda x, a, b: np.where(x >= 0, x, a * (np.exp(x) - 1)),
    "Softsign": lambda x, a, b: x / (1 + np.abs(x)),
    "Softplus": lambda x, a, b: np.log(1 + np.exp(x)),
}


def numpy_case(name, op, seq, batch, inp, hid, acts, params, direction="forward", clip=None,
               input_forget=0, peepholes=False, lbr=0, lens=None, opset=14, alphas=None,
               betas=None):
    """params: (alpha, beta) per activation, as the attributes give them."""
    g = {"LSTM": 4, "GRU": 3, "RNN": 1}[op]
    dirs = 2 if direction == "bidirectional" else 1
    W = rand(dirs, g * hid, inp, scale=0.5)
    R = rand(dirs, g * hid, hid, scale=0.5)
    B = rand(dirs, 2 * g * hid, scale=0.5)
    X = rand(seq, batch, inp)
    h0 = rand(dirs, batch, hid)
    c0 = rand(dirs, batch, hid)
    P = rand(dirs, 3 * hid, scale=0.5) if peepholes else None
    per = len(acts) // dirs
    cl = (lambda v: np.clip(v, -clip, clip)) if clip else (lambda v: v)
    L = lens if lens is not None else [seq] * batch
    Y = np.zeros((seq, dirs, batch, hid), np.float32)
    Yh = np.zeros((dirs, batch, hid), np.float32)
    Yc = np.zeros((dirs, batch, hid), np.float32)
    for d in range(dirs):
        f = [(lambda v, k=k: ACT[acts[d * per + k]](v, *params[d * per + k])) for k in range(per)]
        w, r = W[d], R[d]
        wb, rb = B[d, :g * hid], B[d, g * hid:]
        for n in range(batch):
            h, c = h0[d, n], c0[d, n]
            steps = range(L[n])
            if d == 1 or direction == "reverse":
                steps = reversed(steps)
            for t in steps:
                x = X[t, n]
                if op == "LSTM":
                    gx = w @ x + wb + r @ h + rb
                    i, o, fg, cc = np.split(gx, 4)
                    if peepholes:
                        pi, po, pf = np.split(P[d], 3)
                        i = i + pi * c
                        fg = fg + pf * c
                    it = f[0](cl(i))
                    ft = 1 - it if input_forget else f[0](cl(fg))
                    ct = f[1](cl(cc))
                    c = ft * c + it * ct
                    if peepholes:
                        o = o + po * c
                    ot = f[0](cl(o))
                    h = ot * f[2](c)
                elif op == "GRU":
                    wz, wr, wh = np.split(w, 3)
                    rz, rr, rh = np.split(r, 3)
                    bz, br, bh = np.split(wb, 3)
                    cz, cr, ch = np.split(rb, 3)
                    z = f[0](cl(wz @ x + rz @ h + bz + cz))
                    rt = f[0](cl(wr @ x + rr @ h + br + cr))
                    if lbr:
                        hh = f[1](cl(wh @ x + rt * (rh @ h + ch) + bh))
                    else:
                        hh = f[1](cl(wh @ x + rh @ (rt * h) + ch + bh))
                    h = (1 - z) * hh + z * h
                else:
                    h = f[0](cl(w @ x + r @ h + wb + rb))
                Y[t, d, n] = h
            Yh[d, n], Yc[d, n] = h, c
    inputs = [("X", X), ("W", W), ("R", R), ("B", B),
              ("sequence_lens", np.array(lens, np.int32) if lens is not None else None),
              ("initial_h", h0)]
    if op == "LSTM":
        inputs += [("initial_c", c0), ("P", P)]
    attrs = {"hidden_size": hid, "direction": direction, "activations": acts}
    if alphas is not None:
        attrs["activation_alpha"] = alphas
    if betas is not None:
        attrs["activation_beta"] = betas
    if clip:
        attrs["clip"] = clip
    if op == "LSTM":
        attrs["input_forget"] = input_forget
    if op == "GRU":
        attrs["linear_before_reset"] = lbr
    outs = [Y, Yh, Yc] if op == "LSTM" else [Y, Yh]
    write(name, op, inputs, outs, attrs, opset)


def recurrent():
    torch_case("lstm_bidirectional_seq_lens", "LSTM", 5, 3, 4, 3, "bidirectional", lens=[5, 2, 4])
    torch_case("lstm_reverse_layout1", "LSTM", 4, 2, 3, 5, "reverse", batch_first=True)
    torch_case("lstm_bidirectional_float64_grad", "LSTM", 4, 3, 2, 3, "bidirectional",
               lens=[4, 1, 3], dtype=np.float64)
    torch_case("lstm_opset7_no_bias_no_init", "LSTM", 3, 2, 3, 4, bias=False, init=False,
               opset=7)
    torch_case("gru_bidirectional_lbr1_seq_lens", "GRU", 5, 3, 3, 4, "bidirectional",
               lens=[3, 5, 1])
    torch_case("gru_bidirectional_layout1_float64_grad", "GRU", 4, 2, 3, 3, "bidirectional",
               batch_first=True, dtype=np.float64)
    torch_case("rnn_bidirectional_relu_seq_lens", "RNN", 4, 3, 2, 3, "bidirectional",
               lens=[2, 4, 3], nonlinearity="relu")
    torch_case("rnn_reverse_float64_grad", "RNN", 4, 2, 3, 3, "reverse", dtype=np.float64)
    numpy_case("lstm_peepholes_clip_input_forget_activations", "LSTM", 4, 2, 3, 3,
               ["HardSigmoid", "LeakyRelu", "Softsign"], [(0.3, 0.4), (0.05, 0), (0, 0)],
               clip=1.5, input_forget=1, peepholes=True, alphas=[0.3, 0.05], betas=[0.4])
    numpy_case("lstm_bidirectional_peepholes_seq_lens", "LSTM", 4, 3, 2, 3,
               ["Sigmoid", "Tanh", "Tanh", "Sigmoid", "Relu", "Tanh"], [(0, 0)] * 6,
               direction="bidirectional", peepholes=True, lens=[4, 2, 3])
    numpy_case("gru_lbr0_reverse_activations", "GRU", 4, 2, 3, 3, ["Sigmoid", "ScaledTanh"],
               [(0, 0), (1.2, 0.8)], direction="reverse", alphas=[1.2], betas=[0.8])
    numpy_case("gru_lbr0_bidirectional_clip_seq_lens", "GRU", 5, 3, 2, 4,
               ["Sigmoid", "Tanh", "HardSigmoid", "Elu"], [(0, 0), (0, 0), (0.25, 0.5), (0.7, 0)],
               direction="bidirectional", clip=0.8, lens=[5, 3, 1], alphas=[0.25, 0.7],
               betas=[0.5])
    numpy_case("gru_lbr1_opset7_reverse", "GRU", 3, 2, 3, 3, ["Sigmoid", "Tanh"],
               [(0, 0), (0, 0)], direction="reverse", lbr=1, opset=7)
    numpy_case("rnn_affine_thresholdedrelu_bidirectional", "RNN", 3, 2, 3, 4,
               ["Affine", "ThresholdedRelu"], [(0.6, -0.2), (0.1, 0)],
               direction="bidirectional", alphas=[0.6, 0.1], betas=[-0.2])
    numpy_case("rnn_softplus_defaults_elu", "RNN", 3, 2, 3, 4, ["Softplus", "Elu"],
               [(0, 0), (1.0, 0)], direction="bidirectional")
    numpy_case("rnn_leakyrelu_default_alpha", "RNN", 3, 2, 3, 4, ["LeakyRelu"], [(0.01, 0)])


# --------------------------------------------------------------------------------------- Einsum

def einsum(name, eq, *shapes, dtype=np.float64):
    xs = [rand(*s, dtype=dtype) for s in shapes]
    ts = [torch.from_numpy(x.copy()).requires_grad_(True) for x in xs]
    y = torch.einsum(eq.replace(" ", ""), *ts)
    ref = np.einsum(eq.replace(" ", ""), *xs)
    assert np.allclose(y.detach().numpy(), ref)
    loss_of([y]).backward()
    write(name, "Einsum", [("x%d" % i, x) for i, x in enumerate(xs)],
          [y.detach().numpy().astype(dtype)], {"equation": eq}, 12, ts[0].grad.numpy())


def einsums():
    einsum("einsum_matmul", "ij,jk->ik", (3, 4), (4, 5))
    einsum("einsum_implicit_matmul", "ij,jk", (3, 4), (4, 5))
    einsum("einsum_outer", "i,j->ij", (3,), (4,))
    einsum("einsum_trace", "ii->", (4, 4))
    einsum("einsum_implicit_trace", "ii", (4, 4))
    einsum("einsum_diagonal", "ii->i", (4, 4))
    einsum("einsum_batch_transposed_rhs", "bij,bkj->bik", (2, 3, 4), (2, 5, 4))
    einsum("einsum_permute3", "ijk->kji", (2, 3, 4))
    einsum("einsum_frobenius", "ij,ij->", (3, 4), (3, 4))
    einsum("einsum_three_operands", "abc,cd,de->abe", (2, 3, 4), (4, 5), (5, 2))
    einsum("einsum_ellipsis_broadcast", "...ij,...jk->...ik", (2, 1, 3, 4), (5, 4, 2))
    einsum("einsum_ellipsis_middle", "i...j->j...i", (2, 3, 4, 5))
    einsum("einsum_ellipsis_implicit", "...ij", (2, 3, 4))
    einsum("einsum_repeated_with_others", "iij,jk->ik", (3, 3, 4), (4, 2))
    einsum("einsum_sum_all_and_keep", "ijk,ik->j", (2, 3, 4), (2, 4))
    einsum("einsum_hadamard_kept", "ij,ij->ij", (3, 4), (3, 4))
    einsum("einsum_float32_bilinear", "bn,anm,bm->ba", (2, 3), (4, 3, 5), (2, 5), dtype=np.float32)
    own = np.random.default_rng(1214)  # its own draws: the later cases keep theirs
    a = own.integers(-50, 50, (3, 4)).astype(np.int64)
    b = own.integers(-50, 50, (4, 2)).astype(np.int64)
    write("einsum_int64_matmul", "Einsum", [("x0", a), ("x1", b)],
          [np.einsum("ij,jk->ik", a, b)], {"equation": "ij,jk->ik"}, 12)
    v = own.integers(-9, 9, (3, 3)).astype(np.int32)
    write("einsum_int32_trace", "Einsum", [("x0", v)], [np.einsum("ii", v).astype(np.int32)],
          {"equation": "ii"}, 12)


# ----------------------------------------------------------------------------------------- losses

def loss_case(name, op, n, c, extra, reduction, weight=False, ii=None, dtype=np.float64,
              tdtype=np.int64, log_prob=False):
    x = rand(n, c, *extra, dtype=dtype)
    t = rng.integers(0, c, size=(n, *extra)).astype(tdtype)
    if ii is not None:
        t.flat[::3] = ii
    w = rng.uniform(0.2, 1.5, c).astype(dtype) if weight else None
    tx = torch.from_numpy(x.copy()).requires_grad_(True)
    tw = torch.from_numpy(w) if weight else None
    tt = torch.from_numpy(t.astype(np.int64))
    kw = {"weight": tw, "reduction": reduction, "ignore_index": ii if ii is not None else -100}
    if op == "NegativeLogLikelihoodLoss":
        y = F.nll_loss(tx, tt, **kw)
        outs = [y]
    else:
        y = F.cross_entropy(tx, tt, **kw)
        outs = [y, F.log_softmax(tx, 1)] if log_prob else [y]
    loss_of(outs).backward()
    attrs = {"reduction": reduction}
    if ii is not None:
        attrs["ignore_index"] = ii
    write(name, op, [("x", x), ("t", t), ("w", w)], [o.detach().numpy() for o in outs], attrs,
          13, tx.grad.numpy() if dtype == np.float64 else None)


def losses():
    loss_case("nll_int32_target_weight_ii_mean", "NegativeLogLikelihoodLoss", 4, 5, (3,), "mean",
              weight=True, ii=2, tdtype=np.int32)
    loss_case("nll_none_ii_float64", "NegativeLogLikelihoodLoss", 3, 4, (2, 2), "none", ii=-1)
    loss_case("nll_sum_2d_float32", "NegativeLogLikelihoodLoss", 5, 3, (), "sum",
              dtype=np.float32)
    loss_case("sce_mean_ii_weight_log_prob", "SoftmaxCrossEntropyLoss", 4, 5, (2,), "mean",
              weight=True, ii=0, log_prob=True)
    loss_case("sce_sum_int32_float32", "SoftmaxCrossEntropyLoss", 3, 6, (), "sum",
              dtype=np.float32, tdtype=np.int32)


# ------------------------------------------------------------- signal processing, Det, MaxUnpool

def grad_case(name, op, inputs, f, attrs, opset, output_names=None, also=()):
    """f maps the torch tensors of the inputs to the outputs; input 0 gets the gradient (float64),
    and so do the inputs listed in `also` (written as grad_i.pb)."""
    ts = [torch.from_numpy(a.copy()) if a is not None else None for _, a in inputs]
    for i in (0,) + tuple(also):
        ts[i].requires_grad_(inputs[0][1].dtype == np.float64)
    outs = f(*ts)
    grad = None
    if ts[0].requires_grad:
        loss_of(outs).backward()
        grad = ts[0].grad.numpy()
    write(name, op, inputs, [o.detach().numpy() for o in outs], attrs, opset, grad,
          output_names)
    for i in also:
        if ts[i].requires_grad:
            open(os.path.join(OUT, name, "grad_%d.pb" % i), "wb").write(
                numpy_helper.from_array(ts[i].grad.numpy(), "grad").SerializeToString())


def cplx(x):
    return torch.view_as_complex(x) if x.shape[-1] == 2 else x[..., 0]


def signal():
    for kind, fn in [("Hann", torch.hann_window), ("Blackman", torch.blackman_window)]:
        for periodic in (0, 1):
            w = fn(7, periodic=bool(periodic), dtype=torch.float64).numpy()
            write("%swindow_float64_periodic%d" % (kind.lower(), periodic), kind + "Window",
                  [("size", np.array(7, np.int64))], [w],
                  {"periodic": periodic, "output_datatype": 11}, 17)
    w = torch.hamming_window(9, periodic=False, alpha=25 / 46, beta=21 / 46).numpy()
    write("hammingwindow_symmetric_9", "HammingWindow", [("size", np.array(9, np.int32))], [w],
          {"periodic": 0}, 17)
    grad_case("dft_complex_padded_float64_grad", "DFT",
              [("x", rand(2, 5, 3, 2, dtype=np.float64)), ("n", np.array(8, np.int64))],
              lambda x, n: [torch.view_as_real(torch.fft.fft(cplx(x), n=8, dim=1))],
              {"axis": 1}, 17)
    grad_case("dft_onesided_truncated_float64_grad", "DFT",
              [("x", rand(2, 7, 1, dtype=np.float64)), ("n", np.array(6, np.int64))],
              lambda x, n: [torch.view_as_real(torch.fft.rfft(cplx(x), n=6, dim=1))],
              {"axis": 1, "onesided": 1}, 17)
    grad_case("dft_inverse_axis2", "DFT", [("x", rand(1, 3, 4, 2))],
              lambda x: [torch.view_as_real(torch.fft.ifft(cplx(x), dim=2))],
              {"axis": 2, "inverse": 1}, 17)
    grad_case("dft_negative_axis_real_float32", "DFT", [("x", rand(3, 6, 4, 1))],
              lambda x: [torch.view_as_real(torch.fft.fft(cplx(x).to(torch.complex64), dim=1))],
              {"axis": -3}, 17)

    def stft(x, step, window, length, onesided):
        frames = cplx(x).unfold(1, length, step)
        if window is not None:
            frames = frames * window
        y = torch.fft.rfft(frames, dim=2) if onesided else torch.fft.fft(frames, dim=2)
        return [torch.view_as_real(y)]

    hann = torch.hann_window(12, dtype=torch.float64).numpy()
    grad_case("stft_window_float64_grad", "STFT",
              [("x", rand(2, 40, 1, dtype=np.float64)), ("step", np.array(5, np.int64)),
               ("window", hann)],
              lambda x, st, w: stft(x, 5, w, 12, True), {}, 17)
    grad_case("stft_two_sided_frame_length", "STFT",
              [("x", rand(1, 30, 1)), ("step", np.array(4, np.int64)), ("window", None),
               ("length", np.array(8, np.int64))],
              lambda x, st, w, ln: stft(x, 4, None, 8, False), {"onesided": 0}, 17)

    x = rand(2, 3, 4, 4, dtype=np.float64)
    grad_case("det_batch_float64_grad", "Det", [("x", x)], lambda x: [torch.det(x)], {}, 11)
    singular = rand(2, 3, 3)
    singular[0, :, 0] = 0
    singular[1, 2] = singular[1, 0] * 2
    write("det_singular", "Det", [("x", singular)],
          [np.array([0, np.linalg.det(singular[1].astype(np.float64))], np.float32)], {}, 11)

    src = torch.from_numpy(rand(2, 3, 7, 7))
    pooled, idx = F.max_pool2d(src, 3, 2, padding=1, return_indices=True)
    unpooled = F.max_unpool2d(pooled, idx, 3, 2, padding=1)
    plane = 7 * 7
    flat = idx + (torch.arange(6).reshape(2, 3, 1, 1) * plane)  # ONNX's indices span the tensor
    write("maxunpool_pads_channels", "MaxUnpool",
          [("x", pooled.numpy()), ("i", flat.numpy().astype(np.int64))], [unpooled.numpy()],
          {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [1, 1, 1, 1]}, 11)


def unique_case(name, x, axis, sorted_):
    y, idx, inv, cnt = np.unique(x, axis=axis, return_index=True, return_inverse=True,
                                 return_counts=True)
    inv = inv.reshape(-1)
    if not sorted_:  # numpy sorts: reorder by first occurrence
        perm = np.argsort(idx, kind="stable")
        y = np.take(y, perm, axis=axis if axis is not None else 0)
        idx, cnt = idx[perm], cnt[perm]
        inv = np.argsort(perm)[inv]
    attrs = {"sorted": sorted_}
    if axis is not None:
        attrs["axis"] = axis
    write(name, "Unique", [("x", x)],
          [y, idx.astype(np.int64), inv.astype(np.int64), cnt.astype(np.int64)], attrs, 11,
          output_names=["y", "indices", "inverse", "counts"])


def uniques():
    x = np.array([[3, 1, 3, -2, 1, 3], [0, 5, 0, 7, 5, 0]], np.int64)
    unique_case("unique_int64_axis1_unsorted", x, 1, 0)
    unique_case("unique_int64_axis_minus1_sorted", x, -1, 1)
    unique_case("unique_float64_flat_unsorted",
                np.array([[0.5, -1.0, 0.5], [2.0, -1.0, 7.25]], np.float64), None, 0)
    unique_case("unique_int32_flat_sorted", np.array([4, 4, -3, 9, -3, 0], np.int32), None, 1)


def gridsamples():
    for mode in ("bilinear", "nearest", "bicubic"):
        for padding in ("zeros", "border", "reflection"):
            for ac in (0, 1):
                x = rand(2, 3, 4, 5, dtype=np.float64)
                g = rng.uniform(-1.4, 1.4, (2, 3, 6, 2))
                grad_case("gridsample_%s_%s_ac%d_float64_grad" % (mode, padding, ac), "GridSample",
                          [("x", x), ("grid", g)],
                          lambda x, g: [F.grid_sample(x, g, mode=mode, padding_mode=padding,
                                                      align_corners=bool(ac))],
                          {"mode": mode, "padding_mode": padding, "align_corners": ac}, 16,
                          also=(1,) if mode != "nearest" else ())


# ------------------------------------------------- models to refuse (OpErrorsTest: what the message says)

def errors():
    def lstm(name, attrs, X=(2, 1, 2), W=(1, 12, 2), lens=None):
        inputs = [("X", rand(*X)), ("W", rand(*W)), ("R", rand(1, 12, 3)), ("B", None),
                  ("sequence_lens", None if lens is None else np.array(lens, np.int32))]
        write(name, "LSTM", inputs, [np.zeros((1, 1, 3), np.float32)], attrs, 14,
              output_names=["", "Y_h"], base=ERRORS)

    lstm("lstm_unknown_activation", {"hidden_size": 3, "activations": ["Sigmoid", "Tanh", "Swish"]})
    lstm("lstm_bad_direction", {"hidden_size": 3, "direction": "sideways"})
    lstm("lstm_w_shape", {"hidden_size": 3}, W=(1, 12, 5))
    lstm("lstm_seq_lens_too_long", {"hidden_size": 3}, lens=[7])
    write("einsum_bad_character", "Einsum", [("x", rand(2, 3)), ("y", rand(3, 4))],
          [np.zeros((2, 4), np.float32)], {"equation": "ij,j1->i"}, 12, base=ERRORS)
    write("einsum_rank_mismatch", "Einsum", [("x", rand(2, 3, 4)), ("y", rand(3, 4))],
          [np.zeros((2, 4), np.float32)], {"equation": "ij,jk->ik"}, 12, base=ERRORS)
    x = rand(2, 5)
    write("nll_target_out_of_range", "NegativeLogLikelihoodLoss",
          [("x", x), ("t", np.array([1, 9], np.int64))], [np.zeros((), np.float32)], {}, 13,
          base=ERRORS)


if __name__ == "__main__":
    recurrent()
    einsums()
    losses()
    signal()
    uniques()
    gridsamples()
    errors()
