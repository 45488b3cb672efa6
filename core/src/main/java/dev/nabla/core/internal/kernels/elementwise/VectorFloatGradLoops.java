package dev.nabla.core.internal.kernels.elementwise;

import static dev.nabla.core.internal.kernels.Lanes.L;
import static dev.nabla.core.internal.kernels.Lanes.S;
import static dev.nabla.core.internal.kernels.Lanes.load;
import static dev.nabla.core.internal.kernels.Lanes.store;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.IS_NAN;
import static jdk.incubator.vector.VectorOperators.LT;

import dev.nabla.core.internal.kernels.ElementwiseKernels.UnaryGrad;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The FLOAT32 backward loops of {@link VectorElementwiseKernels}, the Vector API counterparts of
 * {@link FloatLoops#unaryBackward}, {@link FloatLoops#leakyReluBackward} and {@link
 * FloatLoops#extremumBackward}, built as {@link VectorFloatLoops} explains. Each does the plain
 * loop's float operations in the same order (Java never fuses a multiply and an add on its own), so
 * the results are bit for bit the plain ones.
 */
public final class VectorFloatGradLoops {
  private VectorFloatGradLoops() {}

  /** {@code o[i] = g[i] * f'} from the saved input or output {@code s}, as {@code op} documents. */
  public static void unaryBackward(
      UnaryGrad op, float[] g, float[] s, float[] o, int off, int len) {
    switch (op) {
      case EXP -> expGrad(g, s, o, off, len);
      case LOG -> logGrad(g, s, o, off, len);
      case SQRT -> sqrtGrad(g, s, o, off, len);
      case ABS -> absGrad(g, s, o, off, len);
      case TANH -> tanhGrad(g, s, o, off, len);
      case SIGMOID -> sigmoidGrad(g, s, o, off, len);
      case RELU -> reluGrad(g, s, o, off, len);
    }
  }

  /** {@code o = g * y}, in the plain loop's order of operations. */
  private static void expGrad(float[] g, float[] s, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      load(g, i).mul(load(s, i)).intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      store(load(g, i, m).mul(load(s, i, m)), o, i, m);
    }
  }

  /** {@code o = g / x}, in the plain loop's order of operations. */
  private static void logGrad(float[] g, float[] s, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      load(g, i).div(load(s, i)).intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      store(load(g, i, m).div(load(s, i, m)), o, i, m);
    }
  }

  /** {@code o = 0.5 * g / y}, in the plain loop's order of operations. */
  private static void sqrtGrad(float[] g, float[] s, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      load(g, i).mul(0.5f).div(load(s, i)).intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      store(load(g, i, m).mul(0.5f).div(load(s, i, m)), o, i, m);
    }
  }

  /** {@code o = g * sign(x)}, in the plain loop's order of operations. */
  private static void absGrad(float[] g, float[] s, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      absGrad(load(g, i), load(s, i)).intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      store(absGrad(load(g, i, m), load(s, i, m)), o, i, m);
    }
  }

  /** {@code o = g * (1 - y * y)}, in the plain loop's order of operations. */
  private static void tanhGrad(float[] g, float[] s, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      tanhGrad(load(g, i), load(s, i)).intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      store(tanhGrad(load(g, i, m), load(s, i, m)), o, i, m);
    }
  }

  /** {@code o = g * y * (1 - y)}, in the plain loop's order of operations. */
  private static void sigmoidGrad(float[] g, float[] s, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      sigmoidGrad(load(g, i), load(s, i)).intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      store(sigmoidGrad(load(g, i, m), load(s, i, m)), o, i, m);
    }
  }

  /** {@code o = x > 0 ? g : 0}, in the plain loop's order of operations. */
  private static void reluGrad(float[] g, float[] s, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      reluGrad(load(g, i), load(s, i)).intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      store(reluGrad(load(g, i, m), load(s, i, m)), o, i, m);
    }
  }

  /** {@code o = x > 0 ? g : slope * g}. */
  public static void leakyReluBackward(
      float[] g, float[] x, float slope, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      leakyGrad(load(g, i), load(x, i), slope).intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      store(leakyGrad(load(g, i, m), load(x, i, m), slope), o, i, m);
    }
  }

  /** {@code g * sign(x)} with {@code sign(0) = sign(NaN) = 0}. */
  private static FloatVector absGrad(FloatVector g, FloatVector x) {
    return FloatVector.zero(S).blend(g, x.compare(GT, 0f)).blend(g.neg(), x.compare(LT, 0f));
  }

  /** {@code g * (1 - y * y)}. */
  private static FloatVector tanhGrad(FloatVector g, FloatVector y) {
    return g.mul(FloatVector.broadcast(S, 1f).sub(y.mul(y)));
  }

  /** {@code g * y * (1 - y)}, left to right. */
  private static FloatVector sigmoidGrad(FloatVector g, FloatVector y) {
    return g.mul(y).mul(FloatVector.broadcast(S, 1f).sub(y));
  }

  /** {@code x > 0 ? g : 0}: 0 where x is NaN, as the plain loop. */
  private static FloatVector reluGrad(FloatVector g, FloatVector x) {
    return FloatVector.zero(S).blend(g, x.compare(GT, 0f));
  }

  /** {@code x > 0 ? g : slope * g}. */
  private static FloatVector leakyGrad(FloatVector g, FloatVector x, float slope) {
    return g.mul(slope).blend(g, x.compare(GT, 0f));
  }

  /**
   * Routes {@code g} through max (or min) to {@code ga} and {@code gb}; ties split it evenly. As
   * the plain loop: {@code a} is picked where it wins or is NaN, else {@code b} where it wins or is
   * NaN.
   */
  public static void extremumBackward(
      boolean max, float[] g, float[] a, float[] b, float[] ga, float[] gb, int off, int len) {
    // One method per direction: a Vector API comparison must be a constant to be compiled well.
    if (max) {
      maxGrad(g, a, b, ga, gb, off, len);
    } else {
      minGrad(g, a, b, ga, gb, off, len);
    }
  }

  private static void maxGrad(
      float[] g, float[] a, float[] b, float[] ga, float[] gb, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      FloatVector x = load(a, i);
      FloatVector y = load(b, i);
      FloatVector d = load(g, i);
      VectorMask<Float> pa = x.compare(GT, y).or(x.test(IS_NAN));
      VectorMask<Float> pb = x.compare(LT, y).or(y.test(IS_NAN)).andNot(pa);
      toA(d, pa, pb).intoArray(ga, i);
      toB(d, pa, pb).intoArray(gb, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      FloatVector x = load(a, i, m);
      FloatVector y = load(b, i, m);
      FloatVector d = load(g, i, m);
      VectorMask<Float> pa = x.compare(GT, y).or(x.test(IS_NAN));
      VectorMask<Float> pb = x.compare(LT, y).or(y.test(IS_NAN)).andNot(pa);
      store(toA(d, pa, pb), ga, i, m);
      store(toB(d, pa, pb), gb, i, m);
    }
  }

  private static void minGrad(
      float[] g, float[] a, float[] b, float[] ga, float[] gb, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      FloatVector x = load(a, i);
      FloatVector y = load(b, i);
      FloatVector d = load(g, i);
      VectorMask<Float> pa = x.compare(LT, y).or(x.test(IS_NAN));
      VectorMask<Float> pb = x.compare(GT, y).or(y.test(IS_NAN)).andNot(pa);
      toA(d, pa, pb).intoArray(ga, i);
      toB(d, pa, pb).intoArray(gb, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      FloatVector x = load(a, i, m);
      FloatVector y = load(b, i, m);
      FloatVector d = load(g, i, m);
      VectorMask<Float> pa = x.compare(LT, y).or(x.test(IS_NAN));
      VectorMask<Float> pb = x.compare(GT, y).or(y.test(IS_NAN)).andNot(pa);
      store(toA(d, pa, pb), ga, i, m);
      store(toB(d, pa, pb), gb, i, m);
    }
  }

  /** The share of {@code g} that goes to a: all where a is picked, none where b is, else half. */
  private static FloatVector toA(FloatVector g, VectorMask<Float> pickA, VectorMask<Float> pickB) {
    return g.mul(0.5f).blend(g, pickA).blend(0f, pickB);
  }

  /** The share of {@code g} that goes to b: all where b is picked, none where a is, else half. */
  private static FloatVector toB(FloatVector g, VectorMask<Float> pickA, VectorMask<Float> pickB) {
    return g.mul(0.5f).blend(0f, pickA).blend(g, pickB);
  }
}
