package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Init;
import dev.nabla.layers.Sequential;
import dev.nabla.layers.Tanh;
import dev.nabla.losses.MSELoss;
import dev.nabla.optim.SGD;
import org.junit.jupiter.api.Test;

/** The tutorial's XOR network, trained exactly as the tutorial trains it. */
class XorNetworkTest {

  @Test
  void tutorialNetworkLearnsXor() {
    // Dense(2,3), Tanh, Dense(3,1), Tanh; weights and biases U(-0.5, 0.5) as in the tutorial
    Init tutorial = Init.uniform(-0.5, 0.5);
    Sequential net =
        new Sequential(
            new Dense(2, 3, tutorial, 2L), new Tanh(), new Dense(3, 1, tutorial, 102L), new Tanh());
    MSELoss mse = new MSELoss();
    SGD sgd = new SGD(net.parameters(), 0.1);
    float[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    float[] y = {0, 1, 1, 0};

    for (int epoch = 0; epoch < 1000; epoch++) {
      for (int i = 0; i < 4; i++) { // one sample per step
        Tensor out = net.apply(Tensor.of(x[i], 1, 2));
        Tensor loss = mse.apply(out, Tensor.of(new float[] {y[i]}, 1, 1));
        sgd.zeroGrad();
        loss.backward();
        sgd.step();
      }
    }
    try (var _ = Grad.disabled()) {
      float[] predictions =
          net.apply(Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2)).toFloatArray();
      for (int i = 0; i < 4; i++) {
        assertThat((double) predictions[i])
            .as("xor%s", java.util.Arrays.toString(x[i]))
            .isCloseTo(y[i], within(0.1));
      }
    }
  }
}
