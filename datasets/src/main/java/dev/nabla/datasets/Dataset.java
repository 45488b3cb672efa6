package dev.nabla.datasets;

import dev.nabla.core.Tensor;
import java.util.Arrays;

/**
 * A finite, indexed collection of examples, like PyTorch's map-style {@code Dataset}: {@link
 * #size()} examples, example {@code i} as tensors by {@link #get(int)}, and a batch of them by
 * {@link #batch(int[])}. A {@link DataLoader} turns a dataset into batches for training.
 *
 * <p>Implementations must be safe to call from a second thread (the loader's prefetch thread) while
 * the training thread works; datasets that only read immutable arrays are.
 */
public interface Dataset {
  /** The number of examples. */
  int size();

  /** Example {@code i}, {@code 0 <= i < size()}, without a batch dimension. */
  Example get(int i);

  /**
   * The examples at {@code indices}, collated into tensors with a leading batch dimension of {@code
   * indices.length}. This default stacks {@link #get(int)}'s tensors with {@link Tensor#stack};
   * array-backed datasets ({@link TensorDataset}) override it with a direct copy.
   */
  default Example batch(int[] indices) {
    if (indices == null || indices.length == 0) {
      throw new IllegalArgumentException(
          "Dataset.batch: expected at least one index, got " + Arrays.toString(indices));
    }
    Tensor[] inputs = new Tensor[indices.length];
    Tensor[] targets = new Tensor[indices.length];
    for (int k = 0; k < indices.length; k++) {
      Example e = get(indices[k]);
      inputs[k] = e.input();
      targets[k] = e.target();
    }
    return new Example(Tensor.stack(0, inputs), Tensor.stack(0, targets));
  }

  /**
   * The examples {@code from} (inclusive) to {@code to} (exclusive) as a dataset of their own that
   * shares this one's data, e.g. {@code mnist.subset(0, 1000)} for the first 1000 images.
   */
  default Dataset subset(int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IllegalArgumentException(
          "Dataset.subset: expected 0 <= from <= to <= "
              + size()
              + ", got from="
              + from
              + ", to="
              + to);
    }
    int[] indices = new int[to - from];
    Arrays.setAll(indices, k -> from + k);
    return new Subset(this, indices);
  }
}
