package dev.nabla.train;

import dev.nabla.core.Tensor;
import dev.nabla.datasets.TensorDataset;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Dropout;
import dev.nabla.layers.Module;
import dev.nabla.layers.ReLU;
import dev.nabla.layers.Sequential;

/** Test data: two Gaussian blobs in the plane, centred at (-1.5, 0) and (1.5, 0), sigma 0.7. */
final class Blobs {
  private Blobs() {}

  /** {@code n} points, alternately of class 0 and 1, with INT32 labels. */
  static TensorDataset of(int n, long seed) {
    float[] noise = Tensor.randn(seed, n, 2).toFloatArray();
    float[] x = new float[n * 2];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      x[2 * i] = (y[i] == 0 ? -1.5f : 1.5f) + 0.7f * noise[2 * i];
      x[2 * i + 1] = 0.7f * noise[2 * i + 1];
    }
    return new TensorDataset(Tensor.of(x, n, 2), Tensor.of(y, n));
  }

  /** A 2-16-2 MLP. */
  static Module mlp(long seed) {
    return new Sequential(
        new Dense(2, 16, dev.nabla.layers.Init.pytorchDefault(), seed),
        new ReLU(),
        new Dense(16, 2, dev.nabla.layers.Init.pytorchDefault(), seed + 1));
  }

  /** A 2-32-2 MLP with Dropout(0.3) after the hidden layer: training draws random masks. */
  static Module mlpWithDropout(long seed) {
    return new Sequential(
        new Dense(2, 32, dev.nabla.layers.Init.pytorchDefault(), seed),
        new ReLU(),
        new Dropout(0.3, seed + 2),
        new Dense(32, 2, dev.nabla.layers.Init.pytorchDefault(), seed + 1));
  }
}
