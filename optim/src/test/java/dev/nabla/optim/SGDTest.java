package dev.nabla.optim;

import static dev.nabla.optim.OptimTestSupport.GRADS;
import static dev.nabla.optim.OptimTestSupport.assertTrajectory;
import static dev.nabla.optim.OptimTestSupport.param;
import static dev.nabla.optim.OptimTestSupport.trajectory;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SGD's first three steps against hand arithmetic from torch.optim.SGD's documented algorithm.
 * Every test starts from p = [1.0, -2.0] with lr = 0.1 and the gradients g1 = [0.5, 1.0], g2 =
 * [-0.2, 0.4], g3 = [0.1, -0.3], in FLOAT64 and FLOAT32.
 */
class SGDTest {

  @ParameterizedTest
  @EnumSource(names = {"FLOAT32", "FLOAT64"})
  void plainSgdSubtractsLrTimesGradient(DType dtype) {
    Tensor p = param(dtype, 1.0, -2.0);
    double[][] expected = {
      {1.0 - 0.1 * 0.5, -2.0 - 0.1 * 1.0}, //    [0.95, -2.1]
      {0.95 + 0.1 * 0.2, -2.1 - 0.1 * 0.4}, //   [0.97, -2.14]
      {0.97 - 0.1 * 0.1, -2.14 + 0.1 * 0.3}, //  [0.96, -2.11]
    };
    assertTrajectory(trajectory(new SGD(List.of(p), 0.1), p, GRADS), expected, dtype);
  }

  @ParameterizedTest
  @EnumSource(names = {"FLOAT32", "FLOAT64"})
  void momentumBufferStartsAtTheFirstGradient(DType dtype) {
    Tensor p = param(dtype, 1.0, -2.0);
    // momentum 0.9: b1 = g1 = [0.5, 1.0]
    //               b2 = 0.9 b1 + g2 = [0.45 - 0.2, 0.9 + 0.4] = [0.25, 1.3]
    //               b3 = 0.9 b2 + g3 = [0.225 + 0.1, 1.17 - 0.3] = [0.325, 0.87]
    double[][] expected = {
      {1.0 - 0.1 * 0.5, -2.0 - 0.1 * 1.0}, //       [0.95, -2.1]
      {0.95 - 0.1 * 0.25, -2.1 - 0.1 * 1.3}, //     [0.925, -2.23]
      {0.925 - 0.1 * 0.325, -2.23 - 0.1 * 0.87}, // [0.8925, -2.317]
    };
    assertTrajectory(trajectory(new SGD(List.of(p), 0.1, 0.9), p, GRADS), expected, dtype);
  }

  @ParameterizedTest
  @EnumSource(names = {"FLOAT32", "FLOAT64"})
  void dampeningScalesTheGradientAfterTheFirstStep(DType dtype) {
    Tensor p = param(dtype, 1.0, -2.0);
    // momentum 0.9, dampening 0.5: b1 = g1 (undamped) = [0.5, 1.0]
    //   b2 = 0.9 b1 + 0.5 g2 = [0.45 - 0.1, 0.9 + 0.2] = [0.35, 1.1]
    //   b3 = 0.9 b2 + 0.5 g3 = [0.315 + 0.05, 0.99 - 0.15] = [0.365, 0.84]
    double[][] expected = {
      {1.0 - 0.1 * 0.5, -2.0 - 0.1 * 1.0}, //      [0.95, -2.1]
      {0.95 - 0.1 * 0.35, -2.1 - 0.1 * 1.1}, //    [0.915, -2.21]
      {0.915 - 0.1 * 0.365, -2.21 - 0.1 * 0.84}, // [0.8785, -2.294]
    };
    SGD opt = new SGD(List.of(p), 0.1, 0.9, 0.5, false, 0);
    assertTrajectory(trajectory(opt, p, GRADS), expected, dtype);
  }

  @ParameterizedTest
  @EnumSource(names = {"FLOAT32", "FLOAT64"})
  void nesterovStepsAlongGradientPlusMomentumTimesBuffer(DType dtype) {
    Tensor p = param(dtype, 1.0, -2.0);
    // buffers as with plain momentum 0.9: b1 = [0.5, 1.0], b2 = [0.25, 1.3], b3 = [0.325, 0.87]
    // directions d = g + 0.9 b:
    //   d1 = [0.5 + 0.45, 1.0 + 0.9]    = [0.95, 1.9]
    //   d2 = [-0.2 + 0.225, 0.4 + 1.17] = [0.025, 1.57]
    //   d3 = [0.1 + 0.2925, -0.3 + 0.783] = [0.3925, 0.483]
    double[][] expected = {
      {1.0 - 0.1 * 0.95, -2.0 - 0.1 * 1.9}, //         [0.905, -2.19]
      {0.905 - 0.1 * 0.025, -2.19 - 0.1 * 1.57}, //    [0.9025, -2.347]
      {0.9025 - 0.1 * 0.3925, -2.347 - 0.1 * 0.483}, // [0.86325, -2.3953]
    };
    SGD opt = new SGD(List.of(p), 0.1, 0.9, 0, true, 0);
    assertTrajectory(trajectory(opt, p, GRADS), expected, dtype);
  }

  @ParameterizedTest
  @EnumSource(names = {"FLOAT32", "FLOAT64"})
  void weightDecayAddsTheParameterToTheGradient(DType dtype) {
    Tensor p = param(dtype, 1.0, -2.0);
    // weight decay 0.1: d = g + 0.1 p
    //   d1 = [0.5 + 0.1, 1.0 - 0.2]           = [0.6, 0.8]        p1 = [0.94, -2.08]
    //   d2 = [-0.2 + 0.094, 0.4 - 0.208]      = [-0.106, 0.192]   p2 = [0.9506, -2.0992]
    //   d3 = [0.1 + 0.09506, -0.3 - 0.20992]  = [0.19506, -0.50992]
    double[][] expected = {
      {1.0 - 0.1 * 0.6, -2.0 - 0.1 * 0.8}, //                [0.94, -2.08]
      {0.94 + 0.1 * 0.106, -2.08 - 0.1 * 0.192}, //          [0.9506, -2.0992]
      {0.9506 - 0.1 * 0.19506, -2.0992 + 0.1 * 0.50992}, //  [0.931094, -2.048208]
    };
    SGD opt = new SGD(List.of(p), 0.1, 0, 0, false, 0.1);
    assertTrajectory(trajectory(opt, p, GRADS), expected, dtype);
  }

  @ParameterizedTest
  @EnumSource(names = {"FLOAT32", "FLOAT64"})
  void weightDecayEntersTheMomentumBuffer(DType dtype) {
    Tensor p = param(dtype, 1.0, -2.0);
    // weight decay 0.1 then momentum 0.9:
    //   d1 = [0.6, 0.8];  b1 = d1                                  p1 = [0.94, -2.08]
    //   d2 = [-0.2 + 0.094, 0.4 - 0.208] = [-0.106, 0.192]
    //   b2 = [0.54 - 0.106, 0.72 + 0.192] = [0.434, 0.912]         p2 = [0.8966, -2.1712]
    //   d3 = [0.1 + 0.08966, -0.3 - 0.21712] = [0.18966, -0.51712]
    //   b3 = [0.3906 + 0.18966, 0.8208 - 0.51712] = [0.58026, 0.30368]
    double[][] expected = {
      {1.0 - 0.1 * 0.6, -2.0 - 0.1 * 0.8}, //                  [0.94, -2.08]
      {0.94 - 0.1 * 0.434, -2.08 - 0.1 * 0.912}, //            [0.8966, -2.1712]
      {0.8966 - 0.1 * 0.58026, -2.1712 - 0.1 * 0.30368}, //    [0.838574, -2.201568]
    };
    SGD opt = new SGD(List.of(p), 0.1, 0.9, 0, false, 0.1);
    assertTrajectory(trajectory(opt, p, GRADS), expected, dtype);
  }
}
