package dev.nabla.optim;

import dev.nabla.core.Tensor;
import dev.nabla.optim.internal.Checks;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * A learning-rate schedule: a closed-form function of the epoch that sets its optimizer's learning
 * rate, as PyTorch's {@code torch.optim.lr_scheduler} classes.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(params, 0.1, 0.9);
 * LRScheduler schedule = new CosineAnnealingLR(opt, 100, 0);
 * for (int epoch = 0; epoch < 100; epoch++) {
 *   trainOneEpoch(opt);          // uses opt.learningRate() == schedule.learningRateAt(epoch)
 *   schedule.step();
 * }
 * }</pre>
 *
 * <p>Creating a schedule sets the optimizer's learning rate to its value at epoch 0; each {@link
 * #step()} advances one epoch and sets the next value. An "epoch" is whatever unit the caller steps
 * in: call {@code step()} once per epoch, or once per batch and count the schedule's lengths in
 * batches. Values are computed from the base learning rate, the optimizer's {@link
 * Optimizer#initialLearningRate()} (PyTorch's {@code initial_lr}), which the first schedule on an
 * optimizer fixes; so several schedules on one optimizer, or a schedule composed of others ({@link
 * LinearWarmup} with a follow-up, {@link SequentialLR}), all start from the same base. Only the
 * outer schedule of a composition is stepped.
 *
 * <p>A subclass computes {@link #computeLearningRate(int)} from its own fields, which it must
 * therefore assign before calling this class's constructor (Java 25 allows statements before {@code
 * super(...)}), since the constructor applies the value at epoch 0.
 */
public abstract class LRScheduler {
  private final String name;
  private final Optimizer optimizer;
  private int epoch;

  /** The composite schedule this one is part of, or null: only that one may step. */
  private LRScheduler owner;

  /**
   * Attaches to {@code optimizer} at epoch 0 and sets its learning rate to {@code
   * computeLearningRate(0)}.
   *
   * <p>This calls {@link #computeLearningRate(int) computeLearningRate(0)} before a subclass's
   * constructor goes on: a subclass assigns the fields it reads there before it calls {@code
   * super(...)} (as {@link StepLR} does).
   *
   * @param name the schedule's name, used in messages ("StepLR")
   */
  @SuppressWarnings("this-escape") // by design, see above
  protected LRScheduler(String name, Optimizer optimizer) {
    this.name = name;
    this.optimizer = Checks.notNull(name, "optimizer", optimizer);
    optimizer.fixInitialLearningRate();
    optimizer.setLearningRate(learningRateAt(0));
  }

  /** This schedule's learning rate at {@code epoch >= 0}, from the base learning rate. */
  public final double learningRateAt(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException(
          name + ".learningRateAt: epoch must be >= 0, got " + epoch);
    }
    return computeLearningRate(epoch);
  }

  /** The closed form: the learning rate at {@code epoch >= 0}, from {@link #baseLearningRate()}. */
  protected abstract double computeLearningRate(int epoch);

  /** Advances one epoch (or batch) and sets the optimizer's learning rate to the new value. */
  public final void step() {
    checkNotOwned("step");
    epoch++;
    optimizer.setLearningRate(learningRateAt(epoch));
  }

  /** How many times {@link #step()} was called: the epoch whose learning rate is in effect. */
  public final int epoch() {
    return epoch;
  }

  /** The learning rate this schedule set last, {@code learningRateAt(epoch())}. */
  public final double lastLearningRate() {
    return learningRateAt(epoch);
  }

  /** The base learning rate: the optimizer's {@link Optimizer#initialLearningRate()}. */
  public final double baseLearningRate() {
    return optimizer.initialLearningRate();
  }

  /** The optimizer whose learning rate this schedule sets. */
  public final Optimizer optimizer() {
    return optimizer;
  }

  /** The name used in messages ("StepLR"). */
  public final String name() {
    return name;
  }

  /** The state: {@code "last_epoch"}, a 0-d FLOAT64 tensor (the base is in the optimizer's). */
  public final Map<String, Tensor> stateDict() {
    return Map.of("last_epoch", Tensor.scalar((double) epoch));
  }

  /**
   * Restores the epoch saved by {@link #stateDict()} and sets the optimizer's learning rate to its
   * value there (load the optimizer's state too, so the base learning rate matches).
   */
  public final void loadStateDict(Map<String, Tensor> saved) {
    String owner = name + ".loadStateDict";
    checkNotOwned("loadStateDict");
    Checks.notNull(owner, "state", saved);
    Tensor e = saved.get("last_epoch");
    if (!saved.keySet().equals(Set.of("last_epoch")) || e == null || e.size() != 1) {
      throw new IllegalArgumentException(
          owner
              + ": expected exactly the key 'last_epoch' holding a scalar, got keys "
              + saved.keySet()
              + (e == null ? "" : " with 'last_epoch' of shape " + Arrays.toString(e.shape())));
    }
    double v = e.item();
    if (!(v >= 0 && v <= Integer.MAX_VALUE && v == Math.rint(v))) {
      throw new IllegalArgumentException(
          owner + ": 'last_epoch' must be a whole number >= 0, got " + v);
    }
    epoch = (int) v;
    optimizer.setLearningRate(learningRateAt(epoch));
  }

  /**
   * Checks that {@code part} can become a part of a composite schedule {@code name} on {@code
   * optimizer}: it must be on the same optimizer, not yet stepped and not part of another.
   * Composites call this before their constructor applies the first value.
   */
  static void checkPart(String name, Optimizer optimizer, LRScheduler part, String what) {
    Checks.notNull(name, "optimizer", optimizer);
    if (part == null) {
      throw new IllegalArgumentException(name + ": " + what + " must not be null");
    }
    if (part.optimizer != optimizer) {
      throw new IllegalArgumentException(
          name
              + ": "
              + what
              + " ("
              + part.name
              + ") schedules another optimizer; expected the one "
              + "this "
              + name
              + " schedules");
    }
    if (part.owner != null) {
      throw new IllegalArgumentException(
          name + ": " + what + " (" + part.name + ") is already part of a " + part.owner.name);
    }
    if (part.epoch != 0) {
      throw new IllegalArgumentException(
          name
              + ": "
              + what
              + " ("
              + part.name
              + ") was already stepped to epoch "
              + part.epoch
              + "; expected a new schedule at epoch 0");
    }
  }

  /** Makes a {@linkplain #checkPart checked} schedule part of this one, which alone steps. */
  final void adopt(LRScheduler part) {
    part.owner = this;
  }

  private void checkNotOwned(String method) {
    if (owner != null) {
      throw new IllegalStateException(
          name
              + "."
              + method
              + ": this schedule is part of a "
              + owner.name
              + "; call "
              + method
              + "() on the "
              + owner.name);
    }
  }

  /** For instance {@code StepLR(stepSize=30, gamma=0.1) at epoch 3, lr=0.1}. */
  @Override
  public String toString() {
    return name + "(" + describe() + ") at epoch " + epoch + ", lr=" + lastLearningRate();
  }

  /** The parameters shown by {@link #toString()}, for instance {@code stepSize=30, gamma=0.1}. */
  protected abstract String describe();
}
