package dev.nabla.layers;

import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Fmt;

/**
 * Batch normalisation over dimension 1 (features or channels), as PyTorch's {@code _BatchNorm}:
 * {@code y = (x - mean) / sqrt(var + eps) * weight + bias}, with a learnt {@code weight} (ones at
 * first) and {@code bias} (zeros) per feature.
 *
 * <p>In training mode mean and variance are the batch's, over every dimension but 1, with the
 * biased variance (divided by the count n); the buffers {@code running_mean} and {@code
 * running_var} (zeros and ones at first) are then updated in place as {@code running = (1 -
 * momentum) * running + momentum * batch}, where the running variance takes the unbiased batch
 * variance (divided by n - 1), exactly as PyTorch. In evaluation mode the running statistics are
 * used instead. Training needs more than one value per feature.
 */
public abstract sealed class BatchNorm extends Module permits BatchNorm1d, BatchNorm2d {
  /** PyTorch's default epsilon. */
  public static final double DEFAULT_EPS = 1e-5;

  /** PyTorch's default momentum of the running statistics. */
  public static final double DEFAULT_MOMENTUM = 0.1;

  private final int features;
  private final double eps;
  private final double momentum;

  BatchNorm(String layer, int features, double eps, double momentum) {
    this.features = Fmt.atLeast(layer, "features", features, 1);
    if (!(eps > 0) || !Double.isFinite(eps)) {
      throw new IllegalArgumentException(layer + ": eps must be finite and > 0, got " + eps);
    }
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException(layer + ": momentum must be in [0, 1], got " + momentum);
    }
    this.eps = eps;
    this.momentum = momentum;
    registerParameter("weight", Tensor.ones(features));
    registerParameter("bias", Tensor.zeros(features));
    registerBuffer("running_mean", Tensor.zeros(features));
    registerBuffer("running_var", Tensor.ones(features));
  }

  /** Number of features (channels). */
  public int features() {
    return features;
  }

  /** The epsilon added to the variance. */
  public double eps() {
    return eps;
  }

  /** The momentum of the running statistics' update in training mode. */
  public double momentum() {
    return momentum;
  }

  /** The scale, shape {@code [features]}. */
  public Tensor weight() {
    return parameter("weight");
  }

  /** The shift, shape {@code [features]}. */
  public Tensor bias() {
    return parameter("bias");
  }

  /** The running mean, shape {@code [features]}: the live buffer. */
  public Tensor runningMean() {
    return buffer("running_mean");
  }

  /** The running (unbiased) variance, shape {@code [features]}: the live buffer. */
  public Tensor runningVar() {
    return buffer("running_var");
  }

  /** In training mode, fails when there is only one value per feature, as PyTorch does. */
  @Override
  protected void checkInput(Tensor x) {
    super.checkInput(x);
    if (isTraining() && x.size() / features <= 1) {
      throw new IllegalArgumentException(
          label()
              + ": input "
              + Fmt.shape(x)
              + " has "
              + x.size() / features
              + " value per "
              + "feature; training needs more than 1 (use eval() to normalise single samples)");
    }
  }

  @Override
  public Tensor forward(Tensor x) {
    int rank = x.rank();
    int[] axes = new int[rank - 1];
    int[] perFeature = new int[rank];
    for (int d = 0, k = 0; d < rank; d++) {
      perFeature[d] = d == 1 ? features : 1;
      if (d != 1) {
        axes[k++] = d;
      }
    }
    Tensor w = weight().reshape(perFeature), b = bias().reshape(perFeature);
    if (!isTraining()) {
      Tensor mean = runningMean().reshape(perFeature), var = runningVar().reshape(perFeature);
      return x.sub(mean).div(var.add(eps).sqrt()).mul(w).add(b);
    }
    Tensor mean = x.mean(axes, true);
    Tensor centered = x.sub(mean);
    Tensor var = centered.mul(centered).mean(axes, true);
    Tensor y = centered.div(var.add(eps).sqrt()).mul(w).add(b);
    int n = x.size() / features;
    try (var _ = Grad.disabled()) {
      runningMean().mulInPlace(1 - momentum).addInPlace(mean.reshape(features), momentum);
      Tensor unbiased = var.reshape(features).mul((double) n / (n - 1));
      runningVar().mulInPlace(1 - momentum).addInPlace(unbiased, momentum);
    }
    return y;
  }

  @Override
  protected String extraRepr() {
    return features + ", eps=" + Fmt.number(eps) + ", momentum=" + Fmt.number(momentum);
  }
}
