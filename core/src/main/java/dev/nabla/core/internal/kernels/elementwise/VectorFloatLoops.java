package dev.nabla.core.internal.kernels.elementwise;

import static dev.nabla.core.internal.kernels.Lanes.L;
import static dev.nabla.core.internal.kernels.Lanes.S;
import static dev.nabla.core.internal.kernels.Lanes.load;
import static dev.nabla.core.internal.kernels.Lanes.store;
import static jdk.incubator.vector.VectorOperators.MAX;
import static jdk.incubator.vector.VectorOperators.MIN;

import dev.nabla.core.internal.kernels.ElementwiseKernels.Binary;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The FLOAT32 binary loops of {@link VectorElementwiseKernels}, the Vector API counterparts of
 * {@link FloatLoops#vv}, {@link FloatLoops#vs} and {@link FloatLoops#sv}. The unary loops are in
 * {@link VectorFloatUnaryLoops}, their backward rules in {@link VectorFloatGradLoops}.
 *
 * <p>Each kind has its own small method, chosen by a switch outside its loop: a Vector API operator
 * is only compiled to vector instructions where the JIT sees it as a constant, and a method holding
 * all the loops grows past the JIT's inlining budget, which leaves some vector operations as slow
 * calls on boxed vectors (measured: one method holding every loop ran ADD and ReLU 30 to 150 times
 * slower than these). A loop runs whole vectors, then at most one masked vector for the tail, so an
 * element is computed by the same instructions wherever it sits in an array.
 *
 * <p>Arithmetic and MAX/MIN give bit for bit the plain loops' results: MAX and MIN are specified as
 * {@code Math.max} and {@code Math.min}, NaN and signed zeros included. POW runs the plain loop,
 * {@code (float) Math.pow}: the Vector API's lanewise POW is SVML's once C2 compiles it and {@code
 * Math.pow}'s before, so its last bit (and its special cases) depended on how warm the JIT was.
 */
public final class VectorFloatLoops {
  private VectorFloatLoops() {}

  /** {@code o[oo + i] = a[ao + i] op b[bo + i]} for {@code i < n}. */
  public static void vv(Binary op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
    switch (op) {
      case ADD -> addVV(a, ao, b, bo, o, oo, n);
      case SUB -> subVV(a, ao, b, bo, o, oo, n);
      case MUL -> mulVV(a, ao, b, bo, o, oo, n);
      case DIV -> divVV(a, ao, b, bo, o, oo, n);
      case POW -> FloatLoops.vv(op, a, ao, b, bo, o, oo, n);
      case MAX -> maxVV(a, ao, b, bo, o, oo, n);
      case MIN -> minVV(a, ao, b, bo, o, oo, n);
    }
  }

  /** Whether {@link #periodicB} computes {@code op}: the four arithmetic operations. */
  public static boolean periodic(Binary op) {
    return op == Binary.ADD || op == Binary.SUB || op == Binary.MUL || op == Binary.DIV;
  }

  /** {@code b} repeated to {@code b.length + L} floats: any window of L of them starts in b. */
  public static float[] pattern(float[] b) {
    float[] p = new float[b.length + L];
    for (int i = 0; i < p.length; i++) {
      p[i] = b[i % b.length];
    }
    return p;
  }

  /**
   * {@code o[oo + i] = a[ao + i] op b[(ao + i) % period]} for {@code i < n}, from {@code pattern =
   * pattern(b)}: one flat loop of whole vectors, each reading its b-window at the running phase.
   */
  public static void periodicB(
      Binary op, float[] a, int ao, float[] pattern, int period, float[] o, int oo, int n) {
    int phase = ao % period;
    int step = L % period;
    int i = 0;
    for (; i + L <= n; i += L) {
      FloatVector x = FloatVector.fromArray(S, a, ao + i);
      FloatVector y = FloatVector.fromArray(S, pattern, phase);
      FloatVector r =
          switch (op) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            default -> x.div(y);
          };
      r.intoArray(o, oo + i);
      phase += step;
      if (phase >= period) {
        phase -= period;
      }
    }
    for (; i < n; i++, phase = phase + 1 == period ? 0 : phase + 1) {
      float x = a[ao + i], y = pattern[phase];
      o[oo + i] =
          switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            default -> x / y;
          };
    }
  }

  /** {@code o[oo + i] = a[ao + i] op s} for {@code i < n}. */
  public static void vs(Binary op, float[] a, int ao, float s, float[] o, int oo, int n) {
    FloatVector b = FloatVector.broadcast(S, s);
    switch (op) {
      case ADD -> addVS(a, ao, b, o, oo, n);
      case SUB -> subVS(a, ao, b, o, oo, n);
      case MUL -> mulVS(a, ao, b, o, oo, n);
      case DIV -> divVS(a, ao, b, o, oo, n);
      // As the plain loop: x * x is the correctly rounded square, and the common case.
      case POW -> {
        if (s == 2) {
          squareVS(a, ao, o, oo, n);
        } else {
          FloatLoops.vs(op, a, ao, s, o, oo, n);
        }
      }
      case MAX -> maxVS(a, ao, b, o, oo, n);
      case MIN -> minVS(a, ao, b, o, oo, n);
    }
  }

  /** {@code o[oo + i] = s op b[bo + i]} for {@code i < n}. */
  public static void sv(Binary op, float s, float[] b, int bo, float[] o, int oo, int n) {
    FloatVector a = FloatVector.broadcast(S, s);
    switch (op) {
      // Commutative, NaN and signed zeros included (MAX and MIN are Math.max and Math.min).
      case ADD, MUL, MAX, MIN -> vs(op, b, bo, s, o, oo, n);
      case SUB -> subSV(a, b, bo, o, oo, n);
      case DIV -> divSV(a, b, bo, o, oo, n);
      case POW -> FloatLoops.sv(op, s, b, bo, o, oo, n);
    }
  }

  /** {@code o = a + b} elementwise. */
  private static void addVV(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      load(a, ao + i).add(load(b, bo + i)).intoArray(o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).add(load(b, bo + i, m)), o, oo + i, m);
    }
  }

  /** {@code o = a - b} elementwise. */
  private static void subVV(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      load(a, ao + i).sub(load(b, bo + i)).intoArray(o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).sub(load(b, bo + i, m)), o, oo + i, m);
    }
  }

  /** {@code o = a * b} elementwise. */
  private static void mulVV(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      load(a, ao + i).mul(load(b, bo + i)).intoArray(o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).mul(load(b, bo + i, m)), o, oo + i, m);
    }
  }

  /** {@code o = a / b} elementwise. */
  private static void divVV(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      load(a, ao + i).div(load(b, bo + i)).intoArray(o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).div(load(b, bo + i, m)), o, oo + i, m);
    }
  }

  /** {@code o = Math.max(a, b)} elementwise. */
  private static void maxVV(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      load(a, ao + i).lanewise(MAX, load(b, bo + i)).intoArray(o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).lanewise(MAX, load(b, bo + i, m)), o, oo + i, m);
    }
  }

  /** {@code o = Math.min(a, b)} elementwise. */
  private static void minVV(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      load(a, ao + i).lanewise(MIN, load(b, bo + i)).intoArray(o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).lanewise(MIN, load(b, bo + i, m)), o, oo + i, m);
    }
  }

  /** {@code o = a + b} for a scalar {@code b} (broadcast). */
  private static void addVS(float[] a, int ao, FloatVector b, float[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      load(a, ao + i).add(b).intoArray(o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).add(b), o, oo + i, m);
    }
  }

  /** {@code o = a - b} for a scalar {@code b} (broadcast). */
  private static void subVS(float[] a, int ao, FloatVector b, float[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      load(a, ao + i).sub(b).intoArray(o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).sub(b), o, oo + i, m);
    }
  }

  /** {@code o = a * b} for a scalar {@code b} (broadcast). */
  private static void mulVS(float[] a, int ao, FloatVector b, float[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      load(a, ao + i).mul(b).intoArray(o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).mul(b), o, oo + i, m);
    }
  }

  /** {@code o = a / b} for a scalar {@code b} (broadcast). */
  private static void divVS(float[] a, int ao, FloatVector b, float[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      load(a, ao + i).div(b).intoArray(o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).div(b), o, oo + i, m);
    }
  }

  /** {@code o = Math.max(a, b)} for a scalar {@code b} (broadcast). */
  private static void maxVS(float[] a, int ao, FloatVector b, float[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      load(a, ao + i).lanewise(MAX, b).intoArray(o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).lanewise(MAX, b), o, oo + i, m);
    }
  }

  /** {@code o = Math.min(a, b)} for a scalar {@code b} (broadcast). */
  private static void minVS(float[] a, int ao, FloatVector b, float[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      load(a, ao + i).lanewise(MIN, b).intoArray(o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(load(a, ao + i, m).lanewise(MIN, b), o, oo + i, m);
    }
  }

  /** {@code o = a - b} for a scalar {@code a} (broadcast). */
  private static void subSV(FloatVector a, float[] b, int bo, float[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      a.sub(load(b, bo + i)).intoArray(o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(a.sub(load(b, bo + i, m)), o, oo + i, m);
    }
  }

  /** {@code o = a / b} for a scalar {@code a} (broadcast). */
  private static void divSV(FloatVector a, float[] b, int bo, float[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      a.div(load(b, bo + i)).intoArray(o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      store(a.div(load(b, bo + i, m)), o, oo + i, m);
    }
  }

  /** {@code o = a * a}: the square, as {@code a ^ 2} in the plain loop. */
  private static void squareVS(float[] a, int ao, float[] o, int oo, int n) {
    int i = 0;
    for (int ub = S.loopBound(n); i < ub; i += L) {
      FloatVector x = load(a, ao + i);
      x.mul(x).intoArray(o, oo + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      FloatVector x = load(a, ao + i, m);
      store(x.mul(x), o, oo + i, m);
    }
  }
}
