package dev.nabla.layers;

import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Fmt;
import dev.nabla.layers.internal.NormArgs;
import java.util.Arrays;

/**
 * Root-mean-square normalisation over the last {@code normalizedShape.length} axes, as PyTorch
 * 2.x's {@code nn.RMSNorm}: {@code y = x / sqrt(mean(x^2) + eps) * weight}, with the mean over
 * those axes and, with {@code elementwiseAffine} (the default), a learnt {@code weight} of shape
 * {@code normalizedShape} (ones at first); there is no bias. PyTorch's {@code eps=None} means the
 * machine epsilon of the input's dtype; here the default is a fixed {@value #DEFAULT_EPS}, the
 * value most language models use. Written with core ops (square, mean, sqrt, div, mul).
 */
public final class RMSNorm extends Module {
  /** The default epsilon, 1e-6 (PyTorch's default is the dtype's machine epsilon). */
  public static final double DEFAULT_EPS = 1e-6;

  private final int[] normalizedShape;
  private final int[] axes;
  private final double eps;
  private final boolean affine;

  /** With eps {@value #DEFAULT_EPS} and a learnt weight. */
  public RMSNorm(int... normalizedShape) {
    this(normalizedShape, DEFAULT_EPS, true);
  }

  /**
   * @param normalizedShape the trailing shape normalised over (non-empty, sizes >= 1)
   * @param eps added to the mean square, finite and >= 0
   * @param elementwiseAffine whether to learn a weight of shape {@code normalizedShape}
   */
  public RMSNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
    this.normalizedShape = NormArgs.normalizedShape("RMSNorm", normalizedShape);
    this.eps = NormArgs.eps("RMSNorm", eps);
    this.affine = elementwiseAffine;
    this.axes = new int[this.normalizedShape.length];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i - axes.length; // the last k axes, counted from the end
    }
    if (affine) {
      registerParameter("weight", Tensor.ones(this.normalizedShape));
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

  /** The input must end in {@code normalizedShape}: the mean is taken over those axes. */
  @Override
  protected void checkInput(Tensor x) {
    super.checkInput(x);
    NormArgs.checkTrailing(label(), x, normalizedShape);
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor y = x.div(x.mul(x).mean(axes, true).add(eps).sqrt());
    return affine ? y.mul(weight()) : y;
  }

  @Override
  protected String extraRepr() {
    return Arrays.toString(normalizedShape)
        + ", eps="
        + Fmt.number(eps)
        + (affine ? "" : ", elementwiseAffine=false");
  }
}
