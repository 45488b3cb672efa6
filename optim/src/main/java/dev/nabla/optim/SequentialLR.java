package dev.nabla.optim;

import java.util.Arrays;
import java.util.List;

/**
 * Schedules one after another, as {@code torch.optim.lr_scheduler.SequentialLR}: schedule {@code i}
 * runs from milestone {@code i - 1} (or epoch 0) and sees epochs counted from its start, so epoch
 * {@code t} gets {@code schedules[i].learningRateAt(t - milestones[i - 1])}.
 *
 * <pre>{@code
 * var schedule = new SequentialLR(opt,
 *     List.of(new LinearWarmup(opt, 5, 0.1), new StepLR(opt, 30, 0.1)), 5);
 * }</pre>
 *
 * The parts must be new schedules on the same optimizer; from now on only this one is stepped.
 */
public final class SequentialLR extends LRScheduler {
  private final LRScheduler[] schedules;
  private final int[] milestones;

  /**
   * Runs {@code schedules} one after the other on {@code optimizer}, switching at each milestone.
   *
   * @param schedules one more schedule than milestones
   * @param milestones strictly increasing epochs {@code > 0} at which the next schedule takes over
   */
  public SequentialLR(Optimizer optimizer, List<LRScheduler> schedules, int... milestones) {
    this.schedules = checkSchedules(optimizer, schedules, milestones);
    this.milestones = milestones.clone();
    super("SequentialLR", optimizer);
    for (LRScheduler part : this.schedules) {
      adopt(part);
    }
  }

  private static LRScheduler[] checkSchedules(
      Optimizer optimizer, List<LRScheduler> schedules, int[] milestones) {
    if (schedules == null || milestones == null) {
      throw new IllegalArgumentException("SequentialLR: schedules and milestones must not be null");
    }
    if (schedules.size() != milestones.length + 1) {
      throw new IllegalArgumentException(
          "SequentialLR: expected one more schedule than milestones, got "
              + schedules.size()
              + " schedules and milestones "
              + Arrays.toString(milestones));
    }
    for (int i = 0; i < milestones.length; i++) {
      if (milestones[i] <= (i == 0 ? 0 : milestones[i - 1])) {
        throw new IllegalArgumentException(
            "SequentialLR: milestones must be > 0 and strictly increasing, got "
                + Arrays.toString(milestones));
      }
    }
    LRScheduler[] s = new LRScheduler[schedules.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = schedules.get(i);
      checkPart("SequentialLR", optimizer, s[i], "schedule " + i);
      for (int j = 0; j < i; j++) {
        if (s[j] == s[i]) {
          throw new IllegalArgumentException(
              "SequentialLR: schedule " + i + " is the same object as schedule " + j);
        }
      }
    }
    return s;
  }

  @Override
  protected double computeLearningRate(int epoch) {
    int i = 0;
    while (i < milestones.length && epoch >= milestones[i]) {
      i++;
    }
    return schedules[i].learningRateAt(i == 0 ? epoch : epoch - milestones[i - 1]);
  }

  @Override
  protected String describe() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < schedules.length; i++) {
      if (i > 0) {
        sb.append(", from ").append(milestones[i - 1]).append(' ');
      }
      sb.append(schedules[i].name()).append('(').append(schedules[i].describe()).append(')');
    }
    return sb.toString();
  }
}
