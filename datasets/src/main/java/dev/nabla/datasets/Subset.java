package dev.nabla.datasets;

import java.util.Arrays;

/**
 * The examples of another dataset at given indices, in that order (PyTorch's {@code Subset}).
 * Batches are still collated by the parent's {@link Dataset#batch}, so its fast path is kept.
 */
public final class Subset implements Dataset {
  private final Dataset parent;
  private final int[] indices;

  /** A view of {@code parent}'s examples at {@code indices} (copied), each in {@code [0, size)}. */
  public Subset(Dataset parent, int[] indices) {
    if (parent == null || indices == null) {
      throw new IllegalArgumentException(
          "Subset: parent and indices must not be null, got parent="
              + parent
              + ", indices="
              + Arrays.toString(indices));
    }
    int n = parent.size();
    for (int k = 0; k < indices.length; k++) {
      if (indices[k] < 0 || indices[k] >= n) {
        throw new IllegalArgumentException(
            "Subset: index "
                + indices[k]
                + " at position "
                + k
                + " is out of range [0, "
                + n
                + ")");
      }
    }
    this.parent = parent;
    this.indices = indices.clone();
  }

  /** The dataset this one selects from. */
  public Dataset parent() {
    return parent;
  }

  @Override
  public int size() {
    return indices.length;
  }

  @Override
  public Example get(int i) {
    return parent.get(indices[checkIndex("Subset.get", i)]);
  }

  @Override
  public Example batch(int[] batchIndices) {
    if (batchIndices == null || batchIndices.length == 0) {
      throw new IllegalArgumentException(
          "Subset.batch: expected at least one index, got " + Arrays.toString(batchIndices));
    }
    int[] mapped = new int[batchIndices.length];
    for (int k = 0; k < mapped.length; k++) {
      mapped[k] = indices[checkIndex("Subset.batch", batchIndices[k])];
    }
    return parent.batch(mapped);
  }

  private int checkIndex(String method, int i) {
    if (i < 0 || i >= indices.length) {
      throw new IndexOutOfBoundsException(
          method + ": index " + i + " is out of range [0, " + indices.length + ")");
    }
    return i;
  }

  @Override
  public String toString() {
    return "Subset[" + indices.length + " of " + parent + "]";
  }
}
