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
 * 1) and target {@code [N, d1, ...]}, both already checked (every target is a class index in {@code
 * [0, C)} or the ignore index).
 *
 * <p>Cross-entropy at one position is {@code lse - x[t]} with {@code lse = m + log(sum_c e^(x[c] -
 * m))}, m the largest logit: no exponent is positive, so logits of any magnitude give a finite
 * loss. The forward pass keeps the softmax it computes on the way, so the backward pass is the
 * classic {@code softmax - onehot(t)} without a single exponential (the composite log-softmax,
 * gather, mean chain computes the exponentials twice and allocates a tensor per step). NLL's
 * gradient is -1 at the target and 0 elsewhere.
 *
 * <p>Ignored positions contribute 0 to the loss and the gradient, and {@link Reduction#MEAN}
 * divides by the number of positions not ignored (NaN when all are, as in PyTorch).
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
    int[] t = target.intStorage();
    boolean f32 = x.dtype() == DType.FLOAT32;
    // loss[pos] = -x[target] (NLL), then + lse (cross-entropy)
    Doubles.Out losses = Doubles.Out.zeros(x.dtype(), target.shape());
    double[] loss = losses.values;
    if (f32) {
      ClassIndexKernels.pick(x.floatStorage(), t, ignoreIndex, loss, l.n, l.classes, l.inner);
    } else {
      ClassIndexKernels.pick(x.doubleStorage(), t, ignoreIndex, loss, l.n, l.classes, l.inner);
    }
    for (int pos = 0; pos < loss.length; pos++) {
      loss[pos] = -loss[pos];
    }
    if (kind == Kind.CROSS_ENTROPY) {
      Tensor probabilities = Tensor.zeros(x.dtype(), x.shape());
      double[] lse = new double[t.length];
      if (f32) {
        ClassIndexKernels.softmax(
            x.floatStorage(), probabilities.floatStorage(), lse, l.n, l.classes, l.inner);
      } else {
        ClassIndexKernels.softmax(
            x.doubleStorage(), probabilities.doubleStorage(), lse, l.n, l.classes, l.inner);
      }
      for (int pos = 0; pos < loss.length; pos++) {
        if (t[pos] != ignoreIndex) {
          loss[pos] += lse[pos];
        }
      }
      ctx.save(target, probabilities);
    } else {
      ctx.save(target);
    }
    return switch (reduction) {
      case NONE -> losses.finish();
      case SUM -> Doubles.scalar(x.dtype(), Doubles.sum(loss));
      case MEAN -> Doubles.scalar(x.dtype(), Doubles.sum(loss) / counted(t));
    };
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
    int[] t = ctx.saved(0).intStorage();
    int[] shape = ctx.inputShape(0);
    Layout l = Layout.of(shape);
    // The gradient of each position's loss: the output gradient there (NONE) or the shared one,
    // 0 where the target is ignored.
    double[] g;
    if (reduction == Reduction.NONE) {
      g = grad.toDoubleArray();
    } else {
      g = new double[t.length];
      Arrays.fill(g, reduction == Reduction.SUM ? grad.item() : grad.item() / counted(t));
    }
    for (int pos = 0; pos < t.length; pos++) {
      if (t[pos] == ignoreIndex) {
        g[pos] = 0;
      }
    }
    Tensor dx = Tensor.zeros(ctx.inputDType(0), shape);
    if (dx.dtype() == DType.FLOAT32) {
      float[] d = dx.floatStorage();
      if (kind == Kind.CROSS_ENTROPY) {
        ClassIndexKernels.scaleRows(ctx.saved(1).floatStorage(), g, d, l.n, l.classes, l.inner);
      }
      ClassIndexKernels.subtractAtTargets(t, ignoreIndex, g, d, l.n, l.classes, l.inner);
    } else {
      double[] d = dx.doubleStorage();
      if (kind == Kind.CROSS_ENTROPY) {
        ClassIndexKernels.scaleRows(ctx.saved(1).doubleStorage(), g, d, l.n, l.classes, l.inner);
      }
      ClassIndexKernels.subtractAtTargets(t, ignoreIndex, g, d, l.n, l.classes, l.inner);
    }
    return new Tensor[] {dx, null};
  }
}
