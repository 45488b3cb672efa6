package dev.nabla.layers.internal;

import dev.nabla.core.Tensor;

/**
 * The pieces the recurrent scans ({@link LstmScan}, {@link GruScan}) share: the layout of a
 * time-major sequence, the recurrent product, and the derivatives of the gate nonlinearities.
 */
final class Steps {
  private Steps() {}

  /** Step {@code t} of a time-major {@code [T, B, n]} tensor, as a {@code [B, n]} matrix. */
  static Tensor row(Tensor seq, int t) {
    return seq.slice(0, t, t + 1).reshape(seq.dim(1), seq.dim(2));
  }

  /** Columns {@code [k * h, (k + 1) * h)} of a {@code [B, gates * h]} matrix: gate {@code k}. */
  static Tensor gate(Tensor m, int k, int h) {
    return m.slice(1, k * h, (k + 1) * h);
  }

  /** {@code h · W_hhᵀ + b_hh} ({@code whhT} already transposed; no bias when null). */
  static Tensor recurrent(Tensor h, Tensor whhT, Tensor bhh) {
    return bhh == null ? h.matmul(whhT) : h.matmul(whhT, bhh);
  }

  /** {@code grad · s (1 - s)}: the gradient through {@code s = sigmoid(a)} with respect to a. */
  static Tensor sigmoidGrad(Tensor grad, Tensor s) {
    Tensor gs = grad.mul(s);
    return gs.sub(gs.mul(s));
  }

  /** {@code grad · (1 - y²)}: the gradient through {@code y = tanh(a)} with respect to a. */
  static Tensor tanhGrad(Tensor grad, Tensor y) {
    return grad.sub(grad.mul(y).mul(y));
  }

  /**
   * The gradients of the recurrent weight and bias from the pre-activation gradients {@code dhp} of
   * every step ({@code [T, B, gates * H]}) and the states {@code hPrev} they were computed from
   * ({@code [T, B, H]}): {@code dW_hh = Σ_t dhp_tᵀ h_{t-1}} in one product, {@code db_hh = Σ dhp}.
   */
  static Tensor[] recurrentGrads(Tensor dhp, Tensor hPrev, boolean weight, boolean bias) {
    int rows = dhp.dim(0) * dhp.dim(1);
    Tensor flat = dhp.reshape(rows, dhp.dim(2));
    return new Tensor[] {
      weight ? flat.transpose().matmul(hPrev.reshape(rows, hPrev.dim(2))) : null,
      bias ? flat.sum(0) : null
    };
  }
}
