package dev.nabla.datasets;

import dev.nabla.core.Tensor;

/**
 * The four XOR samples of the tutorial: inputs {@code [[0,0],[0,1],[1,0],[1,1]]} and targets {@code
 * [[0],[1],[1],[0]]}, FLOAT32, in that order.
 *
 * <pre>{@code
 * Xor xor = new Xor();
 * Tensor x = xor.inputs();    // [4, 2]
 * Tensor y = xor.targets();   // [4, 1]
 * for (Example e : new DataLoader(xor, 1)) { ... }   // one sample per step
 * }</pre>
 */
public final class Xor implements Dataset {
  private final TensorDataset data =
      new TensorDataset(
          Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2),
          Tensor.of(new float[] {0, 1, 1, 0}, 4, 1));

  /** The four samples; every instance holds the same values. */
  public Xor() {}

  /** The four inputs, {@code [4, 2]}. */
  public Tensor inputs() {
    return data.inputs();
  }

  /** The four targets, {@code [4, 1]}. */
  public Tensor targets() {
    return data.targets();
  }

  @Override
  public int size() {
    return data.size();
  }

  @Override
  public Example get(int i) {
    return data.get(i);
  }

  @Override
  public Example batch(int[] indices) {
    return data.batch(indices);
  }

  @Override
  public String toString() {
    return "Xor[4 examples]";
  }
}
