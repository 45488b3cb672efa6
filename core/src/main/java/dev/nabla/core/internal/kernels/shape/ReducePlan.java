package dev.nabla.core.internal.kernels.shape;

import dev.nabla.core.internal.kernels.Kernels;
import java.util.Arrays;

/**
 * How the reductions ({@link SumLoops}, {@link MaxLoops}) walk a tensor: its shape with size-1
 * dimensions dropped and adjacent dimensions that are both reduced or both kept merged, so {@code
 * sum(axes = {1, 2})} of {@code [a, b, c, d]} is one pass over {@code [a, b*c, d]}. Each remaining
 * reduced group is then one pass over an {@code [outer, n, inner]} view, innermost first.
 *
 * @param dims the merged dimensions (at least one)
 * @param reduced whether each merged dimension is reduced
 */
public record ReducePlan(int[] dims, boolean[] reduced) {

  public static ReducePlan of(int[] shape, int[] axes) {
    boolean[] isReduced = new boolean[shape.length];
    for (int a : axes) {
      isReduced[a] = true;
    }
    int[] dims = new int[shape.length];
    boolean[] red = new boolean[shape.length];
    int m = 0;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == 1) {
        continue;
      }
      if (m > 0 && red[m - 1] == isReduced[i]) {
        dims[m - 1] *= shape[i];
      } else {
        dims[m] = shape[i];
        red[m++] = isReduced[i];
      }
    }
    if (m == 0) {
      return new ReducePlan(new int[] {1}, new boolean[] {false});
    }
    return new ReducePlan(Arrays.copyOf(dims, m), Arrays.copyOf(red, m));
  }

  /** Strides into the reduced output: 0 on reduced dimensions, row-major over the kept ones. */
  int[] outStrides() {
    int[] s = new int[dims.length];
    int acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      if (!reduced[i]) {
        s[i] = acc;
        acc *= dims[i];
      }
    }
    return s;
  }

  /** The outermost reduced dimension, or -1 when nothing is reduced: the last pass to run. */
  int firstReduced() {
    for (int g = 0; g < reduced.length; g++) {
      if (reduced[g]) {
        return g;
      }
    }
    return -1;
  }

  /** Product of {@code dims[0..end)}: the outer count of a pass over dimension {@code end}. */
  static int prefix(int[] dims, int end) {
    int n = 1;
    for (int i = 0; i < end; i++) {
      n *= dims[i];
    }
    return n;
  }

  /** Product of {@code dims(start..]}: the inner count of a pass over dimension {@code start}. */
  static int suffix(int[] dims, int start) {
    int n = 1;
    for (int i = start + 1; i < dims.length; i++) {
      n *= dims[i];
    }
    return n;
  }

  /** The error of a shape kernel given an array type it has no loop for. */
  static IllegalArgumentException unsupported(String kernel, Object array) {
    return Kernels.unsupported(
        kernel, "a float[], double[], int[], long[] or boolean[] array", array);
  }
}
