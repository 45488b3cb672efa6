package dev.nabla.core.internal.kernels;

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
 * {@link IntCompareLoops}, and {@link IntLoops}.
 */
public class PlainElementwiseKernels implements ElementwiseKernels {

  // ---------------------------------------------------------------- broadcasting

  @Override
  public void binary(
      Binary op, float[] a, int[] aShape, float[] b, int[] bShape, float[] out, int[] outShape) {
    FloatLoops.binary(op, a, aShape, b, bShape, out, outShape);
  }

  @Override
  public void binary(
      Binary op, double[] a, int[] aShape, double[] b, int[] bShape, double[] out, int[] outShape) {
    DoubleLoops.binary(op, a, aShape, b, bShape, out, outShape);
  }

  @Override
  public void binary(
      Binary op, int[] a, int[] aShape, int[] b, int[] bShape, int[] out, int[] outShape) {
    IntLoops.binary(op, a, aShape, b, bShape, out, outShape);
  }

  @Override
  public void compare(
      Comparison op, float[] a, int[] aShape, float[] b, int[] bShape, int[] out, int[] outShape) {
    FloatCompareLoops.compare(op, a, aShape, b, bShape, out, outShape);
  }

  @Override
  public void compare(
      Comparison op,
      double[] a,
      int[] aShape,
      double[] b,
      int[] bShape,
      int[] out,
      int[] outShape) {
    DoubleCompareLoops.compare(op, a, aShape, b, bShape, out, outShape);
  }

  @Override
  public void compare(
      Comparison op, int[] a, int[] aShape, int[] b, int[] bShape, int[] out, int[] outShape) {
    IntCompareLoops.compare(op, a, aShape, b, bShape, out, outShape);
  }

  // ---------------------------------------------------------------- same shape

  @Override
  public void unary(Unary op, float[] x, float[] out, int off, int len) {
    FloatLoops.unary(op, x, out, off, len);
  }

  @Override
  public void unary(Unary op, double[] x, double[] out, int off, int len) {
    DoubleLoops.unary(op, x, out, off, len);
  }

  @Override
  public void unary(Unary op, int[] x, int[] out, int off, int len) {
    IntLoops.unary(op, x, out, off, len);
  }

  @Override
  public void leakyRelu(float[] x, float slope, float[] out, int off, int len) {
    FloatLoops.leakyRelu(x, slope, out, off, len);
  }

  @Override
  public void leakyRelu(double[] x, double slope, double[] out, int off, int len) {
    DoubleLoops.leakyRelu(x, slope, out, off, len);
  }

  @Override
  public void unaryBackward(
      UnaryGrad op, float[] grad, float[] saved, float[] out, int off, int len) {
    FloatLoops.unaryBackward(op, grad, saved, out, off, len);
  }

  @Override
  public void unaryBackward(
      UnaryGrad op, double[] grad, double[] saved, double[] out, int off, int len) {
    DoubleLoops.unaryBackward(op, grad, saved, out, off, len);
  }

  @Override
  public void leakyReluBackward(
      float[] grad, float[] x, float slope, float[] out, int off, int len) {
    FloatLoops.leakyReluBackward(grad, x, slope, out, off, len);
  }

  @Override
  public void leakyReluBackward(
      double[] grad, double[] x, double slope, double[] out, int off, int len) {
    DoubleLoops.leakyReluBackward(grad, x, slope, out, off, len);
  }

  @Override
  public void extremumBackward(
      boolean max,
      float[] grad,
      float[] a,
      float[] b,
      float[] gradA,
      float[] gradB,
      int off,
      int len) {
    FloatLoops.extremumBackward(max, grad, a, b, gradA, gradB, off, len);
  }

  @Override
  public void extremumBackward(
      boolean max,
      double[] grad,
      double[] a,
      double[] b,
      double[] gradA,
      double[] gradB,
      int off,
      int len) {
    DoubleLoops.extremumBackward(max, grad, a, b, gradA, gradB, off, len);
  }

  // ---------------------------------------------------------------- conversions

  @Override
  public void cast(float[] src, double[] dst, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      dst[i] = src[i];
    }
  }

  @Override
  public void cast(double[] src, float[] dst, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      dst[i] = (float) src[i];
    }
  }

  @Override
  public void cast(int[] src, float[] dst, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      dst[i] = src[i];
    }
  }

  @Override
  public void cast(int[] src, double[] dst, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      dst[i] = src[i];
    }
  }

  @Override
  public void cast(float[] src, int[] dst, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      dst[i] = (int) src[i];
    }
  }

  @Override
  public void cast(double[] src, int[] dst, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      dst[i] = (int) src[i];
    }
  }
}
