package dev.nabla.optim;

import dev.nabla.core.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, 2019), exactly {@code
 * torch.optim.AdamW}: each update first shrinks the parameter, {@code p = p * (1 - lr *
 * weightDecay)}, then applies {@link Adam}'s update with the raw gradient (no L2 term). PyTorch's
 * defaults: lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weightDecay=1e-2. Same state as Adam.
 */
public final class AdamW extends Adam {
  /** PyTorch's default decoupled weight decay for AdamW. */
  public static final double DEFAULT_WEIGHT_DECAY = 1e-2;

  /** AdamW with PyTorch's defaults. */
  public AdamW(List<Tensor> params) {
    this(params, DEFAULT_LR);
  }

  /** AdamW with the given learning rate and PyTorch's other defaults (weight decay 1e-2). */
  public AdamW(List<Tensor> params, double lr) {
    this(params, lr, 0.9, 0.999, 1e-8, DEFAULT_WEIGHT_DECAY);
  }

  /**
   * AdamW with every option.
   *
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param eps added to the square root of the second moment, {@code >= 0}
   * @param weightDecay decoupled decay: each step multiplies the parameter by {@code 1 - lr *
   *     weightDecay}; {@code >= 0}
   */
  public AdamW(
      List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
    super("AdamW", true, params, lr, beta1, beta2, eps, weightDecay);
  }

  /** AdamW over named parameters (state keys use the names), with PyTorch's defaults. */
  public AdamW(Map<String, Tensor> params) {
    this(params, DEFAULT_LR);
  }

  /** AdamW over named parameters with the given learning rate and PyTorch's other defaults. */
  public AdamW(Map<String, Tensor> params, double lr) {
    this(params, lr, 0.9, 0.999, 1e-8, DEFAULT_WEIGHT_DECAY);
  }

  /** AdamW over named parameters with every option, as the list version. */
  public AdamW(
      Map<String, Tensor> params,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay) {
    super("AdamW", true, params, lr, beta1, beta2, eps, weightDecay);
  }
}
