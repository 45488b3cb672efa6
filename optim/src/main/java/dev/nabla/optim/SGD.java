package dev.nabla.optim;

import dev.nabla.core.Tensor;
import dev.nabla.optim.internal.Checks;
import dev.nabla.optim.internal.FusedUpdates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and weight decay, exactly
 * {@code torch.optim.SGD}: for each parameter {@code p} with gradient {@code g},
 *
 * <pre>
 *   g = g + weightDecay * p                          (if weightDecay != 0)
 *   b = g                                            (first step, if momentum != 0)
 *   b = momentum * b + (1 - dampening) * g           (later steps)
 *   g = nesterov ? g + momentum * b : b
 *   p = p - lr * g
 * </pre>
 *
 * <p>The state of each parameter is its {@code "momentum_buffer"} (only with momentum).
 */
public final class SGD extends Optimizer {
  private final double momentum;
  private final double dampening;
  private final boolean nesterov;
  private final double weightDecay;

  /** Plain SGD: {@code p = p - lr * g}. */
  public SGD(List<Tensor> params, double lr) {
    this(params, lr, 0, 0, false, 0);
  }

  /** SGD with (heavy-ball) momentum, no dampening, no weight decay. */
  public SGD(List<Tensor> params, double lr, double momentum) {
    this(params, lr, momentum, 0, false, 0);
  }

  /**
   * SGD with every option.
   *
   * @param momentum momentum factor, {@code >= 0} (0: none)
   * @param dampening dampening of the gradient in the momentum buffer, {@code >= 0}
   * @param nesterov Nesterov momentum; needs {@code momentum > 0} and {@code dampening == 0}
   * @param weightDecay L2 penalty added to the gradient, {@code >= 0}
   */
  public SGD(
      List<Tensor> params,
      double lr,
      double momentum,
      double dampening,
      boolean nesterov,
      double weightDecay) {
    checkOptions(lr, momentum, dampening, nesterov, weightDecay);
    super("SGD", params, lr, momentum != 0 ? new String[] {"momentum_buffer"} : new String[0]);
    this.momentum = momentum;
    this.dampening = dampening;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
  }

  /** Plain SGD over named parameters (state keys use the names). */
  public SGD(Map<String, Tensor> params, double lr) {
    this(params, lr, 0, 0, false, 0);
  }

  /** SGD with momentum over named parameters. */
  public SGD(Map<String, Tensor> params, double lr, double momentum) {
    this(params, lr, momentum, 0, false, 0);
  }

  /** SGD with every option over named parameters, as the list version. */
  public SGD(
      Map<String, Tensor> params,
      double lr,
      double momentum,
      double dampening,
      boolean nesterov,
      double weightDecay) {
    checkOptions(lr, momentum, dampening, nesterov, weightDecay);
    super("SGD", params, lr, momentum != 0 ? new String[] {"momentum_buffer"} : new String[0]);
    this.momentum = momentum;
    this.dampening = dampening;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
  }

  private static void checkOptions(
      double lr, double momentum, double dampening, boolean nesterov, double weightDecay) {
    checkLearningRate("SGD", lr);
    Checks.nonNegative("SGD", "momentum", momentum);
    Checks.nonNegative("SGD", "dampening", dampening);
    Checks.nonNegative("SGD", "weightDecay", weightDecay);
    if (nesterov && (momentum <= 0 || dampening != 0)) {
      throw new IllegalArgumentException(
          "SGD: nesterov needs momentum > 0 and dampening == 0, got momentum="
              + momentum
              + ", dampening="
              + dampening);
    }
  }

  @Override
  protected void update(Tensor param, Tensor grad, Tensor[] state, long step) {
    double lr = learningRate();
    boolean first = step == 1;
    switch (param.dtype()) {
      case FLOAT32 -> {
        if (momentum == 0) {
          FusedUpdates.sgd(
              param.floatStorage(), grad.floatStorage(), (float) lr, (float) weightDecay);
        } else {
          FusedUpdates.sgdMomentum(
              param.floatStorage(),
              grad.floatStorage(),
              state[0].floatStorage(),
              first,
              (float) lr,
              (float) momentum,
              (float) (1 - dampening),
              nesterov,
              (float) weightDecay);
        }
      }
      case FLOAT64 -> {
        if (momentum == 0) {
          FusedUpdates.sgd(param.doubleStorage(), grad.doubleStorage(), lr, weightDecay);
        } else {
          FusedUpdates.sgdMomentum(
              param.doubleStorage(),
              grad.doubleStorage(),
              state[0].doubleStorage(),
              first,
              lr,
              momentum,
              1 - dampening,
              nesterov,
              weightDecay);
        }
      }
      case INT32, INT64, BOOL ->
          throw new IllegalStateException("SGD: " + param.dtype() + " parameters have no gradient");
    }
  }

  @Override
  protected Map<String, Object> hyperParameters() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("momentum", momentum);
    h.put("dampening", dampening);
    h.put("nesterov", nesterov);
    h.put("weight_decay", weightDecay);
    return h;
  }
}
