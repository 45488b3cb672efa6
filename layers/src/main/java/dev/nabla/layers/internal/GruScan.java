package dev.nabla.layers.internal;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;

/**
 * One direction of one GRU layer over a whole sequence, as one graph node, with PyTorch's gate
 * order (r, z, n): {@code r = σ(xp_r + hp_r)}, {@code z = σ(xp_z + hp_z)}, {@code n = tanh(xp_n + r
 * hp_n)}, {@code h' = (1 - z) n + z h}, where {@code hp = h W_hhᵀ + b_hh}.
 *
 * <p>Inputs: {@code xp [T, B, 3H]}, the input projection {@code x W_ihᵀ + b_ih} of every step
 * (time-major, computed by the layer in one product), {@code W_hh [3H, H]}, {@code b_hh [3H]} when
 * the op has a bias, {@code h0 [B, H]}. Output: {@code [T, B, H]}, the hidden state of every step
 * at its time index. With {@code reverse} the steps run from {@code T - 1} down to 0.
 *
 * <p>Backward is backpropagation through time written with tensor ops, one {@code [B, 3H] x [3H,
 * H]} product per step and one product over all steps for the weight gradient.
 */
public final class GruScan extends Op {
  private final boolean reverse;
  private final boolean bias;

  /** A scan in the given direction, with or without the recurrent bias input. */
  public GruScan(boolean reverse, boolean bias) {
    this.reverse = reverse;
    this.bias = bias;
  }

  @Override
  public String name() {
    return "gru";
  }

  // saved: whh, then per step s (in the order the steps run) five tensors
  private static final int R = 0, Z = 1, N = 2, HN = 3, HPREV = 4, PER = 5;

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor xp = in[0], whh = in[1], bhh = bias ? in[2] : null;
    Tensor h = in[bias ? 3 : 2];
    int steps = xp.dim(0), hidden = whh.dim(1);
    Tensor whhT = whh.transpose();
    Tensor[] saved = new Tensor[1 + PER * steps];
    saved[0] = whh;
    Tensor[] out = new Tensor[steps];
    for (int s = 0; s < steps; s++) {
      int t = reverse ? steps - 1 - s : s;
      Tensor x = Steps.row(xp, t);
      Tensor hp = Steps.recurrent(h, whhT, bhh);
      Tensor rz = x.slice(1, 0, 2 * hidden).add(hp.slice(1, 0, 2 * hidden)).sigmoid();
      Tensor r = Steps.gate(rz, 0, hidden), z = Steps.gate(rz, 1, hidden);
      Tensor hn = Steps.gate(hp, 2, hidden);
      Tensor n = Steps.gate(x, 2, hidden).add(r.mul(hn)).tanh();
      int at = 1 + PER * s;
      saved[at + R] = r;
      saved[at + Z] = z;
      saved[at + N] = n;
      saved[at + HN] = hn;
      saved[at + HPREV] = h;
      h = n.add(z.mul(h.sub(n)));
      out[t] = h;
    }
    ctx.save(saved);
    return Tensor.stack(0, out);
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    int steps = grad.dim(0);
    Tensor whh = ctx.saved(0);
    Tensor dh = null;
    Tensor[] dXp = new Tensor[steps];
    Tensor[] dHp = new Tensor[steps];
    Tensor[] hPrev = new Tensor[steps];
    for (int s = steps - 1; s >= 0; s--) {
      int t = reverse ? steps - 1 - s : s;
      int at = 1 + PER * s;
      Tensor r = ctx.saved(at + R), z = ctx.saved(at + Z), n = ctx.saved(at + N);
      Tensor hp = ctx.saved(at + HPREV);
      dh = dh == null ? Steps.row(grad, t) : dh.add(Steps.row(grad, t));
      Tensor dN = Steps.tanhGrad(dh.sub(dh.mul(z)), n);
      Tensor dZ = Steps.sigmoidGrad(dh.mul(hp.sub(n)), z);
      Tensor dR = Steps.sigmoidGrad(dN.mul(ctx.saved(at + HN)), r);
      dXp[t] = Tensor.concat(1, dR, dZ, dN);
      dHp[t] = Tensor.concat(1, dR, dZ, dN.mul(r));
      hPrev[t] = hp;
      dh = dh.mul(z).add(dHp[t].matmul(whh));
    }
    Tensor dhp = Tensor.stack(0, dHp);
    Tensor[] dw =
        Steps.recurrentGrads(
            dhp, Tensor.stack(0, hPrev), ctx.needsInputGrad(1), bias && ctx.needsInputGrad(2));
    Tensor dxp = Tensor.stack(0, dXp);
    return bias ? new Tensor[] {dxp, dw[0], dw[1], dh} : new Tensor[] {dxp, dw[0], dh};
  }
}
