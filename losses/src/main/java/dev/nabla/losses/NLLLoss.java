package dev.nabla.losses;

import dev.nabla.core.Tensor;
import dev.nabla.losses.internal.ClassIndexLossOp;
import dev.nabla.losses.internal.LossChecks;
import java.util.Arrays;

/**
 * Negative log-likelihood, as {@code torch.nn.NLLLoss}: the input holds log-probabilities {@code
 * [N, C]} or {@code [N, C, d1, ...]} (classes on axis 1, typically a {@code LogSoftmax}'s output),
 * the target INT32 or INT64 class indices {@code [N]} ({@code [N, d1, ...]}), and the loss at each
 * position is {@code -input[target]}. {@code NLLLoss(logSoftmax(x))} equals {@link
 * CrossEntropyLoss}{@code (x)}.
 *
 * <p>Targets equal to {@link #ignoreIndex()} (PyTorch's default -100) contribute nothing, and
 * {@link Reduction#MEAN} divides by the number of the other targets.
 */
public final class NLLLoss implements Loss {
  private final Reduction reduction;
  private final int ignoreIndex;

  /** Mean over the targets, ignore index -100. */
  public NLLLoss() {
    this(Reduction.MEAN, CrossEntropyLoss.DEFAULT_IGNORE_INDEX);
  }

  /** With the given {@link Reduction} instead of the default {@link Reduction#MEAN}. */
  public NLLLoss(Reduction reduction) {
    this(reduction, CrossEntropyLoss.DEFAULT_IGNORE_INDEX);
  }

  /** {@code ignoreIndex} is the target value that is skipped. */
  public NLLLoss(Reduction reduction, int ignoreIndex) {
    this.reduction = LossChecks.reduction("NLLLoss", reduction);
    this.ignoreIndex = ignoreIndex;
  }

  /** The reduction applied to the elementwise losses. */
  public Reduction reduction() {
    return reduction;
  }

  /** The target value that contributes neither loss nor gradient. */
  public int ignoreIndex() {
    return ignoreIndex;
  }

  @Override
  public Tensor apply(Tensor input, Tensor target) {
    LossChecks.classInput("NLLLoss", input, target, "log-probabilities");
    int[] indexShape = LossChecks.indexShape(input.shape());
    if (!LossChecks.isIndex(target) || !Arrays.equals(target.shape(), indexShape)) {
      throw new IllegalArgumentException(
          "NLLLoss: target "
              + LossChecks.describe(target)
              + " does not fit input "
              + LossChecks.describe(input)
              + ": expected INT32 or INT64 class indices of shape "
              + Arrays.toString(indexShape)
              + (target.dtype().isFloatingPoint() && Arrays.equals(target.shape(), indexShape)
                  ? " (class labels stored as floats: convert them with target.to(DType.INT32))"
                  : ""));
    }
    Tensor classes = LossChecks.classIndicesInRange("NLLLoss", input, target, ignoreIndex);
    return new ClassIndexLossOp(ClassIndexLossOp.Kind.NLL, reduction, ignoreIndex)
        .apply(input, classes);
  }

  @Override
  public String toString() {
    return "NLLLoss(reduction=" + reduction + ", ignoreIndex=" + ignoreIndex + ")";
  }
}
