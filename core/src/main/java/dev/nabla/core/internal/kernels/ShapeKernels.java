package dev.nabla.core.internal.kernels;

/**
 * Reductions and data movement over raw arrays. Arrays are {@code float[]}, {@code double[]} or
 * {@code int[]}; where a method takes several value arrays they are all of one type. Every array
 * holds a contiguous row-major tensor. Callers validate shapes, axes and indices first: kernels
 * assume consistent arguments.
 */
public interface ShapeKernels {
  /**
   * Writes {@code src} (shape {@code srcShape}, which broadcasts to {@code dstShape}) repeated into
   * {@code dst} (shape {@code dstShape}).
   */
  void broadcastTo(Object src, int[] srcShape, Object dst, int[] dstShape);

  /**
   * Sums {@code src} (shape {@code srcShape}) into {@code dst} (shape {@code dstShape}, which
   * broadcasts to {@code srcShape}), overwriting it. FLOAT32 sums accumulate in double.
   */
  void sumTo(Object src, int[] srcShape, Object dst, int[] dstShape);

  /**
   * Sums {@code src} (shape {@code shape}) over {@code axes} (sorted, distinct, possibly empty)
   * into {@code dst}, which holds the remaining dimensions in order (with or without the reduced
   * ones kept as size 1: the layout is the same). FLOAT32 sums accumulate in double, FLOAT64
   * contiguous runs are summed pairwise, INT32 sums accumulate in 64 bits and throw an {@link
   * ArithmeticException} (naming the output index and the sum) when a result is outside INT32's
   * range, instead of wrapping around.
   */
  void sum(Object src, int[] shape, int[] axes, Object dst);

  /**
   * The maximum of {@code src} (shape {@code shape}) over {@code axes} into {@code dst}, laid out
   * as for {@link #sum}. A NaN anywhere in a reduced group makes that group's maximum NaN. Every
   * reduced group must be non-empty.
   */
  default void max(Object src, int[] shape, int[] axes, Object dst) {
    extremum(false, src, shape, axes, dst);
  }

  /**
   * {@link #max} with {@code min} false; with {@code min} true the minimum instead, laid out and
   * NaN-propagating the same way. {@link #maxBackward} is the gradient of both.
   */
  void extremum(boolean min, Object src, int[] shape, int[] axes, Object dst);

  /**
   * The gradient of {@link #max} (and of the minimum of {@link #extremum}): {@code dx} (shape
   * {@code shape}, zeroed by the caller) gets {@code grad[g] / ties[g]} at every element of {@code
   * x} equal to its group's maximum (or minimum) {@code max[g]} (NaN counting as equal to a NaN
   * maximum), where {@code ties[g]} is how many elements of group {@code g} are equal to it.
   * Floating-point arrays only.
   */
  void maxBackward(Object x, int[] shape, int[] axes, Object max, Object grad, Object dx);

  /**
   * For {@code src} viewed as {@code [outer, n, inner]} with {@code n >= 1}, writes into {@code
   * dst[o * inner + i]} the index {@code k} of the first maximum of {@code src[o][k][i]} over
   * {@code k}; the first NaN counts as the maximum.
   */
  default void argmax(Object src, int outer, int n, int inner, int[] dst) {
    argExtremum(false, src, outer, n, inner, dst);
  }

  /**
   * {@link #argmax} with {@code min} false; with {@code min} true the index of the first minimum
   * instead (the first NaN still counts as the extremum, as in {@code torch.argmin}).
   */
  void argExtremum(boolean min, Object src, int outer, int n, int inner, int[] dst);

  /**
   * Writes {@code src} (shape {@code srcShape}) with its axes reordered into {@code dst}: output
   * axis {@code i} is input axis {@code axes[i]}, a permutation of {@code 0..rank-1}.
   */
  void permute(Object src, int[] srcShape, int[] axes, Object dst);

  /**
   * For {@code src} viewed as {@code [outer, srcLen, inner]}, writes its rows {@code start, start +
   * step, ...} ({@code count} of them, all in range, {@code step >= 1}) into {@code dst}, viewed as
   * {@code [outer, count, inner]}.
   */
  void slice(
      Object src, int outer, int srcLen, int inner, int start, int step, int count, Object dst);

  /**
   * The reverse of {@link #slice}: writes {@code src}, viewed as {@code [outer, count, inner]},
   * into rows {@code start, start + step, ...} of {@code dst}, viewed as {@code [outer, dstLen,
   * inner]}; other rows of {@code dst} are left as they are.
   */
  void unslice(
      Object src, int outer, int count, int inner, int start, int step, int dstLen, Object dst);

  /**
   * Joins {@code srcs[j]}, each viewed as {@code [outer, lengths[j], inner]}, along the middle
   * dimension into {@code dst}, viewed as {@code [outer, sum(lengths), inner]}.
   */
  void concat(Object[] srcs, int[] lengths, int outer, int inner, Object dst);

  /**
   * The flat position of the first {@code index} value outside {@code [0, bound)}, or -1 when every
   * value is in range.
   */
  int firstOutOfRange(int[] index, int bound);

  /**
   * {@code torch.gather} along {@code axis}: {@code dst} has shape {@code indexShape} and {@code
   * dst[..., j, ...] = src[..., index[..., j, ...], ...]}, where {@code indexShape} has the rank of
   * {@code srcShape}, fits inside it on every other axis, and every index is in range.
   */
  void gather(Object src, int[] srcShape, int axis, int[] index, int[] indexShape, Object dst);

  /**
   * The reverse of {@link #gather}: adds each element of {@code src} (shape {@code indexShape})
   * into {@code dst} (shape {@code dstShape}) at the position {@link #gather} read it from;
   * repeated indices accumulate. Floating-point arrays only.
   */
  void scatterAdd(Object src, int[] indexShape, int axis, int[] index, Object dst, int[] dstShape);

  /**
   * For {@code src} viewed as {@code [outer, n, inner]}, the cumulative sum along the middle axis
   * into {@code dst} (same layout): {@code dst[o][k][i] = sum of src[o][j][i]} over {@code j <= k},
   * or with {@code reverse} over {@code j >= k} (the gradient of the forward sum). FLOAT32 sums
   * accumulate in double. Floating-point arrays only.
   */
  void cumsum(Object src, Object dst, int outer, int n, int inner, boolean reverse);

  /**
   * {@code torch.triu} ({@code upper}) or {@code torch.tril} of {@code batch} row-major {@code rows
   * x cols} matrices: copies element (i, j) of {@code src} into {@code dst}, which the caller has
   * zeroed, where {@code j - i >= diagonal} (upper) or {@code j - i <= diagonal} (lower).
   */
  void triangle(Object src, int batch, int rows, int cols, int diagonal, boolean upper, Object dst);

  /**
   * For {@code src} viewed as {@code [outer, n, inner]} and {@code 0 <= k <= n}, writes into {@code
   * dst} ({@code [outer, k, inner]}) the positions along the middle axis of the k largest ({@code
   * largest}) or smallest values, in that order; ties come lowest position first and NaN ranks
   * above every number. Floating-point arrays only.
   */
  void topk(Object src, int outer, int n, int inner, int k, boolean largest, int[] dst);

  /**
   * {@code torch.index_select}: for {@code src} viewed as {@code [outer, n, inner]}, writes row
   * {@code index[j]} of each outer block into row {@code j} of {@code dst}, viewed as {@code
   * [outer, index.length, inner]}; every index is in {@code [0, n)}. Any array type.
   */
  void indexSelect(Object src, int outer, int n, int inner, int[] index, Object dst);

  /**
   * The reverse of {@link #indexSelect}: adds row {@code j} of {@code src} ({@code [outer,
   * index.length, inner]}) into row {@code index[j]} of {@code dst} ({@code [outer, n, inner]});
   * repeated indices accumulate. Floating-point arrays only.
   */
  void indexAdd(Object src, int outer, int inner, int[] index, Object dst, int n);
}
