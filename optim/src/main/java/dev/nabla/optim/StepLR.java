package dev.nabla.optim;

import dev.nabla.optim.internal.Checks;

/**
 * Step decay, as {@code torch.optim.lr_scheduler.StepLR}: the learning rate at epoch {@code t} is
 * {@code base * gamma^floor(t / stepSize)}.
 */
public final class StepLR extends LRScheduler {
  private final int stepSize;
  private final double gamma;

  /**
   * Multiplies the learning rate of {@code optimizer} by {@code gamma} every {@code stepSize}
   * epochs.
   *
   * @param stepSize epochs between decays, {@code > 0}
   * @param gamma factor applied at each decay, finite and {@code > 0} (PyTorch's default is 0.1)
   */
  public StepLR(Optimizer optimizer, int stepSize, double gamma) {
    this.stepSize = Checks.positive("StepLR", "stepSize", stepSize);
    this.gamma = Checks.positive("StepLR", "gamma", gamma);
    super("StepLR", optimizer);
  }

  @Override
  protected double computeLearningRate(int epoch) {
    return baseLearningRate() * Math.pow(gamma, epoch / stepSize);
  }

  @Override
  protected String describe() {
    return "stepSize=" + stepSize + ", gamma=" + gamma;
  }
}
