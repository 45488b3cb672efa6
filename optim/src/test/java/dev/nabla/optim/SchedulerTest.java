package dev.nabla.optim;

import static dev.nabla.optim.OptimTestSupport.param;
import static dev.nabla.optim.OptimTestSupport.setGrad;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Learning-rate schedules against their closed forms, evaluated by hand. */
class SchedulerTest {

  private static SGD sgd(double lr) {
    return new SGD(List.of(param(DType.FLOAT64, 1.0)), lr);
  }

  /** The optimizer's learning rate at epochs 0..n-1, stepping the schedule after each. */
  private static double[] rates(Optimizer opt, LRScheduler schedule, int n) {
    double[] out = new double[n];
    for (int e = 0; e < n; e++) {
      out[e] = opt.learningRate();
      assertThat(schedule.epoch()).isEqualTo(e);
      assertThat(schedule.lastLearningRate()).isEqualTo(out[e]);
      schedule.step();
    }
    return out;
  }

  @Test
  void stepLrDecaysByGammaEveryStepSizeEpochs() {
    SGD opt = sgd(0.1);
    StepLR schedule = new StepLR(opt, 3, 0.5);
    // 0.1 * 0.5^floor(t/3)
    assertThat(rates(opt, schedule, 8))
        .containsExactly(
            new double[] {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025}, within(1e-15));
  }

  @Test
  void cosineAnnealsFromTheBaseToEtaMinAndContinuesTheCosine() {
    SGD opt = sgd(0.1);
    CosineAnnealingLR schedule = new CosineAnnealingLR(opt, 4, 0.01);
    // 0.01 + 0.09 * (1 + cos(pi t / 4)) / 2 with cos(pi/4) = sqrt(0.5), cos(pi/2) = 0, cos(pi) = -1
    double c = Math.sqrt(0.5);
    assertThat(rates(opt, schedule, 7))
        .containsExactly(
            new double[] {
              0.1, // t = 0: cos 0 = 1
              0.01 + 0.09 * (1 + c) / 2, //  0.08681981...
              0.01 + 0.09 * 0.5, //          0.055
              0.01 + 0.09 * (1 - c) / 2, //  0.02318019...
              0.01, //                       t = tMax
              0.01 + 0.09 * (1 - c) / 2, //  past tMax the cosine climbs back, as PyTorch's
              0.055
            },
            within(1e-15));
    assertThat(new CosineAnnealingLR(sgd(0.2), 2).learningRateAt(2)).isCloseTo(0.0, within(1e-17));
  }

  @Test
  void linearWarmupRisesFromStartFactorToTheBaseThenStays() {
    SGD opt = sgd(0.1);
    LinearWarmup schedule = new LinearWarmup(opt, 4, 0.25);
    // 0.1 * (0.25 + 0.75 * t / 4) for t < 4, then 0.1
    assertThat(rates(opt, schedule, 6))
        .containsExactly(new double[] {0.025, 0.04375, 0.0625, 0.08125, 0.1, 0.1}, within(1e-15));
  }

  @Test
  void linearWarmupStartsAtAThirdByDefaultLikeLinearLr() {
    SGD opt = sgd(0.3);
    new LinearWarmup(opt, 2);
    assertThat(opt.learningRate()).isCloseTo(0.1, within(1e-15));
  }

  @Test
  void warmupHandsOverToTheFollowUpScheduleCountingFromZero() {
    SGD opt = sgd(0.1);
    LinearWarmup schedule = new LinearWarmup(opt, 2, 0.5, new CosineAnnealingLR(opt, 4));
    double c = Math.sqrt(0.5);
    // warm-up 0.1 * (0.5 + 0.5 t / 2) for t = 0, 1; then cosine at t - 2: 0.1 (1 + cos(pi (t-2) /
    // 4)) / 2
    assertThat(rates(opt, schedule, 7))
        .containsExactly(
            new double[] {0.05, 0.075, 0.1, 0.1 * (1 + c) / 2, 0.05, 0.1 * (1 - c) / 2, 0.0},
            within(1e-15));
  }

  @Test
  void sequentialLrRunsSchedulesBetweenMilestonesFromTheSameBase() {
    SGD opt = sgd(0.1);
    // the warm-up is created first and lowers the rate to 0.05; the step decay still starts from
    // 0.1
    SequentialLR schedule =
        new SequentialLR(opt, List.of(new LinearWarmup(opt, 2, 0.5), new StepLR(opt, 2, 0.5)), 2);
    assertThat(rates(opt, schedule, 7))
        .containsExactly(new double[] {0.05, 0.075, 0.1, 0.1, 0.05, 0.05, 0.025}, within(1e-15));
  }

  @Test
  void theBaseFollowsSetLearningRateUntilAScheduleAttaches() {
    SGD opt = sgd(0.1);
    opt.setLearningRate(0.4);
    StepLR schedule = new StepLR(opt, 1, 0.5);
    assertThat(schedule.baseLearningRate()).isEqualTo(0.4);
    opt.setLearningRate(1.0); // overridden at the next schedule step
    schedule.step();
    assertThat(opt.learningRate()).isEqualTo(0.2);
    assertThat(opt.initialLearningRate()).isEqualTo(0.4);
  }

  @Test
  void theOptimizerStepsWithTheScheduledRate() {
    Tensor p = param(DType.FLOAT64, 1.0);
    SGD opt = new SGD(List.of(p), 0.1);
    StepLR schedule = new StepLR(opt, 1, 0.5);
    for (int e = 0; e < 3; e++) {
      setGrad(p, 1.0);
      opt.step();
      schedule.step();
    }
    // 1 - 0.1 - 0.05 - 0.025
    assertThat(p.item()).isCloseTo(0.825, within(1e-15));
  }

  @Test
  void aPartOfACompositeIsSteppedOnlyThroughIt() {
    SGD opt = sgd(0.1);
    CosineAnnealingLR cosine = new CosineAnnealingLR(opt, 10);
    new LinearWarmup(opt, 2, 0.5, cosine);
    assertThatThrownBy(cosine::step)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "CosineAnnealingLR.step: this schedule is part of a LinearWarmup; call step() on the LinearWarmup");
    assertThatThrownBy(() -> new SequentialLR(opt, List.of(cosine, new StepLR(opt, 1, 0.5)), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "SequentialLR: schedule 0 (CosineAnnealingLR) is already part of a LinearWarmup");
  }

  @Test
  void compositesRejectPartsOfAnotherOptimizerOrAlreadyStepped() {
    SGD opt = sgd(0.1);
    StepLR elsewhere = new StepLR(sgd(0.1), 1, 0.5);
    assertThatThrownBy(() -> new LinearWarmup(opt, 2, 0.5, elsewhere))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "LinearWarmup: the follow-up schedule (StepLR) schedules another optimizer");
    StepLR stepped = new StepLR(opt, 1, 0.5);
    stepped.step();
    assertThatThrownBy(() -> new SequentialLR(opt, List.of(new LinearWarmup(opt, 1), stepped), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SequentialLR: schedule 1 (StepLR) was already stepped to epoch 1");
    StepLR twice = new StepLR(opt, 1, 0.5);
    assertThatThrownBy(() -> new SequentialLR(opt, List.of(twice, twice), 1))
        .hasMessageContaining("SequentialLR: schedule 1 is the same object as schedule 0");
  }

  @Test
  void badScheduleArgumentsAreRejectedNamingArgumentAndValue() {
    SGD opt = sgd(0.1);
    assertThatThrownBy(() -> new StepLR(opt, 0, 0.5))
        .hasMessage("StepLR: stepSize must be > 0, got 0");
    assertThatThrownBy(() -> new StepLR(opt, 2, -0.5))
        .hasMessage("StepLR: gamma must be finite and > 0, got -0.5");
    assertThatThrownBy(() -> new StepLR(opt, 2, Double.NaN))
        .hasMessage("StepLR: gamma must be finite and > 0, got NaN");
    assertThatThrownBy(() -> new StepLR(null, 2, 0.5))
        .hasMessage("StepLR: optimizer must not be null");
    assertThatThrownBy(() -> new CosineAnnealingLR(opt, 0))
        .hasMessage("CosineAnnealingLR: tMax must be > 0, got 0");
    assertThatThrownBy(() -> new CosineAnnealingLR(opt, 5, -1e-3))
        .hasMessage("CosineAnnealingLR: etaMin must be finite and >= 0, got -0.001");
    assertThatThrownBy(() -> new LinearWarmup(opt, 0))
        .hasMessage("LinearWarmup: warmupSteps must be > 0, got 0");
    assertThatThrownBy(() -> new LinearWarmup(opt, 3, 0.0))
        .hasMessage("LinearWarmup: startFactor must be in (0, 1], got 0.0");
    assertThatThrownBy(() -> new LinearWarmup(opt, 3, 1.5))
        .hasMessage("LinearWarmup: startFactor must be in (0, 1], got 1.5");
    assertThatThrownBy(() -> new SequentialLR(opt, List.of(new StepLR(opt, 1, 0.5)), 3))
        .hasMessage(
            "SequentialLR: expected one more schedule than milestones, got 1 schedules and milestones [3]");
    assertThatThrownBy(
            () ->
                new SequentialLR(
                    opt,
                    List.of(
                        new StepLR(opt, 1, 0.5), new StepLR(opt, 1, 0.5), new StepLR(opt, 1, 0.5)),
                    3,
                    3))
        .hasMessage("SequentialLR: milestones must be > 0 and strictly increasing, got [3, 3]");
    assertThatThrownBy(() -> new StepLR(opt, 1, 0.5).learningRateAt(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("StepLR.learningRateAt: epoch must be >= 0, got -1");
  }

  @Test
  void stateDictRestoresTheEpochAndItsRate() {
    SGD opt = sgd(0.1);
    StepLR schedule = new StepLR(opt, 2, 0.5);
    for (int i = 0; i < 3; i++) {
      schedule.step();
    }
    Map<String, Tensor> saved = schedule.stateDict();
    assertThat(saved.get("last_epoch").item()).isEqualTo(3.0);

    SGD other = sgd(0.1);
    StepLR resumed = new StepLR(other, 2, 0.5);
    resumed.loadStateDict(saved);
    assertThat(resumed.epoch()).isEqualTo(3);
    assertThat(other.learningRate()).isEqualTo(0.05);
    assertThatThrownBy(() -> resumed.loadStateDict(Map.of("epoch", Tensor.scalar(1.0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "StepLR.loadStateDict: expected exactly the key 'last_epoch' holding a scalar, got keys [epoch]");
    assertThatThrownBy(() -> resumed.loadStateDict(Map.of("last_epoch", Tensor.scalar(1.5))))
        .hasMessage("StepLR.loadStateDict: 'last_epoch' must be a whole number >= 0, got 1.5");
  }

  @Test
  void toStringShowsParametersEpochAndRate() {
    SGD opt = sgd(0.1);
    LinearWarmup schedule = new LinearWarmup(opt, 2, 0.5, new StepLR(opt, 3, 0.1));
    assertThat(schedule.toString())
        .isEqualTo(
            "LinearWarmup(warmupSteps=2, startFactor=0.5, then StepLR(stepSize=3, gamma=0.1)) at epoch 0, lr=0.05");
  }
}
