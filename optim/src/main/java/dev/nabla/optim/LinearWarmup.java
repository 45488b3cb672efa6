package dev.nabla.optim;

/**
 * Linear warm-up, as {@code torch.optim.lr_scheduler.LinearLR} with {@code end_factor = 1}: the
 * learning rate at epoch {@code t < warmupSteps} is {@code base * (startFactor + (1 - startFactor)
 * * t / warmupSteps)}, rising from {@code base * startFactor} to the base at {@code t =
 * warmupSteps}.
 *
 * <p>From then on the rate stays at the base, or, given a follow-up schedule, follows it: epoch
 * {@code t >= warmupSteps} gets the follow-up's rate at {@code t - warmupSteps}, as PyTorch's
 * {@code SequentialLR([LinearLR, then], milestones=[warmupSteps])}:
 *
 * <pre>{@code
 * var schedule = new LinearWarmup(opt, 5, 0.1, new CosineAnnealingLR(opt, 95));
 * }</pre>
 */
public final class LinearWarmup extends LRScheduler {
  /** PyTorch's default start factor of LinearLR. */
  public static final double DEFAULT_START_FACTOR = 1.0 / 3;

  private final int warmupSteps;
  private final double startFactor;
  private final LRScheduler then;

  /** Warms up from a third of the base over {@code warmupSteps} epochs, then stays at the base. */
  public LinearWarmup(Optimizer optimizer, int warmupSteps) {
    this(optimizer, warmupSteps, DEFAULT_START_FACTOR);
  }

  /**
   * Warms up from {@code base * startFactor} over {@code warmupSteps} epochs, then stays at the
   * base.
   *
   * @param warmupSteps epochs (or batches) of warm-up, {@code > 0}
   * @param startFactor fraction of the base at epoch 0, in (0, 1]
   */
  public LinearWarmup(Optimizer optimizer, int warmupSteps, double startFactor) {
    this(optimizer, warmupSteps, startFactor, null);
  }

  /**
   * Warms up, then hands over to {@code then} (a new schedule on the same optimizer, which from now
   * on is stepped only through this one); {@code then == null} stays at the base.
   */
  public LinearWarmup(Optimizer optimizer, int warmupSteps, double startFactor, LRScheduler then) {
    this.warmupSteps = checkWarmup(warmupSteps, startFactor);
    this.startFactor = startFactor;
    if (then != null) {
      checkPart("LinearWarmup", optimizer, then, "the follow-up schedule");
    }
    this.then = then;
    super("LinearWarmup", optimizer);
    if (then != null) {
      adopt(then);
    }
  }

  private static int checkWarmup(int warmupSteps, double startFactor) {
    if (warmupSteps <= 0) {
      throw new IllegalArgumentException(
          "LinearWarmup: warmupSteps must be > 0, got " + warmupSteps);
    }
    if (!(startFactor > 0 && startFactor <= 1)) {
      throw new IllegalArgumentException(
          "LinearWarmup: startFactor must be in (0, 1], got " + startFactor);
    }
    return warmupSteps;
  }

  @Override
  protected double computeLearningRate(int epoch) {
    if (epoch < warmupSteps) {
      return baseLearningRate() * (startFactor + (1 - startFactor) * epoch / warmupSteps);
    }
    return then == null ? baseLearningRate() : then.learningRateAt(epoch - warmupSteps);
  }

  @Override
  protected String describe() {
    return "warmupSteps="
        + warmupSteps
        + ", startFactor="
        + startFactor
        + (then == null ? "" : ", then " + then.name() + "(" + then.describe() + ")");
  }
}
