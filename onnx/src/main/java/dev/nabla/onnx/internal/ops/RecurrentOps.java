package dev.nabla.onnx.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.Attributes;
import dev.nabla.onnx.internal.runtime.NodeSpec;
import dev.nabla.onnx.internal.runtime.OpKernel;
import dev.nabla.onnx.internal.runtime.OpRegistry;
import dev.nabla.onnx.internal.runtime.UnsupportedNodeException;
import java.util.Arrays;
import java.util.List;

/**
 * Recurrent layers: LSTM, GRU, RNN, as ONNX defines them (gate order iofc for LSTM, zrh for GRU),
 * every direction, activation, clip, sequence_lens and both layouts. Each time step is built from
 * nabla's differentiable tensor ops (matmul, slices, activations, where), so the unrolled graph
 * trains.
 */
public final class RecurrentOps {
  private RecurrentOps() {}

  public static void register(OpRegistry r) {
    r.register("LSTM", node -> compile(node, Cell.LSTM));
    r.register("GRU", node -> compile(node, Cell.GRU));
    r.register("RNN", node -> compile(node, Cell.RNN));
  }

  /** The three cells: their gate count, activations per direction and default activations. */
  enum Cell {
    LSTM(4, List.of("Sigmoid", "Tanh", "Tanh"), 8),
    GRU(3, List.of("Sigmoid", "Tanh"), 6),
    RNN(1, List.of("Tanh"), 6);

    final int gates;
    final List<String> defaultActivations;
    final int maxInputs;

    Cell(int gates, List<String> defaultActivations, int maxInputs) {
      this.gates = gates;
      this.defaultActivations = defaultActivations;
      this.maxInputs = maxInputs;
    }
  }

  /** What the factory read from the node's attributes. */
  private record Config(
      Cell cell,
      int hiddenSize, // -1: from R's shape
      boolean reverse,
      int directions,
      RnnActivation[][] activations, // [direction][function]
      double clip, // <= 0: none
      boolean inputForget,
      boolean linearBeforeReset,
      boolean batchFirst,
      boolean wantY,
      boolean wantYc) {}

  private static OpKernel compile(NodeSpec node, Cell cell) {
    node.requireInputs(3, cell.maxInputs);
    Attributes a = node.attributes();
    int opset = node.opset();

    long hidden = a.getInt("hidden_size", -1);
    if (a.has("hidden_size") && (hidden < 1 || hidden > Integer.MAX_VALUE)) {
      throw new UnsupportedNodeException("hidden_size must be positive, got " + hidden);
    }
    String direction = a.getString("direction", "forward");
    int directions;
    boolean reverse = false;
    switch (direction) {
      case "forward" -> directions = 1;
      case "reverse" -> {
        directions = 1;
        reverse = true;
      }
      case "bidirectional" -> directions = 2;
      default ->
          throw new UnsupportedNodeException(
              "direction '" + direction + "' is not one of forward, reverse, bidirectional");
    }

    int perDirection = cell.defaultActivations.size();
    List<String> names = a.getStrings("activations", null);
    if (names == null) {
      names = directions == 2 ? concat(cell.defaultActivations) : cell.defaultActivations;
    } else if (names.size() == perDirection && directions == 2) {
      names = concat(names);
    } else if (names.size() != perDirection * directions) {
      throw new UnsupportedNodeException(
          "activations "
              + names
              + " must list "
              + perDirection * directions
              + " functions ("
              + perDirection
              + " per direction, "
              + directions
              + " direction(s))");
    }
    List<RnnActivation> acts =
        RnnActivation.parse(
            names,
            a.getFloats("activation_alpha", new float[0]),
            a.getFloats("activation_beta", new float[0]));
    RnnActivation[][] activations = new RnnActivation[directions][perDirection];
    for (int d = 0; d < directions; d++) {
      for (int j = 0; j < perDirection; j++) {
        activations[d][j] = acts.get(d * perDirection + j);
      }
    }

    double clip = -1;
    if (a.has("clip")) {
      clip = a.getFloat("clip", 0);
      if (!(clip > 0)) {
        throw new UnsupportedNodeException("clip must be positive, got " + clip);
      }
    }
    boolean inputForget = false;
    if (cell == Cell.LSTM) {
      inputForget = flag(a, "input_forget");
    }
    boolean linearBeforeReset = false;
    if (cell == Cell.GRU) {
      linearBeforeReset = flag(a, "linear_before_reset");
    }
    if (opset < 7) {
      flag(a, "output_sequence"); // Y is computed whenever the node names it
    }
    boolean batchFirst = false;
    if (opset >= 14) {
      batchFirst = flag(a, "layout");
    }
    boolean wantYc = cell == Cell.LSTM && node.hasOutput(2);
    Config cfg =
        new Config(
            cell,
            (int) hidden,
            reverse,
            directions,
            activations,
            clip,
            inputForget,
            linearBeforeReset,
            batchFirst,
            node.hasOutput(0),
            wantYc);
    return in -> run(cfg, in);
  }

  private static List<String> concat(List<String> perDirection) {
    List<String> both = new java.util.ArrayList<>(perDirection);
    both.addAll(perDirection);
    return both;
  }

  /** An attribute that must be 0 or 1 (absent: 0). */
  private static boolean flag(Attributes a, String name) {
    long v = a.getInt(name, 0);
    if (v != 0 && v != 1) {
      throw new UnsupportedNodeException(name + " must be 0 or 1, got " + v);
    }
    return v == 1;
  }

  private static Tensor[] run(Config cfg, Tensor[] in) {
    String op = cfg.cell.name();
    int g = cfg.cell.gates, dirs = cfg.directions;
    Tensor x = in[0], w = in[1], r = in[2];
    if (x.dtype() != DType.FLOAT32 && x.dtype() != DType.FLOAT64) {
      throw new IllegalArgumentException(op + ": X must be float32 or float64, got " + x.dtype());
    }
    if (x.rank() != 3) {
      throw new IllegalArgumentException(
          op
              + ": X must be 3-d "
              + (cfg.batchFirst ? "[batch, seq, input]" : "[seq, batch, input]")
              + ", got shape "
              + Arrays.toString(x.shape()));
    }
    if (cfg.batchFirst) {
      x = x.permute(1, 0, 2);
    }
    int seq = x.dim(0), batch = x.dim(1), inputSize = x.dim(2);
    if (r.rank() != 3) {
      throw new IllegalArgumentException(
          op
              + ": R must be 3-d [num_directions, "
              + g
              + "*hidden_size, hidden_size], got shape "
              + Arrays.toString(r.shape()));
    }
    int h = cfg.hiddenSize > 0 ? cfg.hiddenSize : r.dim(2);
    int gh = g * h;
    expectShape(op, "W", w, x.dtype(), dirs, gh, inputSize);
    expectShape(op, "R", r, x.dtype(), dirs, gh, h);
    Tensor b = input(in, 3);
    if (b != null) {
      expectShape(op, "B", b, x.dtype(), dirs, 2 * gh);
    }
    int[] lengths = null;
    Tensor seqLens = input(in, 4);
    if (seqLens != null) {
      int[] lens = OpUtil.ints(seqLens, op + ": sequence_lens");
      if (seqLens.rank() != 1 || lens.length != batch) {
        throw new IllegalArgumentException(
            op
                + ": sequence_lens must have shape ["
                + batch
                + "] (the batch size), got "
                + Arrays.toString(seqLens.shape()));
      }
      boolean full = true;
      for (int i = 0; i < batch; i++) {
        if (lens[i] < 0 || lens[i] > seq) {
          throw new IllegalArgumentException(
              op
                  + ": sequence_lens["
                  + i
                  + "] = "
                  + lens[i]
                  + " is outside [0, "
                  + seq
                  + "] (the sequence length)");
        }
        full &= lens[i] == seq;
      }
      if (!full) {
        lengths = lens;
      }
    }
    Tensor h0 = state(cfg, op, "initial_h", input(in, 5), x.dtype(), batch, h);
    Tensor c0 = null, p = null;
    if (cfg.cell == Cell.LSTM) {
      c0 = state(cfg, op, "initial_c", input(in, 6), x.dtype(), batch, h);
      p = input(in, 7);
      if (p != null) {
        expectShape(op, "P", p, x.dtype(), dirs, 3 * h);
      }
    }

    // masks[t]: [batch, 1], whether step t is inside each sequence (only for uneven lengths)
    Tensor[] masks = null, keep = null;
    if (lengths != null) {
      masks = new Tensor[seq];
      keep = new Tensor[seq];
      for (int t = 0; t < seq; t++) {
        boolean[] m = new boolean[batch];
        for (int i = 0; i < batch; i++) {
          m[i] = t < lengths[i];
        }
        masks[t] = Tensor.of(m, batch, 1);
        keep[t] = masks[t].to(x.dtype());
      }
    }

    Tensor xFlat = x.reshape(seq * batch, inputSize);
    Tensor[] ys = new Tensor[dirs], hs = new Tensor[dirs], cs = new Tensor[dirs];
    for (int d = 0; d < dirs; d++) {
      boolean backward = cfg.reverse || d == 1;
      RnnActivation[] act = cfg.activations[d];
      Tensor wd = w.get(d), rd = r.get(d);
      Tensor xw = xFlat.matmul(wd, false, true); // [seq*batch, g*h]
      Tensor rbh = null; // GRU with linear_before_reset: Rb of the h gate, inside the reset
      if (b != null) {
        Tensor wb = b.get(d).slice(0, 0, gh), rb = b.get(d).slice(0, gh, 2 * gh);
        if (cfg.cell == Cell.GRU && cfg.linearBeforeReset) {
          rbh = rb.slice(0, 2 * h, 3 * h);
          rb = Tensor.concat(0, rb.slice(0, 0, 2 * h), Tensor.zeros(x.dtype(), h));
        }
        xw = xw.add(wb.add(rb));
      }
      xw = xw.reshape(seq, batch, gh);
      Tensor hPrev = h0 == null ? Tensor.zeros(x.dtype(), batch, h) : h0.get(d);
      Tensor cPrev = null, pi = null, po = null, pf = null;
      if (cfg.cell == Cell.LSTM) {
        cPrev = c0 == null ? Tensor.zeros(x.dtype(), batch, h) : c0.get(d);
        if (p != null) {
          Tensor pd = p.get(d);
          pi = pd.slice(0, 0, h);
          po = pd.slice(0, h, 2 * h);
          pf = pd.slice(0, 2 * h, 3 * h);
        }
      }
      Tensor rzr = null, rh = null;
      if (cfg.cell == Cell.GRU) {
        rzr = rd.slice(0, 0, 2 * h);
        rh = rd.slice(0, 2 * h, 3 * h);
      }
      Tensor[] yd = cfg.wantY ? new Tensor[seq] : null;
      for (int s = 0; s < seq; s++) {
        int t = backward ? seq - 1 - s : s;
        Tensor xt = xw.get(t); // [batch, g*h]
        Tensor hNext, cNext = null;
        switch (cfg.cell) {
          case LSTM -> {
            Tensor gates = xt.add(hPrev.matmul(rd, false, true));
            Tensor i = gates.slice(1, 0, h), o = gates.slice(1, h, 2 * h);
            Tensor f = gates.slice(1, 2 * h, 3 * h), c = gates.slice(1, 3 * h, 4 * h);
            if (pi != null) {
              i = i.add(pi.mul(cPrev));
              f = f.add(pf.mul(cPrev));
            }
            Tensor it = act[0].apply(clip(cfg, i));
            Tensor ft = cfg.inputForget ? it.neg().add(1) : act[0].apply(clip(cfg, f));
            Tensor ct = act[1].apply(clip(cfg, c));
            cNext = ft.mul(cPrev).add(it.mul(ct));
            if (po != null) {
              o = o.add(po.mul(cNext));
            }
            Tensor ot = act[0].apply(clip(cfg, o));
            hNext = ot.mul(act[2].apply(cNext));
          }
          case GRU -> {
            Tensor zr = xt.slice(1, 0, 2 * h).add(hPrev.matmul(rzr, false, true));
            Tensor z = act[0].apply(clip(cfg, zr.slice(1, 0, h)));
            Tensor rt = act[0].apply(clip(cfg, zr.slice(1, h, 2 * h)));
            Tensor xh = xt.slice(1, 2 * h, 3 * h);
            Tensor pre;
            if (cfg.linearBeforeReset) {
              Tensor hr = hPrev.matmul(rh, false, true);
              pre = xh.add(rt.mul(rbh == null ? hr : hr.add(rbh)));
            } else {
              pre = xh.add(rt.mul(hPrev).matmul(rh, false, true));
            }
            Tensor ht = act[1].apply(clip(cfg, pre));
            hNext = ht.add(z.mul(hPrev.sub(ht))); // (1 - z) ht + z h
          }
          case RNN -> hNext = act[0].apply(clip(cfg, xt.add(hPrev.matmul(rd, false, true))));
          default -> throw new AssertionError(cfg.cell);
        }
        if (masks != null) {
          hNext = Tensor.where(masks[t], hNext, hPrev);
          if (cNext != null) {
            cNext = Tensor.where(masks[t], cNext, cPrev);
          }
          if (yd != null) {
            yd[t] = hNext.mul(keep[t]);
          }
        } else if (yd != null) {
          yd[t] = hNext;
        }
        hPrev = hNext;
        cPrev = cNext;
      }
      hs[d] = hPrev;
      cs[d] = cPrev;
      if (yd != null) {
        ys[d] = Tensor.stack(0, yd); // [seq, batch, h]
      }
    }

    Tensor y = cfg.wantY ? Tensor.stack(1, ys) : null; // [seq, dirs, batch, h]
    Tensor yh = Tensor.stack(0, hs); // [dirs, batch, h]
    Tensor yc = cfg.wantYc ? Tensor.stack(0, cs) : null;
    if (cfg.batchFirst) {
      y = y == null ? null : y.permute(2, 0, 1, 3);
      yh = yh.permute(1, 0, 2);
      yc = yc == null ? null : yc.permute(1, 0, 2);
    }
    return cfg.cell == Cell.LSTM ? new Tensor[] {y, yh, yc} : new Tensor[] {y, yh};
  }

  /** Input i, or null when the node omits it (the runtime passes only the inputs listed). */
  private static Tensor input(Tensor[] in, int i) {
    return i < in.length ? in[i] : null;
  }

  private static Tensor clip(Config cfg, Tensor x) {
    return cfg.clip > 0 ? x.clamp(-cfg.clip, cfg.clip) : x;
  }

  /** initial_h / initial_c in the [dirs, batch, hidden] layout (null when not given). */
  private static Tensor state(
      Config cfg, String op, String what, Tensor s, DType dtype, int batch, int h) {
    if (s == null) {
      return null;
    }
    if (cfg.batchFirst) { // layout 1: [batch, num_directions, hidden_size]
      expectShape(op, what, s, dtype, batch, cfg.directions, h);
      return s.permute(1, 0, 2);
    }
    expectShape(op, what, s, dtype, cfg.directions, batch, h);
    return s;
  }

  private static void expectShape(String op, String what, Tensor t, DType dtype, int... expected) {
    if (!Arrays.equals(t.shape(), expected)) {
      throw new IllegalArgumentException(
          op
              + ": "
              + what
              + " must have shape "
              + Arrays.toString(expected)
              + ", got "
              + Arrays.toString(t.shape()));
    }
    if (t.dtype() != dtype) {
      throw new IllegalArgumentException(
          op + ": " + what + " must have X's dtype " + dtype + ", got " + t.dtype());
    }
  }
}
