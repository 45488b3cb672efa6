package dev.nabla.core.internal.kernels.elementwise;

import static dev.nabla.core.internal.kernels.Lanes.L;
import static dev.nabla.core.internal.kernels.Lanes.S;
import static dev.nabla.core.internal.kernels.Lanes.load;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LE;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.NE;

import dev.nabla.core.internal.kernels.ElementwiseKernels.Comparison;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The FLOAT32 comparison loops of {@link VectorElementwiseKernels}, the Vector API counterparts of
 * {@link FloatCompareLoops}: a float comparison gives a mask, which is written as BOOL values.
 * Vector comparisons are Java's, so every comparison with NaN is false and {@code -0.0 == 0.0}: the
 * results are exactly the plain ones.
 */
public final class VectorCompareLoops {
  private VectorCompareLoops() {}

  /** {@code o[oo + i] = a[ao + i] op b[bo + i] } for {@code i < n}. */
  public static void vv(
      Comparison op, float[] a, int ao, float[] b, int bo, boolean[] o, int oo, int n) {
    switch (op) {
      case EQ -> eqVV(a, ao, b, bo, o, oo, n);
      case NE -> neVV(a, ao, b, bo, o, oo, n);
      case GT -> gtVV(a, ao, b, bo, o, oo, n);
      case GE -> geVV(a, ao, b, bo, o, oo, n);
      case LT -> ltVV(a, ao, b, bo, o, oo, n);
      case LE -> leVV(a, ao, b, bo, o, oo, n);
    }
  }

  /** {@code o[oo + i] = a[ao + i] op s } for {@code i < n}. */
  public static void vs(Comparison op, float[] a, int ao, float s, boolean[] o, int oo, int n) {
    FloatVector b = FloatVector.broadcast(S, s);
    switch (op) {
      case EQ -> eqVS(a, ao, b, o, oo, n);
      case NE -> neVS(a, ao, b, o, oo, n);
      case GT -> gtVS(a, ao, b, o, oo, n);
      case GE -> geVS(a, ao, b, o, oo, n);
      case LT -> ltVS(a, ao, b, o, oo, n);
      case LE -> leVS(a, ao, b, o, oo, n);
    }
  }

  private static void eqVV(float[] a, int ao, float[] b, int bo, boolean[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(EQ, load(b, bo + i)), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(EQ, load(b, bo + i, m)), o, oo + i, m);
    }
  }

  private static void neVV(float[] a, int ao, float[] b, int bo, boolean[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(NE, load(b, bo + i)), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(NE, load(b, bo + i, m)), o, oo + i, m);
    }
  }

  private static void gtVV(float[] a, int ao, float[] b, int bo, boolean[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(GT, load(b, bo + i)), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(GT, load(b, bo + i, m)), o, oo + i, m);
    }
  }

  private static void geVV(float[] a, int ao, float[] b, int bo, boolean[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(GE, load(b, bo + i)), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(GE, load(b, bo + i, m)), o, oo + i, m);
    }
  }

  private static void ltVV(float[] a, int ao, float[] b, int bo, boolean[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(LT, load(b, bo + i)), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(LT, load(b, bo + i, m)), o, oo + i, m);
    }
  }

  private static void leVV(float[] a, int ao, float[] b, int bo, boolean[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(LE, load(b, bo + i)), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(LE, load(b, bo + i, m)), o, oo + i, m);
    }
  }

  private static void eqVS(float[] a, int ao, FloatVector b, boolean[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(EQ, b), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(EQ, b), o, oo + i, m);
    }
  }

  private static void neVS(float[] a, int ao, FloatVector b, boolean[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(NE, b), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(NE, b), o, oo + i, m);
    }
  }

  private static void gtVS(float[] a, int ao, FloatVector b, boolean[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(GT, b), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(GT, b), o, oo + i, m);
    }
  }

  private static void geVS(float[] a, int ao, FloatVector b, boolean[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(GE, b), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(GE, b), o, oo + i, m);
    }
  }

  private static void ltVS(float[] a, int ao, FloatVector b, boolean[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(LT, b), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(LT, b), o, oo + i, m);
    }
  }

  private static void leVS(float[] a, int ao, FloatVector b, boolean[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(LE, b), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(LE, b), o, oo + i, m);
    }
  }

  /** Writes whether {@code holds} is set, lane by lane, to one vector's worth of {@code o}. */
  private static void store(VectorMask<Float> holds, boolean[] o, int off) {
    holds.intoArray(o, off);
  }

  /** Writes the lanes of {@code holds} that {@code m} selects (a prefix) to {@code o}. */
  private static void store(VectorMask<Float> holds, boolean[] o, int off, VectorMask<Float> m) {
    for (int j = 0, n = m.trueCount(); j < n; j++) {
      o[off + j] = holds.laneIsSet(j);
    }
  }
}
