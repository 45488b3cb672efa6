package dev.nabla.layers;

import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Fmt;
import dev.nabla.layers.internal.NormArgs;
import java.util.Arrays;

/**
 * Layer normalisation over the last {@code normalizedShape.length} axes, as PyTorch's {@code
 * nn.LayerNorm}: {@code y = (x - mean) / sqrt(var + eps) * weight + bias}, with the mean and the
 * biased variance of each slice over those axes. With {@code elementwiseAffine} (the default) the
 * layer learns {@code weight} (ones at first) and {@code bias} (zeros), each of shape {@code
 * normalizedShape}. Runs as core's fused {@link Tensor#layerNorm} op, which checks the input's
 * trailing shape.
 */
public final class LayerNorm extends Module {
  /** PyTorch's default epsilon. */
  public static final double DEFAULT_EPS = 1e-5;

  private final int[] normalizedShape;
  private final double eps;
  private final boolean affine;

  /** With eps 1e-5 and a learnt weight and bias, as PyTorch's defaults. */
  public LayerNorm(int... normalizedShape) {
    this(normalizedShape, DEFAULT_EPS, true);
  }

  /**
   * @param normalizedShape the trailing shape normalised over (non-empty, sizes >= 1)
   * @param eps added to the variance, finite and >= 0
   * @param elementwiseAffine whether to learn a weight and a bias of shape {@code normalizedShape}
   */
  public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
    this.normalizedShape = NormArgs.normalizedShape("LayerNorm", normalizedShape);
    this.eps = NormArgs.eps("LayerNorm", eps);
    this.affine = elementwiseAffine;
    if (affine) {
      registerParameter("weight", Tensor.ones(this.normalizedShape));
      registerParameter("bias", Tensor.zeros(this.normalizedShape));
    }
  }

  /** The trailing shape normalised over (a copy). */
  public int[] normalizedShape() {
    return normalizedShape.clone();
  }

  /** The scale, shape {@code normalizedShape}, or null without elementwise affine. */
  public Tensor weight() {
    return affine ? parameter("weight") : null;
  }

  /** The shift, shape {@code normalizedShape}, or null without elementwise affine. */
  public Tensor bias() {
    return affine ? parameter("bias") : null;
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.layerNorm(normalizedShape, weight(), bias(), eps);
  }

  @Override
  protected String extraRepr() {
    return Arrays.toString(normalizedShape)
        + ", eps="
        + Fmt.number(eps)
        + (affine ? "" : ", elementwiseAffine=false");
  }
}
