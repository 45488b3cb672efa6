package dev.nabla.losses.internal;

import dev.nabla.core.DType;
import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.losses.Reduction;
import java.util.Arrays;

/**
 * Cross-entropy from logits, or negative log-likelihood from log-probabilities, against INT32 class
 * indices, fused: applied to {@code (input, target)} with input {@code [N, C, d1, ...]} (class axis
 * 1) and target {@code [N, d1, ...]}, both already checked (every target is a class index in
 * {@code [0, C)} or the ignore index).
 *
 * <p>Cross-entropy at one position is {@code lse - x[t]} with {@code lse = m + log(sum_c e^(x[c] - m))},
 * m the maximum logit: the exponent is never positive, so logits of any magnitude give a finite loss.
 * Its gradient is the classic {@code softmax(x) - onehot(t)}, computed in one pass from the saved
 * {@code lse}; NLL's is {@code -1} at the target and 0 elsewhere. Ignored positions contribute 0 to
 * the loss and to the gradient, and {@link Reduction#MEAN} divides by the number of positions not
 * ignored (NaN when all are, as in PyTorch).
 */
public final class ClassIndexLossOp extends Op {
  /** Which loss. */
  public enum Kind {
    CROSS_ENTROPY("CrossEntropyLoss"),
    NLL("NLLLoss");

    private final String lossName;

    Kind(String lossName) {
      this.lossName = lossName;
    }
  }

  private final Kind kind;
  private final Reduction reduction;
  private final int ignoreIndex;

  public ClassIndexLossOp(Kind kind, Reduction reduction, int ignoreIndex) {
    this.kind = kind;
    this.reduction = reduction;
    this.ignoreIndex = ignoreIndex;
  }

  @Override
  public String name() {
    return kind.lossName;
  }

  /** N, C and the number of positions per sample (the product of d1, ...). */
  private record Layout(int n, int classes, int inner) {
    static Layout of(int[] inputShape) {
      int inner = 1;
      for (int d = 2; d < inputShape.length; d++) {
        inner *= inputShape[d];
      }
      return new Layout(inputShape[0], inputShape[1], inner);
    }
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    Tensor target = in[1];
    Layout l = Layout.of(x.shape());
    double[] xs = Doubles.read(x);
    int[] t = target.intStorage();
    Doubles.Out losses = Doubles.Out.zeros(x.dtype(), target.shape());
    double[] loss = losses.values;
    if (kind == Kind.CROSS_ENTROPY) {
      Tensor lse = Tensor.zeros(DType.FLOAT64, target.shape());
      logSumExp(xs, l, lse.doubleStorage());
      double[] lseValues = lse.doubleStorage();
      for (int b = 0; b < l.n; b++) {
        for (int k = 0; k < l.inner; k++) {
          int pos = b * l.inner + k;
          if (t[pos] != ignoreIndex) {
            loss[pos] = lseValues[pos] - xs[(b * l.classes + t[pos]) * l.inner + k];
          }
        }
      }
      ctx.save(x, target, lse);
    } else {
      for (int b = 0; b < l.n; b++) {
        for (int k = 0; k < l.inner; k++) {
          int pos = b * l.inner + k;
          if (t[pos] != ignoreIndex) {
            loss[pos] = -xs[(b * l.classes + t[pos]) * l.inner + k];
          }
        }
      }
      ctx.save(x, target);
    }
    return switch (reduction) {
      case NONE -> losses.finish();
      case SUM -> Doubles.scalar(x.dtype(), Doubles.sum(loss));
      case MEAN -> Doubles.scalar(x.dtype(), Doubles.sum(loss) / counted(t));
    };
  }

  /** {@code lse[b, k] = log(sum_c exp(x[b, c, k]))}, with the maximum factored out. */
  private static void logSumExp(double[] x, Layout l, double[] lse) {
    if (l.inner == 1) {
      // [N, C], the common case: each row is contiguous.
      for (int b = 0; b < l.n; b++) {
        int row = b * l.classes;
        double m = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < l.classes; c++) {
          m = Math.max(m, x[row + c]);
        }
        double s = 0;
        for (int c = 0; c < l.classes; c++) {
          s += Math.exp(x[row + c] - m);
        }
        lse[b] = m + Math.log(s);
      }
      return;
    }
    // [N, C, d1, ...]: walk each class's contiguous block of positions, keeping one running maximum
    // and sum per position, so memory is read in order.
    double[] m = new double[l.inner];
    double[] s = new double[l.inner];
    for (int b = 0; b < l.n; b++) {
      int sample = b * l.classes * l.inner;
      Arrays.fill(m, Double.NEGATIVE_INFINITY);
      Arrays.fill(s, 0);
      for (int c = 0; c < l.classes; c++) {
        int block = sample + c * l.inner;
        for (int k = 0; k < l.inner; k++) {
          m[k] = Math.max(m[k], x[block + k]);
        }
      }
      for (int c = 0; c < l.classes; c++) {
        int block = sample + c * l.inner;
        for (int k = 0; k < l.inner; k++) {
          s[k] += Math.exp(x[block + k] - m[k]);
        }
      }
      for (int k = 0; k < l.inner; k++) {
        lse[b * l.inner + k] = m[k] + Math.log(s[k]);
      }
    }
  }

  private int counted(int[] t) {
    int count = 0;
    for (int v : t) {
      if (v != ignoreIndex) {
        count++;
      }
    }
    return count;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    if (!ctx.needsInputGrad(0)) {
      return new Tensor[] {null, null};
    }
    Tensor x = ctx.saved(0);
    int[] t = ctx.saved(1).intStorage();
    Layout l = Layout.of(x.shape());
    // The gradient of each position's loss: the output gradient there (NONE) or the shared one.
    double[] g = new double[t.length];
    if (reduction == Reduction.NONE) {
      double[] go = Doubles.read(grad);
      System.arraycopy(go, 0, g, 0, g.length);
    } else {
      double c = reduction == Reduction.SUM ? grad.item() : grad.item() / counted(t);
      Arrays.fill(g, c);
    }
    for (int pos = 0; pos < t.length; pos++) {
      if (t[pos] == ignoreIndex) {
        g[pos] = 0;
      }
    }
    Doubles.Out dx = Doubles.Out.zeros(x.dtype(), x.shape());
    double[] d = dx.values;
    if (kind == Kind.CROSS_ENTROPY) {
      double[] xs = Doubles.read(x);
      double[] lse = ctx.saved(2).doubleStorage();
      for (int b = 0; b < l.n; b++) {
        for (int c = 0; c < l.classes; c++) {
          int block = (b * l.classes + c) * l.inner;
          for (int k = 0; k < l.inner; k++) {
            int pos = b * l.inner + k;
            d[block + k] = g[pos] * Math.exp(xs[block + k] - lse[pos]);
          }
        }
      }
    }
    // Both losses then take g from the target entry: softmax - onehot, or -onehot for NLL.
    for (int b = 0; b < l.n; b++) {
      for (int k = 0; k < l.inner; k++) {
        int pos = b * l.inner + k;
        if (t[pos] != ignoreIndex) {
          d[(b * l.classes + t[pos]) * l.inner + k] -= g[pos];
        }
      }
    }
    return new Tensor[] {dx.finish(), null};
  }
}
