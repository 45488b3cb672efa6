package dev.nabla.core.internal.kernels.shape;

import dev.nabla.core.internal.kernels.Lanes;
import dev.nabla.core.internal.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * FLOAT32 layer normalisation on the Vector API, the same computation as {@link FloatNormLoops}
 * with the sums kept in float vector lanes (as PyTorch's CPU kernel does) instead of doubles, so
 * results agree with the plain loops to a few float ulps rather than bit for bit. The tail of a row
 * shorter than a vector runs as scalar code; nothing is allocated per row.
 */
public final class VectorNormLoops {
  private static final VectorSpecies<Float> S = Lanes.S;
  private static final int L = Lanes.L;

  private VectorNormLoops() {}

  /** As {@link FloatNormLoops#forward}. */
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
    int tasks = Parallel.tasks((long) rows * n, FloatNormLoops.PARALLEL_ELEMENTS, rows);
    int bound = S.loopBound(n);
    Parallel.forEach(
        tasks,
        t -> {
          int end = Parallel.split(rows, tasks, t + 1);
          for (int r = Parallel.split(rows, tasks, t); r < end; r++) {
            int base = r * n;
            FloatVector acc = FloatVector.zero(S);
            int i = 0;
            for (; i < bound; i += L) {
              acc = acc.add(FloatVector.fromArray(S, x, base + i));
            }
            float s = Lanes.sumLanes(acc);
            for (; i < n; i++) {
              s += x[base + i];
            }
            float mu = n == 0 ? 0 : s / n;
            FloatVector vmu = FloatVector.broadcast(S, mu);
            acc = FloatVector.zero(S);
            for (i = 0; i < bound; i += L) {
              FloatVector d = FloatVector.fromArray(S, x, base + i).sub(vmu);
              acc = d.fma(d, acc);
            }
            float ss = Lanes.sumLanes(acc);
            for (; i < n; i++) {
              float d = x[base + i] - mu;
              ss += d * d;
            }
            float rs = (float) (1 / Math.sqrt((n == 0 ? 0 : (double) ss / n) + eps));
            mean[r] = mu;
            rstd[r] = rs;
            FloatVector vrs = FloatVector.broadcast(S, rs);
            for (i = 0; i < bound; i += L) {
              FloatVector v = FloatVector.fromArray(S, x, base + i).sub(vmu).mul(vrs);
              if (w != null) {
                v = v.mul(FloatVector.fromArray(S, w, i));
              }
              if (b != null) {
                v = v.add(FloatVector.fromArray(S, b, i));
              }
              v.intoArray(y, base + i);
            }
            for (; i < n; i++) {
              float v = (x[base + i] - mu) * rs;
              if (w != null) {
                v *= w[i];
              }
              if (b != null) {
                v += b[i];
              }
              y[base + i] = v;
            }
          }
        });
  }

  /** As {@link FloatNormLoops#backward}. */
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
    int tasks = Parallel.tasks((long) rows * n, FloatNormLoops.PARALLEL_ELEMENTS, rows);
    int bound = S.loopBound(n);
    boolean params = gw != null || gb != null;
    float[][] partial = new float[tasks][];
    Parallel.forEach(
        tasks,
        t -> {
          float[] acc = params ? new float[2 * n] : null;
          partial[t] = acc;
          int end = Parallel.split(rows, tasks, t + 1);
          for (int r = Parallel.split(rows, tasks, t); r < end; r++) {
            int base = r * n;
            float mu = mean[r], rs = rstd[r];
            FloatVector vmu = FloatVector.broadcast(S, mu), vrs = FloatVector.broadcast(S, rs);
            FloatVector va = FloatVector.zero(S), vc = FloatVector.zero(S);
            int i = 0;
            for (; i < bound; i += L) {
              FloatVector g = FloatVector.fromArray(S, gy, base + i);
              FloatVector xhat = FloatVector.fromArray(S, x, base + i).sub(vmu).mul(vrs);
              if (acc != null) {
                g.fma(xhat, FloatVector.fromArray(S, acc, i)).intoArray(acc, i);
                g.add(FloatVector.fromArray(S, acc, n + i)).intoArray(acc, n + i);
              }
              FloatVector gwv = w == null ? g : g.mul(FloatVector.fromArray(S, w, i));
              va = va.add(gwv);
              vc = gwv.fma(xhat, vc);
            }
            float a = Lanes.sumLanes(va), c = Lanes.sumLanes(vc);
            for (; i < n; i++) {
              float g = gy[base + i], xhat = (x[base + i] - mu) * rs;
              if (acc != null) {
                acc[i] += g * xhat;
                acc[n + i] += g;
              }
              float gw1 = w == null ? g : g * w[i];
              a += gw1;
              c += gw1 * xhat;
            }
            if (gx == null) {
              continue;
            }
            a /= n;
            c /= n;
            FloatVector vam = FloatVector.broadcast(S, a), vcm = FloatVector.broadcast(S, c);
            for (i = 0; i < bound; i += L) {
              FloatVector g = FloatVector.fromArray(S, gy, base + i);
              FloatVector xhat = FloatVector.fromArray(S, x, base + i).sub(vmu).mul(vrs);
              FloatVector gwv = w == null ? g : g.mul(FloatVector.fromArray(S, w, i));
              gwv.sub(vam).sub(xhat.mul(vcm)).mul(vrs).intoArray(gx, base + i);
            }
            for (; i < n; i++) {
              float g = gy[base + i], xhat = (x[base + i] - mu) * rs;
              float gw1 = w == null ? g : g * w[i];
              gx[base + i] = rs * (gw1 - a - xhat * c);
            }
          }
        });
    if (params) {
      for (float[] acc : partial) {
        for (int i = 0; i < n; i++) {
          if (gw != null) {
            gw[i] += acc[i];
          }
          if (gb != null) {
            gb[i] += acc[n + i];
          }
        }
      }
    }
  }
}
