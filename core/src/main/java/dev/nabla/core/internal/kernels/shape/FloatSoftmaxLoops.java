package dev.nabla.core.internal.kernels.shape;

import dev.nabla.core.internal.kernels.LinalgKernels.SoftmaxKind;
import java.util.Arrays;

/**
 * Softmax and log-softmax along one axis of a row-major array seen as {@code [outer, n, inner]}
 * (the axis has length {@code n} and stride {@code inner}), and their backward passes. The maximum
 * is subtracted before exponentiating, so large inputs neither overflow nor lose precision; sums
 * accumulate in double.
 */
public final class FloatSoftmaxLoops {
  private FloatSoftmaxLoops() {}

  /** The {@code kind} of softmax, as {@link LinalgKernels#softmax} documents it. */
  public static void softmax(
      SoftmaxKind kind, float[] x, float[] g, float[] y, int outer, int n, int inner) {
    switch (kind) {
      case SOFTMAX -> softmax(x, y, outer, n, inner);
      case LOG_SOFTMAX -> logSoftmax(x, y, outer, n, inner);
      case SOFTMAX_BACKWARD -> softmaxBackward(x, g, y, outer, n, inner);
      case LOG_SOFTMAX_BACKWARD -> logSoftmaxBackward(x, g, y, outer, n, inner);
    }
  }

  private static void softmax(float[] x, float[] y, int outer, int n, int inner) {
    if (n == 0 || inner == 0) {
      return;
    }
    if (inner == 1) {
      // The axis is the last one: each row is contiguous.
      for (int o = 0, base = 0; o < outer; o++, base += n) {
        float max = rowMax(x, base, n);
        double sum = 0;
        for (int i = base; i < base + n; i++) {
          float e = (float) Math.exp(x[i] - max);
          y[i] = e;
          sum += e;
        }
        float scale = (float) (1 / sum);
        for (int i = base; i < base + n; i++) {
          y[i] *= scale;
        }
      }
      return;
    }
    // The axis has stride `inner`: keep one running max and sum per inner position, so every pass
    // walks memory contiguously instead of striding down the axis.
    float[] max = new float[inner];
    double[] acc = new double[inner];
    for (int o = 0, base = 0; o < outer; o++, base += n * inner) {
      columnMax(x, base, n, inner, max);
      Arrays.fill(acc, 0);
      for (int i = 0, row = base; i < n; i++, row += inner) {
        for (int q = 0; q < inner; q++) {
          float e = (float) Math.exp(x[row + q] - max[q]);
          y[row + q] = e;
          acc[q] += e;
        }
      }
      for (int q = 0; q < inner; q++) {
        acc[q] = 1 / acc[q];
      }
      for (int i = 0, row = base; i < n; i++, row += inner) {
        for (int q = 0; q < inner; q++) {
          y[row + q] *= (float) acc[q];
        }
      }
    }
  }

  private static void logSoftmax(float[] x, float[] y, int outer, int n, int inner) {
    if (n == 0 || inner == 0) {
      return;
    }
    if (inner == 1) {
      for (int o = 0, base = 0; o < outer; o++, base += n) {
        float max = rowMax(x, base, n);
        double sum = 0;
        for (int i = base; i < base + n; i++) {
          sum += Math.exp(x[i] - max);
        }
        // log(sum(exp(x))) = max + log(sum(exp(x - max))): the largest term is exp(0) = 1, so
        // nothing overflows and the log never sees 0.
        float shift = (float) (max + Math.log(sum));
        for (int i = base; i < base + n; i++) {
          y[i] = x[i] - shift;
        }
      }
      return;
    }
    float[] max = new float[inner];
    double[] acc = new double[inner];
    for (int o = 0, base = 0; o < outer; o++, base += n * inner) {
      columnMax(x, base, n, inner, max);
      Arrays.fill(acc, 0);
      for (int i = 0, row = base; i < n; i++, row += inner) {
        for (int q = 0; q < inner; q++) {
          acc[q] += Math.exp(x[row + q] - max[q]);
        }
      }
      for (int q = 0; q < inner; q++) {
        acc[q] = max[q] + Math.log(acc[q]);
      }
      for (int i = 0, row = base; i < n; i++, row += inner) {
        for (int q = 0; q < inner; q++) {
          y[row + q] = x[row + q] - (float) acc[q];
        }
      }
    }
  }

  /** {@code dx = y * (g - sum(g * y))} along the axis, where {@code y} is the softmax output. */
  private static void softmaxBackward(
      float[] y, float[] g, float[] dx, int outer, int n, int inner) {
    if (n == 0 || inner == 0) {
      return;
    }
    if (inner == 1) {
      for (int o = 0, base = 0; o < outer; o++, base += n) {
        double dot = 0;
        for (int i = base; i < base + n; i++) {
          dot += g[i] * y[i];
        }
        float s = (float) dot;
        for (int i = base; i < base + n; i++) {
          dx[i] = y[i] * (g[i] - s);
        }
      }
      return;
    }
    double[] acc = new double[inner];
    for (int o = 0, base = 0; o < outer; o++, base += n * inner) {
      Arrays.fill(acc, 0);
      for (int i = 0, row = base; i < n; i++, row += inner) {
        for (int q = 0; q < inner; q++) {
          acc[q] += g[row + q] * y[row + q];
        }
      }
      for (int i = 0, row = base; i < n; i++, row += inner) {
        for (int q = 0; q < inner; q++) {
          dx[row + q] = y[row + q] * (g[row + q] - (float) acc[q]);
        }
      }
    }
  }

  /** {@code dx = g - exp(y) * sum(g)} along the axis, where {@code y} is the log-softmax output. */
  private static void logSoftmaxBackward(
      float[] y, float[] g, float[] dx, int outer, int n, int inner) {
    if (n == 0 || inner == 0) {
      return;
    }
    if (inner == 1) {
      for (int o = 0, base = 0; o < outer; o++, base += n) {
        double sum = 0;
        for (int i = base; i < base + n; i++) {
          sum += g[i];
        }
        float s = (float) sum;
        for (int i = base; i < base + n; i++) {
          dx[i] = g[i] - (float) Math.exp(y[i]) * s;
        }
      }
      return;
    }
    double[] acc = new double[inner];
    for (int o = 0, base = 0; o < outer; o++, base += n * inner) {
      Arrays.fill(acc, 0);
      for (int i = 0, row = base; i < n; i++, row += inner) {
        for (int q = 0; q < inner; q++) {
          acc[q] += g[row + q];
        }
      }
      for (int i = 0, row = base; i < n; i++, row += inner) {
        for (int q = 0; q < inner; q++) {
          dx[row + q] = g[row + q] - (float) Math.exp(y[row + q]) * (float) acc[q];
        }
      }
    }
  }

  private static float rowMax(float[] x, int base, int n) {
    float max = x[base];
    for (int i = base + 1; i < base + n; i++) {
      max = Math.max(max, x[i]);
    }
    return max;
  }

  private static void columnMax(float[] x, int base, int n, int inner, float[] max) {
    System.arraycopy(x, base, max, 0, inner);
    for (int i = 1, row = base + inner; i < n; i++, row += inner) {
      for (int q = 0; q < inner; q++) {
        max[q] = Math.max(max[q], x[row + q]);
      }
    }
  }
}
