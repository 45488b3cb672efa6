package dev.nabla.examples;

import dev.nabla.layers.Conv2d;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Dropout;
import dev.nabla.layers.Flatten;
import dev.nabla.layers.Init;
import dev.nabla.layers.MaxPool2d;
import dev.nabla.layers.ReLU;
import dev.nabla.layers.Sequential;
import dev.nabla.layers.Tanh;

/** The networks the MNIST examples train. */
final class MnistModels {
  private MnistModels() {}

  /** The tutorial's 784-100-50-10 tanh network, initialised U(-0.5, 0.5) as the tutorial does. */
  static Sequential tutorial(long seed) {
    Init u = Init.uniform(-0.5, 0.5);
    return new Sequential(
        new Dense(784, 100, u, seed), new Tanh(),
        new Dense(100, 50, u, seed + 1), new Tanh(),
        new Dense(50, 10, u, seed + 2), new Tanh());
  }

  /** A modern MLP: 784-256-128-10 with ReLU, for cross-entropy on logits. */
  static Sequential mlp(long seed) {
    return new Sequential(
        new Dense(784, 256, true, Init.pytorchDefault(), Init.pytorchDefault(), seed),
        new ReLU(),
        new Dense(256, 128, true, Init.pytorchDefault(), Init.pytorchDefault(), seed + 1),
        new ReLU(),
        new Dense(128, 10, true, Init.pytorchDefault(), Init.pytorchDefault(), seed + 2));
  }

  /**
   * The Keras simple MNIST convnet: conv 3x3 (32), pool, conv 3x3 (64), pool, dropout 0.5, dense
   * 10.
   */
  static Sequential cnn(long seed) {
    return new Sequential(
        new Conv2d(1, 32, 3, 1, 0, true, Init.pytorchDefault(), Init.pytorchDefault(), seed),
        new ReLU(),
        new MaxPool2d(2),
        new Conv2d(32, 64, 3, 1, 0, true, Init.pytorchDefault(), Init.pytorchDefault(), seed + 1),
        new ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Dropout(0.5, seed + 2),
        new Dense(1600, 10, true, Init.pytorchDefault(), Init.pytorchDefault(), seed + 3));
  }
}
