package dev.nabla.core.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.Shapes;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.Kernels;
import dev.nabla.core.internal.shared.OpArguments;
import java.util.Arrays;

/**
 * {@code torch.nn.functional.embedding(ids, weight, padding_idx)}: row {@code ids[...]} of the
 * {@code [V, E]} weight for every id, INT32 or INT64 of any shape, giving {@code ids.shape + [E]}.
 * One row copy per id. The weight's gradient adds each output row into the row it was read from
 * (repeated ids accumulate), except the padding row, which gets none.
 */
public final class Embedding extends Op {
  /** The padding row as given (negative counts from the end), or null for none. */
  private final Integer paddingIdx;

  public Embedding(Integer paddingIdx) {
    this.paddingIdx = paddingIdx;
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor ids = in[0], weight = in[1];
    int[] idx = Indices.ints("embedding", "ids", ids);
    int[] ws = weight.shape();
    if (ws.length != 2) {
      throw new IllegalArgumentException(
          "embedding: weight must be 2-d [numEmbeddings, embeddingDim], got shape "
              + Arrays.toString(ws));
    }
    int v = ws[0], e = ws[1];
    padding(v);
    int bad = Kernels.shape().firstOutOfRange(idx, v);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "embedding: id "
              + Indices.value(ids, bad)
              + " at position "
              + Arrays.toString(Indices.unravel(bad, ids.shape()))
              + " is out of range for "
              + v
              + " embeddings"
              + (v == 0 ? " (the weight has no rows)" : " (expected 0 to " + (v - 1) + ")"));
    }
    int[] is = ids.shape();
    int[] os = Arrays.copyOf(is, is.length + 1);
    os[is.length] = e;
    Tensor out = TensorAccess.empty(weight.dtype(), Shapes.result("embedding", os, is, ws));
    Kernels.shape().indexSelect(TensorAccess.data(weight), 1, v, e, idx, TensorAccess.data(out));
    ctx.save(ids.dtype() == DType.INT32 ? ids : TensorAccess.wrap(idx, is));
    return out;
  }

  /** The padding row in {@code [0, v)}, or -1 for none; throws when out of range. */
  private int padding(int v) {
    return paddingIdx == null ? -1 : OpArguments.paddingIdx("embedding", paddingIdx, v);
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    int[] ws = ctx.inputShape(1);
    int v = ws[0], e = ws[1];
    Tensor dw = TensorAccess.empty(grad.dtype(), ws);
    Object d = TensorAccess.data(dw);
    Kernels.shape().indexAdd(TensorAccess.data(grad), 1, e, TensorAccess.ints(ctx.saved(0)), d, v);
    int p = padding(v);
    if (p >= 0) {
      switch (d) {
        case float[] f -> Arrays.fill(f, p * e, (p + 1) * e, 0f);
        case double[] f -> Arrays.fill(f, p * e, (p + 1) * e, 0d);
        default -> throw new IllegalStateException("embedding: gradient of dtype " + grad.dtype());
      }
    }
    return new Tensor[] {null, dw};
  }
}
