package dev.nabla.optim;

import dev.nabla.optim.internal.Checks;

/**
 * Cosine annealing, as {@code torch.optim.lr_scheduler.CosineAnnealingLR} (its closed form): the
 * learning rate at epoch {@code t} is {@code etaMin + (base - etaMin) * (1 + cos(pi * t / tMax)) /
 * 2}, falling from the base at {@code t = 0} to {@code etaMin} at {@code t = tMax}. Like PyTorch's,
 * the cosine continues past {@code tMax} (the rate climbs back), so make {@code tMax} the length of
 * training.
 */
public final class CosineAnnealingLR extends LRScheduler {
  private final int tMax;
  private final double etaMin;

  /** Anneals to 0 over {@code tMax} epochs. */
  public CosineAnnealingLR(Optimizer optimizer, int tMax) {
    this(optimizer, tMax, 0);
  }

  /**
   * Anneals the learning rate of {@code optimizer} along a half cosine, from its base value to
   * {@code etaMin} over {@code tMax} epochs.
   *
   * @param tMax epochs from the base learning rate to {@code etaMin}, {@code > 0}
   * @param etaMin the lowest learning rate, finite and {@code >= 0}
   */
  public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
    this.tMax = Checks.positive("CosineAnnealingLR", "tMax", tMax);
    this.etaMin = Checks.nonNegative("CosineAnnealingLR", "etaMin", etaMin);
    super("CosineAnnealingLR", optimizer);
  }

  @Override
  protected double computeLearningRate(int epoch) {
    return etaMin + (baseLearningRate() - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
  }

  @Override
  protected String describe() {
    return "tMax=" + tMax + ", etaMin=" + etaMin;
  }
}
