package dev.nabla.losses.internal;

import dev.nabla.core.DType;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.losses.Reduction;

/**
 * A fused loss computed element by element from an input and a target of one shape and dtype, then
 * reduced: forward is one pass producing the per-element losses (summed on the fly unless the
 * reduction is NONE), backward one pass producing the derivatives with respect to the input and the
 * target, scaled by the output's gradient. A subclass writes only the two loops of its formula.
 *
 * <p>The formulas run in double for both dtypes (so a FLOAT32 loss is summed in double): the
 * elements are streamed through small double blocks that stay in the cache, so no full-size
 * temporary is allocated and each array is read or written once per pass.
 *
 * <p>Applied to {@code (input, target)}, already checked by the loss that creates the op. The
 * output has the input's shape for {@link Reduction#NONE}, else it is a 0-d tensor.
 */
public abstract class ElementwiseLossOp extends Op {
  /** Elements per block: five blocks of doubles fit in a 32 KB L1 cache. */
  private static final int BLOCK = 512;

  private final String name;
  private final Reduction reduction;

  protected ElementwiseLossOp(String name, Reduction reduction) {
    this.name = name;
    this.reduction = reduction;
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * {@code out[i] = loss(x[i], y[i])} for every {@code i < len}; element {@code i} of the block is
   * element {@code start + i} of the tensor.
   */
  protected abstract void losses(int start, double[] x, double[] y, double[] out, int len);

  /**
   * {@code dx[i] = d loss(x[i], y[i]) / d x[i]} and {@code dy[i] = d loss / d y[i]} for every
   * {@code i < len} (element {@code start + i} of the tensor); either array is null when that
   * gradient is not needed (never both).
   */
  protected abstract void derivatives(
      int start, double[] x, double[] y, double[] dx, double[] dy, int len);

  @Override
  protected final Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    Tensor y = in[1];
    ctx.save(x, y);
    int n = x.size();
    Tensor out = reduction == Reduction.NONE ? Tensor.zeros(x.dtype(), x.shape()) : null;
    int block = Math.min(BLOCK, n); // a small loss (M1's 10 outputs) needs small buffers
    double[] xb = new double[block];
    double[] yb = new double[block];
    double[] lb = new double[block];
    double sum = 0;
    for (int start = 0; start < n; start += BLOCK) {
      int len = Math.min(BLOCK, n - start);
      load(x, start, xb, len);
      load(y, start, yb, len);
      losses(start, xb, yb, lb, len);
      if (out != null) {
        store(lb, 1, out, start, len);
      } else {
        for (int i = 0; i < len; i++) {
          sum += lb[i];
        }
      }
    }
    return switch (reduction) {
      case NONE -> out;
      case SUM -> Doubles.scalar(x.dtype(), sum);
      // An empty input has a NaN mean (0 / 0), as in PyTorch.
      case MEAN -> Doubles.scalar(x.dtype(), sum / n);
    };
  }

  @Override
  protected final Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor x = ctx.saved(0);
    Tensor y = ctx.saved(1);
    Tensor dx = ctx.needsInputGrad(0) ? Tensor.zeros(x.dtype(), x.shape()) : null;
    Tensor dy = ctx.needsInputGrad(1) ? Tensor.zeros(y.dtype(), y.shape()) : null;
    if (dx == null && dy == null) {
      return new Tensor[] {null, null};
    }
    int n = x.size();
    double scale =
        switch (reduction) {
          case NONE -> 1;
          case SUM -> grad.item();
          case MEAN -> grad.item() / n;
        };
    int block = Math.min(BLOCK, n);
    double[] xb = new double[block];
    double[] yb = new double[block];
    double[] gb = reduction == Reduction.NONE ? new double[block] : null;
    double[] dxb = dx == null ? null : new double[block];
    double[] dyb = dy == null ? null : new double[block];
    for (int start = 0; start < n; start += BLOCK) {
      int len = Math.min(BLOCK, n - start);
      load(x, start, xb, len);
      load(y, start, yb, len);
      derivatives(start, xb, yb, dxb, dyb, len);
      if (gb != null) {
        load(grad, start, gb, len);
        multiply(dxb, gb, len);
        multiply(dyb, gb, len);
      }
      if (dx != null) {
        store(dxb, scale, dx, start, len);
      }
      if (dy != null) {
        store(dyb, scale, dy, start, len);
      }
    }
    return new Tensor[] {dx, dy};
  }

  /** Copies elements {@code start .. start+len-1} of {@code t} into {@code block}, as doubles. */
  private static void load(Tensor t, int start, double[] block, int len) {
    if (t.dtype() == DType.FLOAT64) {
      System.arraycopy(t.doubleStorage(), start, block, 0, len);
    } else {
      float[] f = t.floatStorage();
      for (int i = 0; i < len; i++) {
        block[i] = f[start + i];
      }
    }
  }

  /** Writes {@code scale * block[i]} into elements {@code start ..} of {@code t}. */
  private static void store(double[] block, double scale, Tensor t, int start, int len) {
    if (t.dtype() == DType.FLOAT64) {
      double[] d = t.doubleStorage();
      for (int i = 0; i < len; i++) {
        d[start + i] = scale * block[i];
      }
    } else {
      float[] f = t.floatStorage();
      for (int i = 0; i < len; i++) {
        f[start + i] = (float) (scale * block[i]);
      }
    }
  }

  private static void multiply(double[] block, double[] factors, int len) {
    if (block != null) {
      for (int i = 0; i < len; i++) {
        block[i] *= factors[i];
      }
    }
  }
}
