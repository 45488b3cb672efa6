package dev.nabla.core.internal.kernels.shape;

import dev.nabla.core.internal.Shapes;

/**
 * The data-movement loops behind {@link PlainShapeKernels}: broadcast, permute, slice, concat.
 * Contiguous runs move with {@link System#arraycopy}, which works on every primitive array type, so
 * most paths need no per-type code; the strided paths switch on the array type once per call, to
 * {@link FloatCopyLoops} or its generated twins.
 */
public final class CopyLoops {
  private CopyLoops() {}

  // ---------------------------------------------------------------- broadcast

  public static void broadcastTo(Object src, int[] srcShape, Object dst, int[] dstShape) {
    int n = Shapes.size(dstShape);
    if (n == 0) {
      return;
    }
    int[] ss = Shapes.broadcastStrides(srcShape, dstShape);
    // k = innermost dimension that repeats: everything after it is one contiguous run of src.
    int k = dstShape.length - 1;
    while (k >= 0 && (ss[k] != 0 || dstShape[k] == 1)) {
      k--;
    }
    if (k < 0) {
      System.arraycopy(src, 0, dst, 0, n);
      return;
    }
    int run = 1;
    for (int i = k + 1; i < dstShape.length; i++) {
      run *= dstShape[i];
    }
    int reps = dstShape[k];
    int block = run * reps;
    int blocks = n / block;
    Odometer w = new Odometer(Odometer.head(dstShape, k), Odometer.head(ss, k));
    if (run == 1) {
      switch (src) {
        case float[] s -> FloatCopyLoops.fillRuns(s, (float[]) dst, blocks, reps, w);
        case double[] s -> DoubleCopyLoops.fillRuns(s, (double[]) dst, blocks, reps, w);
        case int[] s -> IntCopyLoops.fillRuns(s, (int[]) dst, blocks, reps, w);
        case long[] s -> LongCopyLoops.fillRuns(s, (long[]) dst, blocks, reps, w);
        case boolean[] s -> BooleanCopyLoops.fillRuns(s, (boolean[]) dst, blocks, reps, w);
        default -> throw ReducePlan.unsupported("broadcastTo", src);
      }
      return;
    }
    for (int b = 0; b < blocks; b++) {
      int dOff = b * block;
      System.arraycopy(src, w.next(), dst, dOff, run);
      // Replicate the run by doubling what is already written: log2(reps) copies, not reps.
      for (int done = run; done < block; ) {
        int len = Math.min(done, block - done);
        System.arraycopy(dst, dOff, dst, dOff + done, len);
        done += len;
      }
    }
  }

  // ---------------------------------------------------------------- permute

  public static void permute(Object src, int[] shape, int[] axes, Object dst) {
    int n = Shapes.size(shape);
    if (n == 0) {
      return;
    }
    // Drop size-1 axes, then merge output axes that are consecutive input axes: [0, 2, 3, 1] of
    // NCHW becomes [0, 2, 1] of [N, C, H*W]. What is left is an identity, a (batched) 2-d
    // transpose, or a general strided copy.
    int rank = shape.length;
    int[] rankOf = new int[rank];
    int m = 0;
    for (int a = 0; a < rank; a++) {
      rankOf[a] = shape[a] == 1 ? -1 : m++;
    }
    int[] q = new int[m];
    int[] qSize = new int[m];
    for (int i = 0, k = 0; i < rank; i++) {
      if (rankOf[axes[i]] >= 0) {
        qSize[k] = shape[axes[i]];
        q[k++] = rankOf[axes[i]];
      }
    }
    int[] groupFirst = new int[m];
    int[] groupSize = new int[m];
    int groups = 0;
    for (int i = 0; i < m; i++) {
      if (groups > 0 && q[i] == q[i - 1] + 1) {
        groupSize[groups - 1] *= qSize[i];
      } else {
        groupFirst[groups] = q[i];
        groupSize[groups++] = qSize[i];
      }
    }
    if (groups <= 1) {
      System.arraycopy(src, 0, dst, 0, n);
      return;
    }
    // Input shape of the merged groups (ordered by where they start in the input) and the
    // permutation of the merged groups.
    int[] perm = new int[groups];
    int[] inShape = new int[groups];
    for (int g = 0; g < groups; g++) {
      int pos = 0;
      for (int h = 0; h < groups; h++) {
        if (groupFirst[h] < groupFirst[g]) {
          pos++;
        }
      }
      perm[g] = pos;
      inShape[pos] = groupSize[g];
    }
    if (groups == 2) {
      transpose(src, 0, inShape[0], inShape[1], dst, 0);
      return;
    }
    if (groups == 3 && perm[0] == 0 && perm[1] == 2) {
      int rows = inShape[1], cols = inShape[2];
      for (int b = 0, off = 0; b < inShape[0]; b++, off += rows * cols) {
        transpose(src, off, rows, cols, dst, off);
      }
      return;
    }
    int[] inStrides = Shapes.strides(inShape);
    int[] outShape = new int[groups];
    int[] walkStrides = new int[groups];
    for (int g = 0; g < groups; g++) {
      outShape[g] = inShape[perm[g]];
      walkStrides[g] = inStrides[perm[g]];
    }
    int len = outShape[groups - 1];
    int stride = walkStrides[groups - 1];
    Odometer w =
        new Odometer(Odometer.head(outShape, groups - 1), Odometer.head(walkStrides, groups - 1));
    int rows = n / len;
    switch (src) {
      case float[] s -> FloatCopyLoops.walkRows(s, (float[]) dst, rows, len, stride, w);
      case double[] s -> DoubleCopyLoops.walkRows(s, (double[]) dst, rows, len, stride, w);
      case int[] s -> IntCopyLoops.walkRows(s, (int[]) dst, rows, len, stride, w);
      case long[] s -> LongCopyLoops.walkRows(s, (long[]) dst, rows, len, stride, w);
      case boolean[] s -> BooleanCopyLoops.walkRows(s, (boolean[]) dst, rows, len, stride, w);
      default -> throw ReducePlan.unsupported("permute", src);
    }
  }

  /** {@code dst[dOff + c*rows + r] = src[sOff + r*cols + c]}, tile by tile. */
  private static void transpose(Object src, int sOff, int rows, int cols, Object dst, int dOff) {
    switch (src) {
      case float[] s -> FloatCopyLoops.transpose(s, sOff, rows, cols, (float[]) dst, dOff);
      case double[] s -> DoubleCopyLoops.transpose(s, sOff, rows, cols, (double[]) dst, dOff);
      case int[] s -> IntCopyLoops.transpose(s, sOff, rows, cols, (int[]) dst, dOff);
      case long[] s -> LongCopyLoops.transpose(s, sOff, rows, cols, (long[]) dst, dOff);
      case boolean[] s -> BooleanCopyLoops.transpose(s, sOff, rows, cols, (boolean[]) dst, dOff);
      default -> throw ReducePlan.unsupported("permute", src);
    }
  }

  // ---------------------------------------------------------------- slice

  public static void slice(
      Object src, int outer, int srcLen, int inner, int start, int step, int count, Object dst) {
    strided(src, srcLen, start, step, dst, count, 0, 1, outer, count, inner);
  }

  public static void unslice(
      Object src, int outer, int count, int inner, int start, int step, int dstLen, Object dst) {
    strided(src, count, 0, 1, dst, dstLen, start, step, outer, count, inner);
  }

  /**
   * Copies {@code rows} rows of {@code inner} elements per outer block from rows {@code sStart +
   * k*sStep} of {@code src} ({@code sLen} rows per block) to rows {@code dStart + k*dStep} of
   * {@code dst} ({@code dLen} rows per block).
   */
  private static void strided(
      Object src,
      int sLen,
      int sStart,
      int sStep,
      Object dst,
      int dLen,
      int dStart,
      int dStep,
      int outer,
      int rows,
      int inner) {
    if (rows == 0 || inner == 0) {
      return;
    }
    if (sStep == 1 && dStep == 1) {
      for (int o = 0; o < outer; o++) {
        System.arraycopy(
            src, (o * sLen + sStart) * inner, dst, (o * dLen + dStart) * inner, rows * inner);
      }
      return;
    }
    if (inner > 1) {
      for (int o = 0; o < outer; o++) {
        int si = (o * sLen + sStart) * inner, di = (o * dLen + dStart) * inner;
        for (int k = 0; k < rows; k++, si += sStep * inner, di += dStep * inner) {
          System.arraycopy(src, si, dst, di, inner);
        }
      }
      return;
    }
    switch (src) {
      case float[] s ->
          FloatCopyLoops.strided(
              s, sLen, sStart, sStep, (float[]) dst, dLen, dStart, dStep, outer, rows);
      case double[] s ->
          DoubleCopyLoops.strided(
              s, sLen, sStart, sStep, (double[]) dst, dLen, dStart, dStep, outer, rows);
      case int[] s ->
          IntCopyLoops.strided(
              s, sLen, sStart, sStep, (int[]) dst, dLen, dStart, dStep, outer, rows);
      case long[] s ->
          LongCopyLoops.strided(
              s, sLen, sStart, sStep, (long[]) dst, dLen, dStart, dStep, outer, rows);
      case boolean[] s ->
          BooleanCopyLoops.strided(
              s, sLen, sStart, sStep, (boolean[]) dst, dLen, dStart, dStep, outer, rows);
      default -> throw ReducePlan.unsupported("slice or unslice", src);
    }
  }

  // ---------------------------------------------------------------- concat

  public static void concat(Object[] srcs, int[] lengths, int outer, int inner, Object dst) {
    int total = 0;
    for (int len : lengths) {
      total += len;
    }
    for (int j = 0, at = 0; j < srcs.length; at += lengths[j], j++) {
      int run = lengths[j] * inner;
      if (run == 0) {
        continue;
      }
      for (int o = 0; o < outer; o++) {
        System.arraycopy(srcs[j], o * run, dst, (o * total + at) * inner, run);
      }
    }
  }
}
