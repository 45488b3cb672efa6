package dev.nabla.core.internal.kernels;

/**
 * Plain-Java elementwise kernels: the reference implementation.
 *
 * <p>A broadcasting call takes the first fast path that applies: both operands have the output's
 * size (same shape, up to leading 1s), or one of them is a single element (tensor-op-scalar,
 * scalar-op-tensor). Otherwise {@link BroadcastRows} walks the output row by row and each row runs
 * one of the same three loops at the row's offsets. The loops themselves live in {@link
 * FloatLoops}, {@link DoubleLoops}, {@link IntLoops} and {@link CompareLoops}.
 */
public class PlainElementwiseKernels implements ElementwiseKernels {

  // ---------------------------------------------------------------- broadcasting

  @Override
  public void binary(
      Binary op, float[] a, int[] aShape, float[] b, int[] bShape, float[] out, int[] outShape) {
    int n = out.length;
    if (n == 0) {
      return;
    }
    // An operand with as many elements as the output is laid out exactly as the output.
    if (a.length == n && b.length == n) {
      FloatLoops.vv(op, a, 0, b, 0, out, 0, n);
    } else if (a.length == n && b.length == 1) {
      FloatLoops.vs(op, a, 0, b[0], out, 0, n);
    } else if (a.length == 1 && b.length == n) {
      FloatLoops.sv(op, a[0], b, 0, out, 0, n);
    } else {
      BroadcastRows rows = new BroadcastRows(aShape, bShape, outShape);
      int len = rows.length;
      rows.forEach(
          switch (rows.steps) {
            case BOTH -> (ao, bo, oo) -> FloatLoops.vv(op, a, ao, b, bo, out, oo, len);
            case A_ONLY -> (ao, bo, oo) -> FloatLoops.vs(op, a, ao, b[bo], out, oo, len);
            case B_ONLY -> (ao, bo, oo) -> FloatLoops.sv(op, a[ao], b, bo, out, oo, len);
          });
    }
  }

  @Override
  public void binary(
      Binary op, double[] a, int[] aShape, double[] b, int[] bShape, double[] out, int[] outShape) {
    int n = out.length;
    if (n == 0) {
      return;
    }
    if (a.length == n && b.length == n) {
      DoubleLoops.vv(op, a, 0, b, 0, out, 0, n);
    } else if (a.length == n && b.length == 1) {
      DoubleLoops.vs(op, a, 0, b[0], out, 0, n);
    } else if (a.length == 1 && b.length == n) {
      DoubleLoops.sv(op, a[0], b, 0, out, 0, n);
    } else {
      BroadcastRows rows = new BroadcastRows(aShape, bShape, outShape);
      int len = rows.length;
      rows.forEach(
          switch (rows.steps) {
            case BOTH -> (ao, bo, oo) -> DoubleLoops.vv(op, a, ao, b, bo, out, oo, len);
            case A_ONLY -> (ao, bo, oo) -> DoubleLoops.vs(op, a, ao, b[bo], out, oo, len);
            case B_ONLY -> (ao, bo, oo) -> DoubleLoops.sv(op, a[ao], b, bo, out, oo, len);
          });
    }
  }

  @Override
  public void binary(
      Binary op, int[] a, int[] aShape, int[] b, int[] bShape, int[] out, int[] outShape) {
    int n = out.length;
    if (n == 0) {
      return;
    }
    if (a.length == n && b.length == n) {
      IntLoops.vv(op, a, 0, b, 0, out, 0, n);
    } else if (a.length == n && b.length == 1) {
      IntLoops.vs(op, a, 0, b[0], out, 0, n);
    } else if (a.length == 1 && b.length == n) {
      IntLoops.sv(op, a[0], b, 0, out, 0, n);
    } else {
      BroadcastRows rows = new BroadcastRows(aShape, bShape, outShape);
      int len = rows.length;
      rows.forEach(
          switch (rows.steps) {
            case BOTH -> (ao, bo, oo) -> IntLoops.vv(op, a, ao, b, bo, out, oo, len);
            case A_ONLY -> (ao, bo, oo) -> IntLoops.vs(op, a, ao, b[bo], out, oo, len);
            case B_ONLY -> (ao, bo, oo) -> IntLoops.sv(op, a[ao], b, bo, out, oo, len);
          });
    }
  }

  @Override
  public void compare(
      Comparison op, float[] a, int[] aShape, float[] b, int[] bShape, int[] out, int[] outShape) {
    int n = out.length;
    if (n == 0) {
      return;
    }
    Comparison sw = op.swapped();
    if (a.length == n && b.length == n) {
      CompareLoops.vv(op, a, 0, b, 0, out, 0, n);
    } else if (a.length == n && b.length == 1) {
      CompareLoops.vs(op, a, 0, b[0], out, 0, n);
    } else if (a.length == 1 && b.length == n) {
      CompareLoops.vs(sw, b, 0, a[0], out, 0, n);
    } else {
      BroadcastRows rows = new BroadcastRows(aShape, bShape, outShape);
      int len = rows.length;
      rows.forEach(
          switch (rows.steps) {
            case BOTH -> (ao, bo, oo) -> CompareLoops.vv(op, a, ao, b, bo, out, oo, len);
            case A_ONLY -> (ao, bo, oo) -> CompareLoops.vs(op, a, ao, b[bo], out, oo, len);
            case B_ONLY -> (ao, bo, oo) -> CompareLoops.vs(sw, b, bo, a[ao], out, oo, len);
          });
    }
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
    int n = out.length;
    if (n == 0) {
      return;
    }
    Comparison sw = op.swapped();
    if (a.length == n && b.length == n) {
      CompareLoops.vv(op, a, 0, b, 0, out, 0, n);
    } else if (a.length == n && b.length == 1) {
      CompareLoops.vs(op, a, 0, b[0], out, 0, n);
    } else if (a.length == 1 && b.length == n) {
      CompareLoops.vs(sw, b, 0, a[0], out, 0, n);
    } else {
      BroadcastRows rows = new BroadcastRows(aShape, bShape, outShape);
      int len = rows.length;
      rows.forEach(
          switch (rows.steps) {
            case BOTH -> (ao, bo, oo) -> CompareLoops.vv(op, a, ao, b, bo, out, oo, len);
            case A_ONLY -> (ao, bo, oo) -> CompareLoops.vs(op, a, ao, b[bo], out, oo, len);
            case B_ONLY -> (ao, bo, oo) -> CompareLoops.vs(sw, b, bo, a[ao], out, oo, len);
          });
    }
  }

  @Override
  public void compare(
      Comparison op, int[] a, int[] aShape, int[] b, int[] bShape, int[] out, int[] outShape) {
    int n = out.length;
    if (n == 0) {
      return;
    }
    Comparison sw = op.swapped();
    if (a.length == n && b.length == n) {
      CompareLoops.vv(op, a, 0, b, 0, out, 0, n);
    } else if (a.length == n && b.length == 1) {
      CompareLoops.vs(op, a, 0, b[0], out, 0, n);
    } else if (a.length == 1 && b.length == n) {
      CompareLoops.vs(sw, b, 0, a[0], out, 0, n);
    } else {
      BroadcastRows rows = new BroadcastRows(aShape, bShape, outShape);
      int len = rows.length;
      rows.forEach(
          switch (rows.steps) {
            case BOTH -> (ao, bo, oo) -> CompareLoops.vv(op, a, ao, b, bo, out, oo, len);
            case A_ONLY -> (ao, bo, oo) -> CompareLoops.vs(op, a, ao, b[bo], out, oo, len);
            case B_ONLY -> (ao, bo, oo) -> CompareLoops.vs(sw, b, bo, a[ao], out, oo, len);
          });
    }
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
