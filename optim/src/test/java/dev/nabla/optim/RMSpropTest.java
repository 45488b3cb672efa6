package dev.nabla.optim;

import static dev.nabla.optim.OptimTestSupport.GRADS;
import static dev.nabla.optim.OptimTestSupport.assertTrajectory;
import static dev.nabla.optim.OptimTestSupport.param;
import static dev.nabla.optim.OptimTestSupport.trajectory;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RMSprop's first three steps against hand arithmetic from torch.optim.RMSprop's documented
 * algorithm. Every test starts from p = [1.0, -2.0] with the gradients g1 = [0.5, 1.0], g2 = [-0.2,
 * 0.4], g3 = [0.1, -0.3], lr = 0.1, alpha = 0.5 and eps = 0.1 (large, so that its place shows).
 */
class RMSpropTest {

  @ParameterizedTest
  @EnumSource(names = {"FLOAT32", "FLOAT64"})
  void plainRmspropDividesByTheRootOfTheSquareAverage(DType dtype) {
    Tensor p = param(dtype, 1.0, -2.0);
    // element 0: s1 = 0.5*0.25 = 0.125, s2 = 0.5*0.125 + 0.5*0.04 = 0.0825, s3 = 0.5*0.0825 +
    // 0.5*0.01 = 0.04625
    double a1 = 1.0 - 0.1 * 0.5 / (Math.sqrt(0.125) + 0.1); //     0.88975939...
    double a2 = a1 - 0.1 * -0.2 / (Math.sqrt(0.0825) + 0.1); //     0.94140853...
    double a3 = a2 - 0.1 * 0.1 / (Math.sqrt(0.04625) + 0.1); //     0.90966836...
    // element 1: s1 = 0.5*1 = 0.5, s2 = 0.25 + 0.5*0.16 = 0.33, s3 = 0.165 + 0.5*0.09 = 0.21
    double b1 = -2.0 - 0.1 * 1.0 / (Math.sqrt(0.5) + 0.1); //       -2.12389934...
    double b2 = b1 - 0.1 * 0.4 / (Math.sqrt(0.33) + 0.1); //         -2.18320637...
    double b3 = b2 - 0.1 * -0.3 / (Math.sqrt(0.21) + 0.1); //        -2.12946774...

    RMSprop opt = new RMSprop(List.of(p), 0.1, 0.5, 0.1, 0, false, 0);
    double[][] expected = {{a1, b1}, {a2, b2}, {a3, b3}};
    assertTrajectory(trajectory(opt, p, GRADS), expected, dtype);
  }

  @ParameterizedTest
  @EnumSource(names = {"FLOAT32", "FLOAT64"})
  void centeredRmspropWithMomentumDividesByTheRootOfTheVariance(DType dtype) {
    Tensor p = param(dtype, 1.0, -2.0);
    // centered, momentum 0.9. Element 0:
    //   t1: s = 0.125, a = 0.5*0.5 = 0.25, s - a^2 = 0.0625 -> root 0.25
    //       d = 0.5/(0.25 + 0.1) = 1.428571..., b = d
    double d1 = 0.5 / (0.25 + 0.1);
    double a1 = 1.0 - 0.1 * d1; //                                   0.85714285...
    //   t2: s = 0.0825, a = 0.125 - 0.1 = 0.025, s - a^2 = 0.0825 - 0.000625 = 0.081875
    double d2 = -0.2 / (Math.sqrt(0.081875) + 0.1);
    double a2 = a1 - 0.1 * (0.9 * d1 + d2); //                       0.78036637...
    //   t3: s = 0.04625, a = 0.0125 + 0.05 = 0.0625, s - a^2 = 0.04625 - 0.00390625 = 0.04234375
    double d3 = 0.1 / (Math.sqrt(0.04234375) + 0.1);
    double a3 = a2 - 0.1 * (0.9 * (0.9 * d1 + d2) + d3); //          0.67856385...
    // Element 1:
    //   t1: s = 0.5, a = 0.5, s - a^2 = 0.25 -> root 0.5; e = 1/(0.5 + 0.1) = 1.6666...
    double e1 = 1.0 / (0.5 + 0.1);
    double b1 = -2.0 - 0.1 * e1; //                                  -2.16666...
    //   t2: s = 0.33, a = 0.25 + 0.2 = 0.45, s - a^2 = 0.33 - 0.2025 = 0.1275
    double e2 = 0.4 / (Math.sqrt(0.1275) + 0.1);
    double b2 = b1 - 0.1 * (0.9 * e1 + e2); //                       -2.40418034...
    //   t3: s = 0.21, a = 0.225 - 0.15 = 0.075, s - a^2 = 0.21 - 0.005625 = 0.204375
    double e3 = -0.3 / (Math.sqrt(0.204375) + 0.1);
    double b3 = b2 - 0.1 * (0.9 * (0.9 * e1 + e2) + e3); //          -2.56360255...

    RMSprop opt = new RMSprop(List.of(p), 0.1, 0.5, 0.1, 0.9, true, 0);
    double[][] expected = {{a1, b1}, {a2, b2}, {a3, b3}};
    assertTrajectory(trajectory(opt, p, GRADS), expected, dtype);
  }

  @ParameterizedTest
  @EnumSource(names = {"FLOAT32", "FLOAT64"})
  void weightDecayAddsTheParameterToTheGradient(DType dtype) {
    Tensor p = param(dtype, 1.0, -2.0);
    // weight decay 0.5: g' = g + 0.5 p. Element 0:
    //   t1: g' = 0.5 + 0.5 = 1.0, s = 0.5
    double a1 = 1.0 - 0.1 * 1.0 / (Math.sqrt(0.5) + 0.1); //         0.87610065...
    double g2 = -0.2 + 0.5 * a1;
    double s2 = 0.5 * 0.5 + 0.5 * g2 * g2;
    double a2 = a1 - 0.1 * g2 / (Math.sqrt(s2) + 0.1); //            0.83816880...
    double g3 = 0.1 + 0.5 * a2;
    double s3 = 0.5 * s2 + 0.5 * g3 * g3;
    double a3 = a2 - 0.1 * g3 / (Math.sqrt(s3) + 0.1); //            0.75489495...
    // Element 1: t1: g' = 1.0 - 1.0 = 0, s = 0, step 0/(0 + 0.1) = 0
    double b1 = -2.0;
    //   t2: g' = 0.4 - 1.0 = -0.6, s = 0.5*0.36 = 0.18
    double b2 = b1 - 0.1 * -0.6 / (Math.sqrt(0.18) + 0.1); //        -1.88555385...
    double h3 = -0.3 + 0.5 * b2;
    double w3 = 0.5 * 0.18 + 0.5 * h3 * h3;
    double b3 = b2 - 0.1 * h3 / (Math.sqrt(w3) + 0.1); //            -1.76472847...

    RMSprop opt = new RMSprop(List.of(p), 0.1, 0.5, 0.1, 0, false, 0.5);
    double[][] expected = {{a1, b1}, {a2, b2}, {a3, b3}};
    assertTrajectory(trajectory(opt, p, GRADS), expected, dtype);
  }

  @Test
  void stateHoldsOnlyTheBuffersTheOptionsNeed() {
    Tensor p = param(DType.FLOAT32, 1.0);
    assertThat(new RMSprop(List.of(p)).stateDict())
        .containsKey("0.square_avg")
        .doesNotContainKeys("0.momentum_buffer", "0.grad_avg");
    assertThat(new RMSprop(List.of(p), 0.01, 0.99, 1e-8, 0.9, true, 0).stateDict())
        .containsKeys("0.square_avg", "0.momentum_buffer", "0.grad_avg");
    RMSprop defaults = new RMSprop(List.of(p));
    assertThat(defaults.learningRate()).isEqualTo(1e-2);
    assertThat(defaults.stateDict().get("alpha").item()).isEqualTo(0.99);
    assertThat(defaults.stateDict().get("eps").item()).isEqualTo(1e-8);
    assertThat(defaults.stateDict().get("momentum").item()).isEqualTo(0.0);
    assertThat(defaults.stateDict().get("centered").item()).isEqualTo(0.0);
  }
}
