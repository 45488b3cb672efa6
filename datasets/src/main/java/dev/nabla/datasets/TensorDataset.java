package dev.nabla.datasets;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Arrays;

/**
 * A dataset held in two tensors whose first dimension counts the examples (PyTorch's {@code
 * TensorDataset}): example {@code i} is row {@code i} of each. {@link #batch(int[])} copies the
 * selected rows straight into one new array per tensor, which collates an MNIST batch of 128 in
 * microseconds. The tensors' storage is read, not copied: changing them changes the dataset.
 */
public final class TensorDataset implements Dataset {
  private final Tensor inputs;
  private final Tensor targets;
  private final int n;

  /**
   * A dataset of {@code inputs.dim(0)} examples; {@code inputs} and {@code targets} (any dtype,
   * rank at least 1) must agree on their first dimension.
   */
  public TensorDataset(Tensor inputs, Tensor targets) {
    if (inputs == null || targets == null) {
      throw new IllegalArgumentException(
          "TensorDataset: inputs and targets must not be null, got inputs="
              + inputs
              + ", targets="
              + targets);
    }
    if (inputs.rank() == 0 || targets.rank() == 0) {
      throw new IllegalArgumentException(
          "TensorDataset: inputs and targets need a leading example dimension, got shapes "
              + Arrays.toString(inputs.shape())
              + " and "
              + Arrays.toString(targets.shape()));
    }
    if (inputs.dim(0) != targets.dim(0)) {
      throw new IllegalArgumentException(
          "TensorDataset: inputs hold "
              + inputs.dim(0)
              + " examples but targets hold "
              + targets.dim(0)
              + " (shapes "
              + Arrays.toString(inputs.shape())
              + " and "
              + Arrays.toString(targets.shape())
              + ")");
    }
    this.inputs = inputs;
    this.targets = targets;
    this.n = inputs.dim(0);
  }

  /** All inputs, {@code [size, ...]} (the live tensor, not a copy). */
  public Tensor inputs() {
    return inputs;
  }

  /** All targets, {@code [size, ...]} (the live tensor, not a copy). */
  public Tensor targets() {
    return targets;
  }

  @Override
  public int size() {
    return n;
  }

  @Override
  public Example get(int i) {
    if (i < 0 || i >= n) {
      throw new IndexOutOfBoundsException(
          "TensorDataset.get: index " + i + " is out of range [0, " + n + ")");
    }
    int[] one = {i};
    return new Example(rows(inputs, one, false), rows(targets, one, false));
  }

  @Override
  public Example batch(int[] indices) {
    if (indices == null || indices.length == 0) {
      throw new IllegalArgumentException(
          "TensorDataset.batch: expected at least one index, got " + Arrays.toString(indices));
    }
    for (int k = 0; k < indices.length; k++) {
      if (indices[k] < 0 || indices[k] >= n) {
        throw new IndexOutOfBoundsException(
            "TensorDataset.batch: index "
                + indices[k]
                + " at position "
                + k
                + " is out of range [0, "
                + n
                + ")");
      }
    }
    return new Example(rows(inputs, indices, true), rows(targets, indices, true));
  }

  /** Copies the given rows of {@code t} into a new tensor, with or without the batch dimension. */
  private static Tensor rows(Tensor t, int[] indices, boolean keepBatchDim) {
    int[] shape = t.shape();
    int rowSize = t.dim(0) == 0 ? 0 : t.size() / t.dim(0);
    int[] outShape;
    if (keepBatchDim) {
      outShape = shape.clone();
      outShape[0] = indices.length;
    } else {
      outShape = Arrays.copyOfRange(shape, 1, shape.length);
    }
    DType dtype = t.dtype();
    Tensor out = Tensor.zeros(dtype, outShape);
    // One switch per batch, then plain System.arraycopy per row.
    Object src =
        switch (dtype) {
          case FLOAT32 -> t.floatStorage();
          case FLOAT64 -> t.doubleStorage();
          case INT32 -> t.intStorage();
          case INT64 -> t.longStorage();
          case BOOL -> t.boolStorage();
        };
    Object dst =
        switch (dtype) {
          case FLOAT32 -> out.floatStorage();
          case FLOAT64 -> out.doubleStorage();
          case INT32 -> out.intStorage();
          case INT64 -> out.longStorage();
          case BOOL -> out.boolStorage();
        };
    for (int k = 0; k < indices.length; k++) {
      System.arraycopy(src, indices[k] * rowSize, dst, k * rowSize, rowSize);
    }
    return out;
  }

  @Override
  public String toString() {
    return "TensorDataset["
        + n
        + " examples, inputs "
        + inputs.dtype()
        + " "
        + Arrays.toString(inputs.shape())
        + ", targets "
        + targets.dtype()
        + " "
        + Arrays.toString(targets.shape())
        + "]";
  }
}
