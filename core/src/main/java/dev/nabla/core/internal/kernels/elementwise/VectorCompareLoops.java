package dev.nabla.core.internal.kernels.elementwise;

import static dev.nabla.core.internal.kernels.Lanes.L;
import static dev.nabla.core.internal.kernels.Lanes.S;
import static dev.nabla.core.internal.kernels.Lanes.load;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LE;
import static jdk.incubator.vector.VectorOperators.LT;

import dev.nabla.core.internal.kernels.ElementwiseKernels.Comparison;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The FLOAT32 comparison loops of {@link VectorElementwiseKernels}, the Vector API counterparts of
 * {@link FloatCompareLoops}: a float comparison gives a mask, which is written as INT32 1 and 0
 * through the int species of the same shape (as many lanes). Vector comparisons are Java's, so
 * every comparison with NaN is false and {@code -0.0 == 0.0}: the results are exactly the plain
 * ones.
 */
public final class VectorCompareLoops {
  private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());

  private VectorCompareLoops() {}

  /** {@code o[oo + i] = (a[ao + i] op b[bo + i]) ? 1 : 0} for {@code i < n}. */
  public static void vv(
      Comparison op, float[] a, int ao, float[] b, int bo, int[] o, int oo, int n) {
    switch (op) {
      case EQ -> eqVV(a, ao, b, bo, o, oo, n);
      case GT -> gtVV(a, ao, b, bo, o, oo, n);
      case GE -> geVV(a, ao, b, bo, o, oo, n);
      case LT -> ltVV(a, ao, b, bo, o, oo, n);
      case LE -> leVV(a, ao, b, bo, o, oo, n);
    }
  }

  /** {@code o[oo + i] = (a[ao + i] op s) ? 1 : 0} for {@code i < n}. */
  public static void vs(Comparison op, float[] a, int ao, float s, int[] o, int oo, int n) {
    FloatVector b = FloatVector.broadcast(S, s);
    switch (op) {
      case EQ -> eqVS(a, ao, b, o, oo, n);
      case GT -> gtVS(a, ao, b, o, oo, n);
      case GE -> geVS(a, ao, b, o, oo, n);
      case LT -> ltVS(a, ao, b, o, oo, n);
      case LE -> leVS(a, ao, b, o, oo, n);
    }
  }

  private static void eqVV(float[] a, int ao, float[] b, int bo, int[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(EQ, load(b, bo + i)), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(EQ, load(b, bo + i, m)), o, oo + i, m);
    }
  }

  private static void gtVV(float[] a, int ao, float[] b, int bo, int[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(GT, load(b, bo + i)), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(GT, load(b, bo + i, m)), o, oo + i, m);
    }
  }

  private static void geVV(float[] a, int ao, float[] b, int bo, int[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(GE, load(b, bo + i)), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(GE, load(b, bo + i, m)), o, oo + i, m);
    }
  }

  private static void ltVV(float[] a, int ao, float[] b, int bo, int[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(LT, load(b, bo + i)), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(LT, load(b, bo + i, m)), o, oo + i, m);
    }
  }

  private static void leVV(float[] a, int ao, float[] b, int bo, int[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(LE, load(b, bo + i)), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(LE, load(b, bo + i, m)), o, oo + i, m);
    }
  }

  private static void eqVS(float[] a, int ao, FloatVector b, int[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(EQ, b), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(EQ, b), o, oo + i, m);
    }
  }

  private static void gtVS(float[] a, int ao, FloatVector b, int[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(GT, b), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(GT, b), o, oo + i, m);
    }
  }

  private static void geVS(float[] a, int ao, FloatVector b, int[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(GE, b), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(GE, b), o, oo + i, m);
    }
  }

  private static void ltVS(float[] a, int ao, FloatVector b, int[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(LT, b), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(LT, b), o, oo + i, m);
    }
  }

  private static void leVS(float[] a, int ao, FloatVector b, int[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      store(load(a, ao + i).compare(LE, b), o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).compare(LE, b), o, oo + i, m);
    }
  }

  /** Writes 1 where {@code holds} is set, else 0, to one vector's worth of {@code o}. */
  private static void store(VectorMask<Float> holds, int[] o, int off) {
    IntVector.zero(I).blend(1, holds.cast(I)).intoArray(o, off);
  }

  /** Writes 1 where {@code holds} is set, else 0, to the lanes of {@code o} {@code m} selects. */
  private static void store(VectorMask<Float> holds, int[] o, int off, VectorMask<Float> m) {
    IntVector v = IntVector.zero(I).blend(1, holds.cast(I));
    if (off + L <= o.length) {
      v.intoArray(o, off, m.cast(I));
    } else { // at the array's end a masked store takes the slow per-lane path: stage it
      int[] t = new int[L];
      v.intoArray(t, 0);
      System.arraycopy(t, 0, o, off, Math.min(m.trueCount(), o.length - off));
    }
  }
}
