package dev.nabla.optim;

import static dev.nabla.optim.OptimTestSupport.GRADS;
import static dev.nabla.optim.OptimTestSupport.assertTrajectory;
import static dev.nabla.optim.OptimTestSupport.param;
import static dev.nabla.optim.OptimTestSupport.setGrad;
import static dev.nabla.optim.OptimTestSupport.trajectory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Adam's and AdamW's first three steps against hand arithmetic from the published algorithm (Kingma
 * and Ba; Loshchilov and Hutter; torch.optim.Adam/AdamW). Every test starts from p = [1.0, -2.0]
 * with the gradients g1 = [0.5, 1.0], g2 = [-0.2, 0.4], g3 = [0.1, -0.3]. The hyper-parameters lr =
 * 0.1, beta1 = 0.5, beta2 = 0.75, eps = 0.1 make every term visible: bias corrections are 1 - 0.5^t
 * = 0.5, 0.75, 0.875 and 1 - 0.75^t = 0.25, 0.4375, 0.578125, and eps is large enough that adding
 * it before or after the square root, or before or after the bias correction, changes the result.
 */
class AdamTest {

  @ParameterizedTest
  @EnumSource(names = {"FLOAT32", "FLOAT64"})
  void adamMatchesTheBiasCorrectedUpdate(DType dtype) {
    Tensor p = param(dtype, 1.0, -2.0);
    // element 0, g = 0.5, -0.2, 0.1
    //   t1: m = 0.5*0.5 = 0.25            v = 0.25*0.25 = 0.0625
    //       mHat = 0.25/0.5 = 0.5         vHat = 0.0625/0.25 = 0.25
    double a1 = 1.0 - 0.1 * 0.5 / (Math.sqrt(0.25) + 0.1); //   1 - 0.05/0.6 = 0.91666...
    //   t2: m = 0.5*0.25 + 0.5*(-0.2) = 0.025    v = 0.75*0.0625 + 0.25*0.04 = 0.056875
    //       mHat = 0.025/0.75 = 0.0333...        vHat = 0.056875/0.4375 = 0.13
    double a2 = a1 - 0.1 * (0.025 / 0.75) / (Math.sqrt(0.13) + 0.1); //  0.90942902...
    //   t3: m = 0.5*0.025 + 0.5*0.1 = 0.0625     v = 0.75*0.056875 + 0.25*0.01 = 0.04515625
    //       mHat = 0.0625/0.875 = 0.0714...      vHat = 0.04515625/0.578125 = 0.07810810...
    double a3 =
        a2 - 0.1 * (0.0625 / 0.875) / (Math.sqrt(0.04515625 / 0.578125) + 0.1); // 0.89060618...

    // element 1, g = 1.0, 0.4, -0.3
    //   t1: m = 0.5, v = 0.25, mHat = 1.0, vHat = 1.0
    double b1 = -2.0 - 0.1 * 1.0 / (Math.sqrt(1.0) + 0.1); //  -2.0909...
    //   t2: m = 0.25 + 0.2 = 0.45, v = 0.1875 + 0.04 = 0.2275, mHat = 0.6, vHat = 0.52
    double b2 = b1 - 0.1 * 0.6 / (Math.sqrt(0.52) + 0.1); //  -2.16398088...
    //   t3: m = 0.225 - 0.15 = 0.075, v = 0.170625 + 0.0225 = 0.193125
    double b3 =
        b2 - 0.1 * (0.075 / 0.875) / (Math.sqrt(0.193125 / 0.578125) + 0.1); // -2.17662359...

    Adam opt = new Adam(List.of(p), 0.1, 0.5, 0.75, 0.1, 0);
    double[][] expected = {{a1, b1}, {a2, b2}, {a3, b3}};
    assertTrajectory(trajectory(opt, p, GRADS), expected, dtype);
  }

  @ParameterizedTest
  @EnumSource(names = {"FLOAT32", "FLOAT64"})
  void adamWeightDecayIsAnL2TermInTheGradient(DType dtype) {
    Tensor p = param(dtype, 1.0, -2.0);
    // weight decay 0.5: the moments see g' = g + 0.5 p
    // element 0
    //   t1: g' = 0.5 + 0.5*1.0 = 1.0; m = 0.5, v = 0.25, mHat = 1, vHat = 1
    double a1 = 1.0 - 0.1 * 1.0 / (1.0 + 0.1); //  0.90909...
    double g2 = -0.2 + 0.5 * a1; //                 0.25454...
    double m2 = 0.5 * 0.5 + 0.5 * g2;
    double v2 = 0.75 * 0.25 + 0.25 * g2 * g2;
    double a2 = a1 - 0.1 * (m2 / 0.75) / (Math.sqrt(v2 / 0.4375) + 0.1); // 0.84479324...
    double g3 = 0.1 + 0.5 * a2;
    double m3 = 0.5 * m2 + 0.5 * g3;
    double v3 = 0.75 * v2 + 0.25 * g3 * g3;
    double a3 = a2 - 0.1 * (m3 / 0.875) / (Math.sqrt(v3 / 0.578125) + 0.1); // 0.77321970...
    // element 1
    //   t1: g' = 1.0 + 0.5*(-2.0) = 0: m = v = 0, so the step is 0 / (0 + eps) = 0
    double b1 = -2.0;
    //   t2: g' = 0.4 + 0.5*(-2.0) = -0.6; m = -0.3, v = 0.25*0.36 = 0.09
    double b2 = b1 - 0.1 * (-0.3 / 0.75) / (Math.sqrt(0.09 / 0.4375) + 0.1); // -1.92774010...
    double h3 = -0.3 + 0.5 * b2;
    double n3 = 0.5 * -0.3 + 0.5 * h3;
    double w3 = 0.75 * 0.09 + 0.25 * h3 * h3;
    double b3 = b2 - 0.1 * (n3 / 0.875) / (Math.sqrt(w3 / 0.578125) + 0.1); // -1.83825222...

    Adam opt = new Adam(List.of(p), 0.1, 0.5, 0.75, 0.1, 0.5);
    double[][] expected = {{a1, b1}, {a2, b2}, {a3, b3}};
    assertTrajectory(trajectory(opt, p, GRADS), expected, dtype);
  }

  @ParameterizedTest
  @EnumSource(names = {"FLOAT32", "FLOAT64"})
  void adamWShrinksTheParameterBeforeTheAdamUpdate(DType dtype) {
    Tensor p = param(dtype, 1.0, -2.0);
    // weight decay 0.5, lr 0.1: each step p = p * (1 - 0.1*0.5) = 0.95 p, then Adam's update with
    // the raw gradient, so the moments are those of adamMatchesTheBiasCorrectedUpdate.
    double a1 = 1.0 * 0.95 - 0.1 * 0.5 / (Math.sqrt(0.25) + 0.1); //  0.86666...
    double a2 = a1 * 0.95 - 0.1 * (0.025 / 0.75) / (Math.sqrt(0.13) + 0.1); // 0.81609569...
    double a3 = a2 * 0.95 - 0.1 * (0.0625 / 0.875) / (Math.sqrt(0.04515625 / 0.578125) + 0.1);
    double b1 = -2.0 * 0.95 - 0.1 * 1.0 / (Math.sqrt(1.0) + 0.1); //  -1.99090...
    double b2 = b1 * 0.95 - 0.1 * 0.6 / (Math.sqrt(0.52) + 0.1); //  -1.96443543...
    double b3 = b2 * 0.95 - 0.1 * (0.075 / 0.875) / (Math.sqrt(0.193125 / 0.578125) + 0.1);

    AdamW opt = new AdamW(List.of(p), 0.1, 0.5, 0.75, 0.1, 0.5);
    double[][] expected = {{a1, b1}, {a2, b2}, {a3, b3}};
    assertTrajectory(trajectory(opt, p, GRADS), expected, dtype);
  }

  @Test
  void defaultsArePyTorchs() {
    Tensor p = param(DType.FLOAT64, 1.0, -2.0);
    Adam adam = new Adam(List.of(p));
    assertThat(adam.learningRate()).isEqualTo(1e-3);
    // first step: mHat = g and vHat = g^2, so p moves by lr * g / (|g| + eps)
    setGrad(p, 0.5, 1.0);
    adam.step();
    assertThat(p.toDoubleArray())
        .containsExactly(
            new double[] {1.0 - 1e-3 * 0.5 / (0.5 + 1e-8), -2.0 - 1e-3 * 1.0 / (1.0 + 1e-8)},
            within(1e-15));
    assertThat(adam.stateDict()).containsKeys("beta1", "beta2", "eps", "weight_decay");
    assertThat(adam.stateDict().get("beta1").item()).isEqualTo(0.9);
    assertThat(adam.stateDict().get("beta2").item()).isEqualTo(0.999);
    assertThat(adam.stateDict().get("eps").item()).isEqualTo(1e-8);
    assertThat(adam.stateDict().get("weight_decay").item()).isEqualTo(0.0);

    Tensor q = param(DType.FLOAT64, 1.0, -2.0);
    AdamW adamW = new AdamW(List.of(q));
    assertThat(adamW.stateDict().get("weight_decay").item()).isEqualTo(1e-2);
    setGrad(q, 0.5, 1.0);
    adamW.step();
    // shrink by 1 - 1e-3 * 1e-2 first
    assertThat(q.toDoubleArray())
        .containsExactly(
            new double[] {
              1.0 * (1 - 1e-5) - 1e-3 * 0.5 / (0.5 + 1e-8),
              -2.0 * (1 - 1e-5) - 1e-3 * 1.0 / (1.0 + 1e-8)
            },
            within(1e-15));
  }

  @Test
  void adamWIsAnAdamWithDecoupledDecayInItsState() {
    AdamW opt = new AdamW(List.of(param(DType.FLOAT32, 1.0)), 0.01);
    assertThat(opt).isInstanceOf(Adam.class);
    assertThat(opt.name()).isEqualTo("AdamW");
    assertThat(opt.stateDict().get("decoupled_weight_decay").item()).isEqualTo(1.0);
    assertThat(
            new Adam(List.of(param(DType.FLOAT32, 1.0)))
                .stateDict()
                .get("decoupled_weight_decay")
                .item())
        .isEqualTo(0.0);
  }
}
