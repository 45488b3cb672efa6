package dev.nabla.core.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.Shapes;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;
import dev.nabla.core.internal.kernels.LinalgKernels.Attention;
import java.util.Arrays;

/**
 * Scaled dot-product attention as PyTorch 2's {@code F.scaled_dot_product_attention}, fused into
 * one node: {@code softmax(q·kᵀ/sqrt(D) + mask)·v} with q [..., T, D], k [..., S, D], v [..., S,
 * Dv] (one batch shape for all three) and an optional mask that broadcasts to [..., T, S]: BOOL
 * (true = may attend, false = hidden) or additive of q's dtype. With {@code causal}, query i sees
 * keys 0..i only. Per (batch, head) slice the kernel computes the logits with the keys read
 * transposed in place, masks, scales and softmaxes them in place, and saves the probabilities
 * (before dropout) and the dropout multipliers for the backward pass, which is five GEMMs per
 * slice. A fully masked row gives probabilities 0 and an output row of 0 (PyTorch gives NaN).
 */
public final class ScaledDotProductAttention extends Op {
  private static final String OP = "scaledDotProductAttention";

  private final double dropoutP;
  private final boolean causal;
  private final long seed;

  public ScaledDotProductAttention(double dropoutP, boolean causal, long seed) {
    if (!(dropoutP >= 0 && dropoutP <= 1)) {
      throw new IllegalArgumentException(OP + ": dropoutP must be in [0, 1], got " + dropoutP);
    }
    this.dropoutP = dropoutP;
    this.causal = causal;
    this.seed = seed;
  }

  @Override
  public String name() {
    return "ScaledDotProductAttention";
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    if (in.length != 3 && in.length != 4) {
      throw new IllegalArgumentException(
          OP + ": expected inputs (q, k, v) or (q, k, v, mask), got " + in.length + " inputs");
    }
    Tensor q = in[0], k = in[1], v = in[2];
    Attention g = geometry(q, k, v);
    int[] batch = Arrays.copyOf(q.shape(), q.rank() - 2);
    Object maskData = null;
    int[] maskOffs = null;
    if (in.length == 4) {
      Tensor mask = in[3];
      if (mask.dtype() == DType.BOOL) {
        // true = may attend: log(1) = 0 is added where true, log(0) = -inf where false
        mask = mask.to(q.dtype()).log();
      } else if (mask.dtype() != q.dtype()) {
        throw new IllegalArgumentException(
            OP
                + ": a mask must be BOOL or of the dtype of q ("
                + q.dtype()
                + "), got "
                + mask.dtype());
      }
      int[] ms = mask.shape();
      int[] full = Arrays.copyOf(batch, batch.length + 2);
      full[batch.length] = g.t();
      full[batch.length + 1] = g.s();
      if (!Shapes.broadcastsTo(ms, full)) {
        throw new IllegalArgumentException(
            OP
                + ": mask of shape "
                + Arrays.toString(ms)
                + " does not broadcast to the logits' shape "
                + Arrays.toString(full));
      }
      // Expand only the mask's last two dimensions to [T, S]; its batch dimensions broadcast by
      // offsets, so a [T, S] mask is stored once, not once per (batch, head).
      int rank = Math.max(2, ms.length);
      int[] padded = new int[rank];
      Arrays.fill(padded, 1);
      System.arraycopy(ms, 0, padded, rank - ms.length, ms.length);
      int[] maskBatch = Arrays.copyOf(padded, rank - 2);
      int[] expanded = Arrays.copyOf(maskBatch, rank);
      expanded[rank - 2] = g.t();
      expanded[rank - 1] = g.s();
      Tensor m = mask.reshape(padded).broadcastTo(expanded);
      maskData = TensorAccess.data(m);
      maskOffs = MatMul.batchOffsets(maskBatch, batch, g.t() * g.s());
    }
    int[] pShape = Arrays.copyOf(batch, batch.length + 2);
    pShape[batch.length] = g.t();
    pShape[batch.length + 1] = g.s();
    Tensor p = TensorAccess.empty(q.dtype(), Shapes.result(OP, pShape, q.shape(), k.shape()));
    Tensor drop = dropoutP > 0 ? TensorAccess.empty(q.dtype(), pShape) : null;
    int[] outShape = Arrays.copyOf(batch, batch.length + 2);
    outShape[batch.length] = g.t();
    outShape[batch.length + 1] = g.dv();
    Tensor out = TensorAccess.empty(q.dtype(), outShape);
    Kernels.linalg()
        .attention(
            g,
            TensorAccess.data(q),
            TensorAccess.data(k),
            TensorAccess.data(v),
            maskData,
            maskOffs,
            TensorAccess.data(p),
            drop == null ? null : TensorAccess.data(drop),
            TensorAccess.data(out));
    if (drop == null) {
      ctx.save(q, k, v, p);
    } else {
      ctx.save(q, k, v, p, drop);
    }
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor q = ctx.saved(0), k = ctx.saved(1), v = ctx.saved(2), p = ctx.saved(3);
    Tensor drop = dropoutP > 0 ? ctx.saved(4) : null;
    Attention g = geometry(q, k, v);
    Tensor gq = ctx.needsInputGrad(0) ? TensorAccess.empty(q.dtype(), q.shape()) : null;
    Tensor gk = ctx.needsInputGrad(1) ? TensorAccess.empty(k.dtype(), k.shape()) : null;
    Tensor gv = ctx.needsInputGrad(2) ? TensorAccess.empty(v.dtype(), v.shape()) : null;
    boolean maskGrad = ctx.inputCount() == 4 && ctx.needsInputGrad(3);
    // the mask's gradient is the logits', over the broadcast shape: the engine sums it back
    Tensor gm = maskGrad ? TensorAccess.empty(p.dtype(), p.shape()) : null;
    Kernels.linalg()
        .attentionBackward(
            g,
            TensorAccess.data(q),
            TensorAccess.data(k),
            TensorAccess.data(v),
            TensorAccess.data(p),
            drop == null ? null : TensorAccess.data(drop),
            TensorAccess.data(grad),
            data(gq),
            data(gk),
            data(gv),
            data(gm));
    return ctx.inputCount() == 4 ? new Tensor[] {gq, gk, gv, gm} : new Tensor[] {gq, gk, gv};
  }

  private static Object data(Tensor t) {
    return t == null ? null : TensorAccess.data(t);
  }

  private Attention geometry(Tensor q, Tensor k, Tensor v) {
    if (q.dtype() != k.dtype() || q.dtype() != v.dtype()) {
      throw new IllegalArgumentException(
          OP
              + ": q, k and v must share one dtype, got "
              + q.dtype()
              + ", "
              + k.dtype()
              + ", "
              + v.dtype());
    }
    if (!q.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(OP + ": expected FLOAT32 or FLOAT64, got " + q.dtype());
    }
    int[] qs = q.shape(), ks = k.shape(), vs = v.shape();
    if (qs.length < 2 || qs.length != ks.length || qs.length != vs.length) {
      throw new IllegalArgumentException(
          OP
              + ": expected q [..., T, D], k [..., S, D], v [..., S, Dv] of one rank >= 2, got "
              + describe(qs, ks, vs));
    }
    int r = qs.length;
    int[] batch = Arrays.copyOf(qs, r - 2);
    if (!Arrays.equals(batch, Arrays.copyOf(ks, r - 2))
        || !Arrays.equals(batch, Arrays.copyOf(vs, r - 2))) {
      throw new IllegalArgumentException(
          OP + ": q, k and v must have the same batch dimensions, got " + describe(qs, ks, vs));
    }
    if (qs[r - 1] != ks[r - 1]) {
      throw new IllegalArgumentException(
          OP + ": q and k must have the same last dimension D, got " + describe(qs, ks, vs));
    }
    if (ks[r - 2] != vs[r - 2]) {
      throw new IllegalArgumentException(
          OP + ": k and v must have the same sequence length S, got " + describe(qs, ks, vs));
    }
    int d = qs[r - 1];
    return new Attention(
        Shapes.size(batch),
        qs[r - 2],
        ks[r - 2],
        d,
        vs[r - 1],
        1 / Math.sqrt(d),
        causal,
        dropoutP,
        seed);
  }

  private static String describe(int[] q, int[] k, int[] v) {
    return "q " + Arrays.toString(q) + ", k " + Arrays.toString(k) + ", v " + Arrays.toString(v);
  }
}
