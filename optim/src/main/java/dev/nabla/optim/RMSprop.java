package dev.nabla.optim;

import dev.nabla.core.Tensor;
import dev.nabla.optim.internal.Checks;
import dev.nabla.optim.internal.FusedUpdates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop (Hinton's lecture 6e), exactly {@code torch.optim.RMSprop}: for each parameter {@code p}
 * with gradient {@code g},
 *
 * <pre>
 *   g = g + weightDecay * p                        (if weightDecay != 0)
 *   s = alpha * s + (1 - alpha) * g^2
 *   a = alpha * a + (1 - alpha) * g;  s~ = s - a^2 (if centered, else s~ = s)
 *   d = g / (sqrt(s~) + eps)
 *   b = momentum * b + d;  p = p - lr * b          (if momentum > 0)
 *   p = p - lr * d                                 (otherwise)
 * </pre>
 *
 * <p>The state of each parameter is {@code "square_avg"} (s), {@code "momentum_buffer"} (b, with
 * momentum) and {@code "grad_avg"} (a, when centered), all starting at zero. Where rounding makes
 * {@code s - a^2} negative it counts as 0 (PyTorch would produce NaN).
 */
public final class RMSprop extends Optimizer {
  /** PyTorch's default learning rate for RMSprop. */
  public static final double DEFAULT_LR = 1e-2;

  private final double alpha;
  private final double eps;
  private final double momentum;
  private final boolean centered;
  private final double weightDecay;
  private final int bufferIndex;
  private final int gradAvgIndex;

  /** RMSprop with PyTorch's defaults: lr=1e-2, alpha=0.99, eps=1e-8, no momentum, not centered. */
  public RMSprop(List<Tensor> params) {
    this(params, DEFAULT_LR);
  }

  /** RMSprop with the given learning rate and PyTorch's other defaults. */
  public RMSprop(List<Tensor> params, double lr) {
    this(params, lr, 0.99, 1e-8, 0, false, 0);
  }

  /**
   * RMSprop with every option.
   *
   * @param alpha smoothing constant of the averages, in [0, 1]
   * @param eps added to the root of the average, {@code >= 0}
   * @param momentum momentum factor, {@code >= 0} (0: none)
   * @param centered normalize by an estimate of the variance instead of the second moment
   * @param weightDecay L2 penalty added to the gradient, {@code >= 0}
   */
  public RMSprop(
      List<Tensor> params,
      double lr,
      double alpha,
      double eps,
      double momentum,
      boolean centered,
      double weightDecay) {
    checkOptions(lr, alpha, eps, momentum, weightDecay);
    super("RMSprop", params, lr, fields(momentum, centered));
    this.alpha = alpha;
    this.eps = eps;
    this.momentum = momentum;
    this.centered = centered;
    this.weightDecay = weightDecay;
    this.bufferIndex = momentum > 0 ? 1 : -1;
    this.gradAvgIndex = centered ? (momentum > 0 ? 2 : 1) : -1;
  }

  /** RMSprop over named parameters (state keys use the names), with PyTorch's defaults. */
  public RMSprop(Map<String, Tensor> params) {
    this(params, DEFAULT_LR);
  }

  /** RMSprop over named parameters with the given learning rate and PyTorch's other defaults. */
  public RMSprop(Map<String, Tensor> params, double lr) {
    this(params, lr, 0.99, 1e-8, 0, false, 0);
  }

  /** RMSprop over named parameters with every option, as the list version. */
  public RMSprop(
      Map<String, Tensor> params,
      double lr,
      double alpha,
      double eps,
      double momentum,
      boolean centered,
      double weightDecay) {
    checkOptions(lr, alpha, eps, momentum, weightDecay);
    super("RMSprop", params, lr, fields(momentum, centered));
    this.alpha = alpha;
    this.eps = eps;
    this.momentum = momentum;
    this.centered = centered;
    this.weightDecay = weightDecay;
    this.bufferIndex = momentum > 0 ? 1 : -1;
    this.gradAvgIndex = centered ? (momentum > 0 ? 2 : 1) : -1;
  }

  private static void checkOptions(
      double lr, double alpha, double eps, double momentum, double weightDecay) {
    checkLearningRate("RMSprop", lr);
    Checks.unitClosed("RMSprop", "alpha", alpha);
    Checks.nonNegative("RMSprop", "eps", eps);
    Checks.nonNegative("RMSprop", "momentum", momentum);
    Checks.nonNegative("RMSprop", "weightDecay", weightDecay);
  }

  private static String[] fields(double momentum, boolean centered) {
    List<String> f = new ArrayList<>(List.of("square_avg"));
    if (momentum > 0) {
      f.add("momentum_buffer");
    }
    if (centered) {
      f.add("grad_avg");
    }
    return f.toArray(String[]::new);
  }

  @Override
  protected void update(Tensor param, Tensor grad, Tensor[] state, long step) {
    double lr = learningRate();
    Tensor buf = bufferIndex < 0 ? null : state[bufferIndex];
    Tensor gradAvg = gradAvgIndex < 0 ? null : state[gradAvgIndex];
    switch (param.dtype()) {
      case FLOAT32 ->
          FusedUpdates.rmsprop(
              param.floatStorage(),
              grad.floatStorage(),
              state[0].floatStorage(),
              gradAvg == null ? null : gradAvg.floatStorage(),
              buf == null ? null : buf.floatStorage(),
              (float) lr,
              (float) alpha,
              (float) (1 - alpha),
              (float) eps,
              (float) momentum,
              (float) weightDecay);
      case FLOAT64 ->
          FusedUpdates.rmsprop(
              param.doubleStorage(),
              grad.doubleStorage(),
              state[0].doubleStorage(),
              gradAvg == null ? null : gradAvg.doubleStorage(),
              buf == null ? null : buf.doubleStorage(),
              lr,
              alpha,
              1 - alpha,
              eps,
              momentum,
              weightDecay);
      case INT32 -> throw new IllegalStateException("RMSprop: INT32 parameters have no gradient");
    }
  }

  @Override
  protected Map<String, Object> hyperParameters() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("alpha", alpha);
    h.put("eps", eps);
    h.put("momentum", momentum);
    h.put("centered", centered);
    h.put("weight_decay", weightDecay);
    return h;
  }
}
