package dev.nabla.optim;

import dev.nabla.core.Tensor;
import dev.nabla.optim.internal.Checks;
import dev.nabla.optim.internal.FusedUpdates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba, 2015), exactly {@code torch.optim.Adam}: for each parameter {@code p} with
 * gradient {@code g}, at its {@code t}-th update,
 *
 * <pre>
 *   g = g + weightDecay * p                     (L2 penalty, if weightDecay != 0)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   mHat = m / (1 - beta1^t),  vHat = v / (1 - beta2^t)
 *   p = p - lr * mHat / (sqrt(vHat) + eps)
 * </pre>
 *
 * computed as PyTorch does, as {@code p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) +
 * eps)}. The state of each parameter is {@code "exp_avg"} (m), {@code "exp_avg_sq"} (v) and its
 * step count {@code "step"}. {@link AdamW} decouples the weight decay instead.
 */
public sealed class Adam extends Optimizer permits AdamW {
  /** PyTorch's default learning rate for Adam and AdamW. */
  public static final double DEFAULT_LR = 1e-3;

  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final boolean decoupled;

  /** Adam with PyTorch's defaults: lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, no weight decay. */
  public Adam(List<Tensor> params) {
    this(params, DEFAULT_LR);
  }

  /** Adam with the given learning rate and PyTorch's other defaults. */
  public Adam(List<Tensor> params, double lr) {
    this(params, lr, 0.9, 0.999, 1e-8, 0);
  }

  /**
   * Adam with every option.
   *
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param eps added to the square root of the second moment, {@code >= 0}
   * @param weightDecay L2 penalty added to the gradient, {@code >= 0}
   */
  public Adam(
      List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
    this("Adam", false, params, lr, beta1, beta2, eps, weightDecay);
  }

  /** Adam over named parameters (state keys use the names), with PyTorch's defaults. */
  public Adam(Map<String, Tensor> params) {
    this(params, DEFAULT_LR);
  }

  /** Adam over named parameters with the given learning rate and PyTorch's other defaults. */
  public Adam(Map<String, Tensor> params, double lr) {
    this(params, lr, 0.9, 0.999, 1e-8, 0);
  }

  /** Adam over named parameters with every option, as the list version. */
  public Adam(
      Map<String, Tensor> params,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay) {
    this("Adam", false, params, lr, beta1, beta2, eps, weightDecay);
  }

  Adam(
      String name,
      boolean decoupled,
      List<Tensor> params,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay) {
    checkOptions(name, lr, beta1, beta2, eps, weightDecay);
    super(name, params, lr, "exp_avg", "exp_avg_sq");
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
  }

  Adam(
      String name,
      boolean decoupled,
      Map<String, Tensor> params,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay) {
    checkOptions(name, lr, beta1, beta2, eps, weightDecay);
    super(name, params, lr, "exp_avg", "exp_avg_sq");
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
  }

  private static void checkOptions(
      String name, double lr, double beta1, double beta2, double eps, double weightDecay) {
    checkLearningRate(name, lr);
    Checks.unitHalfOpen(name, "beta1", beta1);
    Checks.unitHalfOpen(name, "beta2", beta2);
    Checks.nonNegative(name, "eps", eps);
    Checks.nonNegative(name, "weightDecay", weightDecay);
  }

  @Override
  protected final void update(Tensor param, Tensor grad, Tensor[] state, long step) {
    double lr = learningRate();
    double stepSize = lr / (1 - Math.pow(beta1, step));
    double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
    // AdamW shrinks the parameter before the update; Adam adds the penalty to the gradient.
    double factor = decoupled ? 1 - lr * weightDecay : 1;
    double l2 = decoupled ? 0 : weightDecay;
    switch (param.dtype()) {
      case FLOAT32 ->
          FusedUpdates.adam(
              param.floatStorage(),
              grad.floatStorage(),
              state[0].floatStorage(),
              state[1].floatStorage(),
              (float) beta1,
              (float) (1 - beta1),
              (float) beta2,
              (float) (1 - beta2),
              (float) l2,
              (float) factor,
              (float) stepSize,
              (float) bc2Sqrt,
              (float) eps);
      case FLOAT64 ->
          FusedUpdates.adam(
              param.doubleStorage(),
              grad.doubleStorage(),
              state[0].doubleStorage(),
              state[1].doubleStorage(),
              beta1,
              1 - beta1,
              beta2,
              1 - beta2,
              l2,
              factor,
              stepSize,
              bc2Sqrt,
              eps);
      case INT32, INT64, BOOL ->
          throw new IllegalStateException(
              name() + ": " + param.dtype() + " parameters have no gradient");
    }
  }

  @Override
  protected final Map<String, Object> hyperParameters() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("beta1", beta1);
    h.put("beta2", beta2);
    h.put("eps", eps);
    h.put("weight_decay", weightDecay);
    h.put("decoupled_weight_decay", decoupled);
    return h;
  }
}
