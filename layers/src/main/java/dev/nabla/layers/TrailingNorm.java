package dev.nabla.layers;

import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Fmt;
import dev.nabla.layers.internal.NormArgs;
import java.util.Arrays;

/**
 * What {@link LayerNorm} and {@link RMSNorm} share: the trailing shape they normalise over, eps,
 * whether they learn an elementwise weight (ones at first), and the repr.
 */
abstract sealed class TrailingNorm extends Module permits LayerNorm, RMSNorm {
  final int[] normalizedShape;
  final double eps;
  final boolean affine;

  TrailingNorm(String layer, int[] normalizedShape, double eps, boolean elementwiseAffine) {
    this.normalizedShape = NormArgs.normalizedShape(layer, normalizedShape);
    this.eps = NormArgs.eps(layer, eps);
    this.affine = elementwiseAffine;
    if (affine) {
      registerParameter("weight", Tensor.ones(this.normalizedShape));
    }
  }

  /** The trailing shape normalised over (a copy). */
  public int[] normalizedShape() {
    return normalizedShape.clone();
  }

  /** The epsilon added to the variance (LayerNorm) or the mean square (RMSNorm). */
  public double eps() {
    return eps;
  }

  /** Whether the layer learns an elementwise weight (and, for LayerNorm, a bias). */
  public boolean elementwiseAffine() {
    return affine;
  }

  /** The scale, shape {@code normalizedShape}, or null without elementwise affine. */
  public Tensor weight() {
    return affine ? parameter("weight") : null;
  }

  @Override
  protected String extraRepr() {
    return Arrays.toString(normalizedShape)
        + ", eps="
        + Fmt.number(eps)
        + (affine ? "" : ", elementwiseAffine=false");
  }
}
