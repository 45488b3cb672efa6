package dev.nabla.core.internal.kernels.shape;

import dev.nabla.core.internal.parallel.Parallel;

/**
 * Layer normalisation over the rows of a row-major {@code [rows, n]} array, forward and backward,
 * as {@code torch.nn.functional.layer_norm}: each row is normalised by its own mean and biased
 * variance, {@code y = (x - mean) · rstd · w + b} with {@code rstd = 1 / sqrt(var + eps)}. The
 * moments are two passes over the row (the row is then in cache), summed in double. Rows are split
 * over the kernel pool; the weight and bias gradients are summed per task and added in task order,
 * so results do not depend on scheduling.
 */
public final class FloatNormLoops {
  /** Below this many elements a second thread does not pay for itself. */
  static final long PARALLEL_ELEMENTS = 1L << 15;

  private FloatNormLoops() {}

  /**
   * Normalises each row of {@code x} into {@code y}, scaled by {@code w} and shifted by {@code b}
   * (each [n], null for none), and stores each row's mean and rstd into {@code mean} and {@code
   * rstd} ([rows]).
   */
  public static void forward(
      float[] x,
      float[] w,
      float[] b,
      float[] y,
      float[] mean,
      float[] rstd,
      int rows,
      int n,
      double eps) {
    int tasks = Parallel.tasks((long) rows * n, PARALLEL_ELEMENTS, rows);
    Parallel.forEach(
        tasks,
        t -> {
          int end = Parallel.split(rows, tasks, t + 1);
          for (int r = Parallel.split(rows, tasks, t); r < end; r++) {
            int base = r * n;
            double s = 0;
            for (int i = base; i < base + n; i++) {
              s += x[i];
            }
            double mu = n == 0 ? 0 : s / n;
            double ss = 0;
            for (int i = base; i < base + n; i++) {
              double d = x[i] - mu;
              ss += d * d;
            }
            double rs = 1 / Math.sqrt((n == 0 ? 0 : ss / n) + eps);
            mean[r] = (float) mu;
            rstd[r] = (float) rs;
            for (int i = 0; i < n; i++) {
              double v = (x[base + i] - mu) * rs;
              if (w != null) {
                v *= w[i];
              }
              if (b != null) {
                v += b[i];
              }
              y[base + i] = (float) v;
            }
          }
        });
  }

  /**
   * The gradients of {@link #forward} from the output gradient {@code gy}: writes d/dx into {@code
   * gx} ([rows, n]; {@code dx = rstd·(g·w - mean(g·w) - x̂·mean(g·w·x̂))} with {@code x̂ = (x -
   * mean)·rstd}) and adds d/dw ({@code sum over rows of g·x̂}) into {@code gw} and d/db ({@code sum
   * of g}) into {@code gb}; each of the three may be null when not needed, {@code w} null when the
   * forward had no weight.
   */
  public static void backward(
      float[] x,
      float[] w,
      float[] mean,
      float[] rstd,
      float[] gy,
      float[] gx,
      float[] gw,
      float[] gb,
      int rows,
      int n) {
    int tasks = Parallel.tasks((long) rows * n, PARALLEL_ELEMENTS, rows);
    boolean params = gw != null || gb != null;
    double[][] partial = new double[tasks][];
    Parallel.forEach(
        tasks,
        t -> {
          double[] acc = params ? new double[2 * n] : null;
          partial[t] = acc;
          int end = Parallel.split(rows, tasks, t + 1);
          for (int r = Parallel.split(rows, tasks, t); r < end; r++) {
            int base = r * n;
            double mu = mean[r], rs = rstd[r];
            if (acc != null) {
              for (int i = 0; i < n; i++) {
                double g = gy[base + i];
                acc[i] += g * (x[base + i] - mu) * rs;
                acc[n + i] += g;
              }
            }
            if (gx == null) {
              continue;
            }
            double a = 0, c = 0;
            for (int i = 0; i < n; i++) {
              double gi = gy[base + i], gw1 = w == null ? gi : gi * w[i];
              a += gw1;
              c += gw1 * (x[base + i] - mu) * rs;
            }
            a /= n;
            c /= n;
            for (int i = 0; i < n; i++) {
              double gi = gy[base + i], gw1 = w == null ? gi : gi * w[i];
              double xhat = (x[base + i] - mu) * rs;
              gx[base + i] = (float) (rs * (gw1 - a - xhat * c));
            }
          }
        });
    if (params) {
      for (double[] acc : partial) {
        for (int i = 0; i < n; i++) {
          if (gw != null) {
            gw[i] += (float) acc[i];
          }
          if (gb != null) {
            gb[i] += (float) acc[n + i];
          }
        }
      }
    }
  }
}
