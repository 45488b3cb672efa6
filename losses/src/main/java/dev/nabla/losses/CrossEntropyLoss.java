package dev.nabla.losses;

import dev.nabla.core.Tensor;
import dev.nabla.losses.internal.ClassIndexLossOp;
import dev.nabla.losses.internal.LossChecks;
import java.util.Arrays;

/**
 * Cross-entropy from logits (unnormalised scores), as {@code torch.nn.CrossEntropyLoss}: the input
 * is {@code [N, C]}, or {@code [N, C, d1, ...]} with the classes on axis 1, and the target is
 * either
 *
 * <ul>
 *   <li>INT32 or INT64 class indices of shape {@code [N]} ({@code [N, d1, ...]}): the loss at each
 *       position is {@code log(sum_c e^x[c]) - x[target]}. Targets equal to {@link #ignoreIndex()}
 *       (PyTorch's default -100) contribute nothing, and {@link Reduction#MEAN} divides by the
 *       number of the other targets. One fused op, whose backward is {@code softmax(x) -
 *       onehot(target)};
 *   <li>probabilities of the input's shape and dtype: the loss at each position is {@code -sum_c
 *       target[c] log_softmax(x)[c]}, and {@link Reduction#MEAN} divides by {@code N * d1 * ...}.
 *       Differentiable with respect to the target as well.
 * </ul>
 *
 * Both paths go through a stable log-softmax (the largest logit is subtracted first), so logits of
 * ±1e4 give a finite loss and gradient.
 */
public final class CrossEntropyLoss implements Loss {
  /** PyTorch's default {@code ignore_index}. */
  public static final int DEFAULT_IGNORE_INDEX = -100;

  private final Reduction reduction;
  private final int ignoreIndex;

  /** Mean over the targets, ignore index -100. */
  public CrossEntropyLoss() {
    this(Reduction.MEAN, DEFAULT_IGNORE_INDEX);
  }

  /** With the given {@link Reduction} instead of the default {@link Reduction#MEAN}. */
  public CrossEntropyLoss(Reduction reduction) {
    this(reduction, DEFAULT_IGNORE_INDEX);
  }

  /** {@code ignoreIndex} is the class-index target value that is skipped. */
  public CrossEntropyLoss(Reduction reduction, int ignoreIndex) {
    this.reduction = LossChecks.reduction("CrossEntropyLoss", reduction);
    this.ignoreIndex = ignoreIndex;
  }

  /** The reduction applied to the elementwise losses. */
  public Reduction reduction() {
    return reduction;
  }

  /** The class-index target value that contributes neither loss nor gradient. */
  public int ignoreIndex() {
    return ignoreIndex;
  }

  @Override
  public Tensor apply(Tensor input, Tensor target) {
    LossChecks.classInput("CrossEntropyLoss", input, target, "logits");
    int[] indexShape = LossChecks.indexShape(input.shape());
    if (LossChecks.isIndex(target) && Arrays.equals(target.shape(), indexShape)) {
      Tensor classes =
          LossChecks.classIndicesInRange("CrossEntropyLoss", input, target, ignoreIndex);
      return new ClassIndexLossOp(ClassIndexLossOp.Kind.CROSS_ENTROPY, reduction, ignoreIndex)
          .apply(input, classes);
    }
    if (target.dtype() == input.dtype() && Arrays.equals(target.shape(), input.shape())) {
      return reduction.reduce(target.mul(input.logSoftmax(1)).sum(1).neg());
    }
    throw new IllegalArgumentException(
        "CrossEntropyLoss: target "
            + LossChecks.describe(target)
            + " does not fit input "
            + LossChecks.describe(input)
            + ": expected INT32 or INT64 class indices of shape "
            + Arrays.toString(indexShape)
            + " or "
            + input.dtype()
            + " probabilities of shape "
            + Arrays.toString(input.shape())
            + hint(input, target, indexShape));
  }

  /** A likely cause of a mismatch, when there is one. */
  private static String hint(Tensor input, Tensor target, int[] indexShape) {
    if (target.dtype().isFloatingPoint() && Arrays.equals(target.shape(), indexShape)) {
      return " (class labels stored as floats: convert them with target.to(DType.INT32))";
    }
    if (LossChecks.isIndex(target) && Arrays.equals(target.shape(), input.shape())) {
      return " (one-hot labels stored as "
          + target.dtype()
          + ": pass target.to(DType."
          + input.dtype()
          + ") as probabilities, or target.argmax(1) as class indices)";
    }
    return "";
  }

  @Override
  public String toString() {
    return "CrossEntropyLoss(reduction=" + reduction + ", ignoreIndex=" + ignoreIndex + ")";
  }
}
