package dev.nabla.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import dev.nabla.layers.Dense;
import dev.nabla.layers.ReLU;
import dev.nabla.layers.Sequential;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A two-layer MLP on a synthetic two-class problem that no linear model separates: points inside
 * the circle of radius 1 are class 0, points in the ring 1.4 to 2.4 are class 1.
 */
class TwoClassMlpTest {

  @ParameterizedTest
  @ValueSource(strings = {"sgd-momentum", "adam"})
  void mlpSeparatesRingFromDisc(String optimizerName) {
    int n = 512;
    Tensor[] train = rings(n, 7L);
    Tensor[] test = rings(n, 8L);
    Sequential model =
        new Sequential(
            new Dense(
                2,
                32,
                true,
                dev.nabla.layers.Init.pytorchDefault(),
                dev.nabla.layers.Init.pytorchDefault(),
                3L),
            new ReLU(),
            new Dense(32, 2));
    Function<java.util.List<Tensor>, Optimizer> make =
        optimizerName.equals("adam") ? p -> new Adam(p, 0.01) : p -> new SGD(p, 0.05, 0.9);
    Optimizer opt = make.apply(model.parameters());
    CrossEntropyLoss ce = new CrossEntropyLoss();
    int batch = 32;
    for (int epoch = 0; epoch < 60; epoch++) {
      for (int b = 0; b < n; b += batch) {
        Tensor xb = train[0].slice(0, b, b + batch);
        Tensor yb = train[1].slice(0, b, b + batch);
        opt.zeroGrad();
        ce.apply(model.apply(xb), yb).backward();
        opt.step();
      }
    }
    try (var _ = Grad.disabled()) {
      Tensor predicted = model.apply(test[0]).argmax(1);
      double accuracy = predicted.eq(test[1]).sum().item() / n;
      assertThat(accuracy).as("test accuracy with %s", optimizerName).isGreaterThanOrEqualTo(0.95);
    }
  }

  private static Tensor[] rings(int n, long seed) {
    Tensor u = Tensor.rand(seed, n, 2);
    float[] r = u.toFloatArray();
    float[] x = new float[2 * n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      double radius = y[i] == 0 ? r[2 * i] : 1.4 + r[2 * i];
      double angle = 2 * Math.PI * r[2 * i + 1];
      x[2 * i] = (float) (radius * Math.cos(angle));
      x[2 * i + 1] = (float) (radius * Math.sin(angle));
    }
    return new Tensor[] {Tensor.of(x, n, 2), Tensor.of(y, n)};
  }
}
