package dev.nabla.layers.internal;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;

/**
 * One direction of one LSTM layer over a whole sequence, as one graph node, with PyTorch's gate
 * order (i, f, g, o): {@code c' = f c + i g}, {@code h' = o tanh(c')}, the gates from {@code xp_t +
 * h W_hhᵀ + b_hh}.
 *
 * <p>Inputs: {@code xp [T, B, 4H]}, the input projection {@code x W_ihᵀ + b_ih} of every step
 * (time-major, computed by the layer in one product), {@code W_hh [4H, H]}, {@code b_hh [4H]} when
 * the op has a bias, {@code h0 [B, H]}, {@code c0 [B, H]}. Output: {@code [T + 1, B, H]}, the
 * hidden state of every step at its time index, then the final cell state. With {@code reverse} the
 * steps run from {@code T - 1} down to 0 (the backward direction of a bidirectional layer).
 *
 * <p>Backward is backpropagation through time written with tensor ops: per step only the
 * elementwise gate derivatives and one {@code [B, 4H] x [4H, H]} product; the weight gradient is
 * one product over all steps.
 */
public final class LstmScan extends Op {
  private final boolean reverse;
  private final boolean bias;

  /** A scan in the given direction, with or without the recurrent bias input. */
  public LstmScan(boolean reverse, boolean bias) {
    this.reverse = reverse;
    this.bias = bias;
  }

  @Override
  public String name() {
    return "lstm";
  }

  // saved: whh, then per step s (in the order the steps run) seven tensors
  private static final int I = 0, F = 1, G = 2, O = 3, TC = 4, HPREV = 5, CPREV = 6, PER = 7;

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor xp = in[0], whh = in[1], bhh = bias ? in[2] : null;
    Tensor h = in[bias ? 3 : 2], c = in[bias ? 4 : 3];
    int steps = xp.dim(0), hidden = whh.dim(1);
    Tensor whhT = whh.transpose();
    Tensor[] saved = new Tensor[1 + PER * steps];
    saved[0] = whh;
    Tensor[] out = new Tensor[steps + 1];
    for (int s = 0; s < steps; s++) {
      int t = reverse ? steps - 1 - s : s;
      Tensor gates = Steps.row(xp, t).add(Steps.recurrent(h, whhT, bhh));
      Tensor i = Steps.gate(gates, 0, hidden).sigmoid();
      Tensor f = Steps.gate(gates, 1, hidden).sigmoid();
      Tensor g = Steps.gate(gates, 2, hidden).tanh();
      Tensor o = Steps.gate(gates, 3, hidden).sigmoid();
      int at = 1 + PER * s;
      saved[at + HPREV] = h;
      saved[at + CPREV] = c;
      c = f.mul(c).add(i.mul(g));
      Tensor tc = c.tanh();
      h = o.mul(tc);
      saved[at + I] = i;
      saved[at + F] = f;
      saved[at + G] = g;
      saved[at + O] = o;
      saved[at + TC] = tc;
      out[t] = h;
    }
    out[steps] = c;
    ctx.save(saved);
    return Tensor.stack(0, out);
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    int steps = grad.dim(0) - 1;
    Tensor whh = ctx.saved(0);
    Tensor dc = Steps.row(grad, steps);
    Tensor dh = null;
    Tensor[] dGates = new Tensor[steps];
    Tensor[] hPrev = new Tensor[steps];
    for (int s = steps - 1; s >= 0; s--) {
      int t = reverse ? steps - 1 - s : s;
      int at = 1 + PER * s;
      Tensor i = ctx.saved(at + I), f = ctx.saved(at + F), g = ctx.saved(at + G);
      Tensor o = ctx.saved(at + O), tc = ctx.saved(at + TC);
      dh = dh == null ? Steps.row(grad, t) : dh.add(Steps.row(grad, t));
      Tensor dO = Steps.sigmoidGrad(dh.mul(tc), o);
      dc = dc.add(Steps.tanhGrad(dh.mul(o), tc));
      Tensor dI = Steps.sigmoidGrad(dc.mul(g), i);
      Tensor dF = Steps.sigmoidGrad(dc.mul(ctx.saved(at + CPREV)), f);
      Tensor dG = Steps.tanhGrad(dc.mul(i), g);
      dc = dc.mul(f);
      dGates[t] = Tensor.concat(1, dI, dF, dG, dO);
      hPrev[t] = ctx.saved(at + HPREV);
      dh = dGates[t].matmul(whh);
    }
    Tensor dxp = Tensor.stack(0, dGates);
    Tensor[] dw =
        Steps.recurrentGrads(
            dxp, Tensor.stack(0, hPrev), ctx.needsInputGrad(1), bias && ctx.needsInputGrad(2));
    return bias ? new Tensor[] {dxp, dw[0], dw[1], dh, dc} : new Tensor[] {dxp, dw[0], dh, dc};
  }
}
