package dev.nabla.core.internal.kernels;

import dev.nabla.core.internal.kernels.elementwise.CastLoops;
import dev.nabla.core.internal.kernels.elementwise.DoubleCompareLoops;
import dev.nabla.core.internal.kernels.elementwise.DoubleLoops;
import dev.nabla.core.internal.kernels.elementwise.FloatCompareLoops;
import dev.nabla.core.internal.kernels.elementwise.FloatLoops;
import dev.nabla.core.internal.kernels.elementwise.GeluLoops;
import dev.nabla.core.internal.kernels.elementwise.IntCompareLoops;
import dev.nabla.core.internal.kernels.elementwise.IntLoops;
import dev.nabla.core.internal.kernels.elementwise.LongCompareLoops;
import dev.nabla.core.internal.kernels.elementwise.LongLoops;
import dev.nabla.core.internal.kernels.elementwise.SelectLoops;

/**
 * Plain-Java elementwise kernels: the reference implementation, and the base class of the Vector
 * API kernels, which override only what they speed up.
 *
 * <p>A broadcasting call takes the first fast path that applies: both operands have the output's
 * size (same shape, up to leading 1s), or one of them is a single element (tensor-op-scalar,
 * scalar-op-tensor). Otherwise {@link BroadcastRows} walks the output row by row and each row runs
 * one of the same three loops at the row's offsets. The loops and that dispatch live in one static
 * class per dtype: {@link FloatLoops} and {@link FloatCompareLoops} (hand-written), their generated
 * FLOAT64 twins {@link DoubleLoops} and {@link DoubleCompareLoops}, the generated INT32 comparisons
 * {@link IntCompareLoops}, and {@link IntLoops}, and their INT64 twins {@link LongLoops} and {@link
 * LongCompareLoops}. BOOL has no arithmetic here (the logical ops are in {@code ops.Logical}).
 */
public class PlainElementwiseKernels implements ElementwiseKernels {
  private static final String ANY = "a float[], double[], int[] or long[] array";
  private static final String FLOATING = "a float[] or double[] array";

  // ---------------------------------------------------------------- broadcasting

  @Override
  public void binary(
      Binary op, Object a, int[] aShape, Object b, int[] bShape, Object out, int[] outShape) {
    switch (a) {
      case float[] x ->
          FloatLoops.binary(op, x, aShape, (float[]) b, bShape, (float[]) out, outShape);
      case double[] x ->
          DoubleLoops.binary(op, x, aShape, (double[]) b, bShape, (double[]) out, outShape);
      case int[] x -> IntLoops.binary(op, x, aShape, (int[]) b, bShape, (int[]) out, outShape);
      case long[] x -> LongLoops.binary(op, x, aShape, (long[]) b, bShape, (long[]) out, outShape);
      default -> throw Kernels.unsupported("binary", ANY, a);
    }
  }

  @Override
  public void compare(
      Comparison op,
      Object a,
      int[] aShape,
      Object b,
      int[] bShape,
      boolean[] out,
      int[] outShape) {
    switch (a) {
      case float[] x ->
          FloatCompareLoops.compare(op, x, aShape, (float[]) b, bShape, out, outShape);
      case double[] x ->
          DoubleCompareLoops.compare(op, x, aShape, (double[]) b, bShape, out, outShape);
      case int[] x -> IntCompareLoops.compare(op, x, aShape, (int[]) b, bShape, out, outShape);
      case long[] x -> LongCompareLoops.compare(op, x, aShape, (long[]) b, bShape, out, outShape);
      default -> throw Kernels.unsupported("compare", ANY, a);
    }
  }

  // ---------------------------------------------------------------- same shape

  @Override
  public void unary(Unary op, Object x, Object out, int off, int len) {
    switch (x) {
      case float[] v -> FloatLoops.unary(op, v, (float[]) out, off, len);
      case double[] v -> DoubleLoops.unary(op, v, (double[]) out, off, len);
      case int[] v -> IntLoops.unary(op, v, (int[]) out, off, len);
      case long[] v -> LongLoops.unary(op, v, (long[]) out, off, len);
      default -> throw Kernels.unsupported("unary", ANY, x);
    }
  }

  @Override
  public void leakyRelu(Object x, double slope, Object out, int off, int len) {
    switch (x) {
      case float[] v -> FloatLoops.leakyRelu(v, (float) slope, (float[]) out, off, len);
      case double[] v -> DoubleLoops.leakyRelu(v, slope, (double[]) out, off, len);
      default -> throw Kernels.unsupported("leakyRelu", FLOATING, x);
    }
  }

  @Override
  public void gelu(Object x, Object out, Object cdf, int off, int len) {
    switch (x) {
      case float[] v -> GeluLoops.gelu(v, (float[]) out, (float[]) cdf, off, len);
      case double[] v -> GeluLoops.gelu(v, (double[]) out, (double[]) cdf, off, len);
      default -> throw Kernels.unsupported("gelu", FLOATING, x);
    }
  }

  @Override
  public void geluBackward(Object grad, Object x, Object cdf, Object out, int off, int len) {
    switch (grad) {
      case float[] g ->
          GeluLoops.geluBackward(g, (float[]) x, (float[]) cdf, (float[]) out, off, len);
      case double[] g ->
          GeluLoops.geluBackward(g, (double[]) x, (double[]) cdf, (double[]) out, off, len);
      default -> throw Kernels.unsupported("geluBackward", FLOATING, grad);
    }
  }

  @Override
  public void unaryBackward(UnaryGrad op, Object grad, Object saved, Object out, int off, int len) {
    switch (grad) {
      case float[] g -> FloatLoops.unaryBackward(op, g, (float[]) saved, (float[]) out, off, len);
      case double[] g ->
          DoubleLoops.unaryBackward(op, g, (double[]) saved, (double[]) out, off, len);
      default -> throw Kernels.unsupported("unaryBackward", FLOATING, grad);
    }
  }

  @Override
  public void leakyReluBackward(Object grad, Object x, double slope, Object out, int off, int len) {
    switch (grad) {
      case float[] g ->
          FloatLoops.leakyReluBackward(g, (float[]) x, (float) slope, (float[]) out, off, len);
      case double[] g ->
          DoubleLoops.leakyReluBackward(g, (double[]) x, slope, (double[]) out, off, len);
      default -> throw Kernels.unsupported("leakyReluBackward", FLOATING, grad);
    }
  }

  @Override
  public void extremumBackward(
      boolean max, Object grad, Object a, Object b, Object gradA, Object gradB, int off, int len) {
    switch (grad) {
      case float[] g ->
          FloatLoops.extremumBackward(
              max, g, (float[]) a, (float[]) b, (float[]) gradA, (float[]) gradB, off, len);
      case double[] g ->
          DoubleLoops.extremumBackward(
              max, g, (double[]) a, (double[]) b, (double[]) gradA, (double[]) gradB, off, len);
      default -> throw Kernels.unsupported("extremumBackward", FLOATING, grad);
    }
  }

  // ---------------------------------------------------------------- conversions

  @Override
  public void select(boolean[] cond, Object a, Object b, Object out, int off, int len) {
    SelectLoops.select(cond, a, b, out, off, len);
  }

  @Override
  public void cast(Object src, Object dst, int off, int len) {
    CastLoops.cast(src, dst, off, len);
  }
}
