package dev.nabla.core.internal.kernels.elementwise;

import static dev.nabla.core.internal.kernels.Lanes.L;
import static dev.nabla.core.internal.kernels.Lanes.S;
import static dev.nabla.core.internal.kernels.Lanes.load;
import static dev.nabla.core.internal.kernels.Lanes.store;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LE;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.SQRT;

import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The FLOAT32 unary loops of {@link VectorElementwiseKernels}, the Vector API counterparts of
 * {@link FloatLoops#unary} and {@link FloatLoops#leakyRelu}, built as {@link VectorFloatLoops}
 * explains: one small method per kind, whole vectors then one masked vector.
 *
 * <p>NEG, ABS, RELU and leaky ReLU give bit for bit the plain loops' results, and so does SQRT
 * (correctly rounded in float, as the plain loop's double square root rounded once). EXP and LOG
 * are {@link VectorMath}'s, SIGMOID is built on its EXP, TANH on {@link VectorTanh}'s table of
 * polynomials (or {@link VectorMath#exp} where it does not run), where the plain loops round a
 * double result once: they agree within 1 ulp (SIGMOID 2). None of them calls the Vector API's
 * lanewise EXP or LOG, whose last bit differs between the interpreter and C2 (SVML).
 */
public final class VectorFloatUnaryLoops {
  private VectorFloatUnaryLoops() {}

  /** {@code o[i] = op(x[i])} for {@code off <= i < off + len}. */
  public static void unary(Unary op, float[] x, float[] o, int off, int len) {
    switch (op) {
      case NEG -> neg(x, o, off, len);
      case EXP -> exp(x, o, off, len);
      case LOG -> log(x, o, off, len);
      case SQRT -> sqrt(x, o, off, len);
      case ABS -> abs(x, o, off, len);
      case TANH -> tanh(x, o, off, len);
      case SIGMOID -> sigmoid(x, o, off, len);
      case RELU -> relu(x, o, off, len);
      // No Vector API fast path: lanewise SIN and COS are SVML calls whose last bit differs
      // between the interpreter and C2, so the plain Math.sin / Math.cos loop runs.
      case SIN, COS -> FloatLoops.unary(op, x, o, off, len);
    }
  }

  /** {@code o = -x}. */
  private static void neg(float[] x, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      load(x, i).neg().intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      store(load(x, i, m).neg(), o, i, m);
    }
  }

  /** {@code o = e^x}. */
  private static void exp(float[] x, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      VectorMath.exp(load(x, i)).intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      store(VectorMath.exp(load(x, i, m)), o, i, m);
    }
  }

  /** {@code o = ln x}. */
  private static void log(float[] x, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      VectorMath.log(load(x, i)).intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      store(VectorMath.log(load(x, i, m)), o, i, m);
    }
  }

  /** {@code o = sqrt x, correctly rounded}. */
  private static void sqrt(float[] x, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      load(x, i).lanewise(SQRT).intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      store(load(x, i, m).lanewise(SQRT), o, i, m);
    }
  }

  /** {@code o = |x|}. */
  private static void abs(float[] x, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      load(x, i).abs().intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      store(load(x, i, m).abs(), o, i, m);
    }
  }

  /** {@code o = tanh x}: {@link VectorTanh} where it runs, else {@link #tanhExp(FloatVector)}. */
  private static void tanh(float[] x, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      tanh(load(x, i)).intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      store(tanh(load(x, i, m)), o, i, m);
    }
  }

  /** {@code o = sigmoid(x)}. */
  private static void sigmoid(float[] x, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      sigmoid(load(x, i)).intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      store(sigmoid(load(x, i, m)), o, i, m);
    }
  }

  /** {@code o = Math.max(x, 0f)}. */
  private static void relu(float[] x, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      relu(load(x, i)).intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      store(relu(load(x, i, m)), o, i, m);
    }
  }

  /** {@code o = x > 0 ? x : slope * x}. */
  public static void leakyRelu(float[] x, float slope, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      leaky(load(x, i), slope).intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      store(leaky(load(x, i, m), slope), o, i, m);
    }
  }

  /**
   * {@code 1 / (1 + e^-x)}, from {@code t = e^-|x|}, which never overflows: {@code 1 / (1 + t)} for
   * {@code x >= 0} and {@code t / (1 + t)} for {@code x < 0}. In single precision {@code e^-x}
   * overflows below {@code x = -88.7}, where the plain formula would flush results that are still
   * representable (down to about {@code x = -103}) to 0. One division, no product: within 2 ulps of
   * the plain double result (measured over 4 million inputs: 86% equal, 0.03% 2 ulps off). NaN
   * stays NaN.
   */
  private static FloatVector sigmoid(FloatVector x) {
    FloatVector t = VectorMath.exp(x.abs().neg());
    return FloatVector.broadcast(S, 1f).blend(t, x.compare(LT, 0f)).div(t.add(1f));
  }

  /** Below this {@code |x|}, {@link #tanhExp(FloatVector)} uses its polynomial. */
  private static final float TANH_SMALL = 0.625f;

  // tanh x = x (1 + x^2 (T0 + T1 x^2 + ... + T4 x^8)) on [0, 0.625]: a least-squares fit of the
  // relative error, reweighted towards minimax, made for this class (4.5e-9 at most in exact
  // arithmetic, far below float's 6e-8).
  private static final float T0 = -0.3333328068256378f;
  private static final float T1 = 0.13331447541713715f;
  private static final float T2 = -0.05374016612768173f;
  private static final float T3 = 0.020640581846237183f;
  private static final float T4 = -0.005706680007278919f;

  /** {@code tanh x} for every lane, within 1 ulp of the correctly rounded value. */
  private static FloatVector tanh(FloatVector x) {
    return VectorTanh.AVAILABLE ? VectorTanh.tanh(x) : tanhExp(x);
  }

  /**
   * {@code tanh x} within 1 ulp of the correctly rounded value for every float (checked
   * exhaustively), for species without the 16 lanes {@link VectorTanh} needs; faster than SVML's
   * lanewise TANH, which is as accurate (29 against 34 us for 100,000 floats on AVX-512). For
   * {@code |x| >= 0.625}: {@code ±(1 - 2 / (e^2|x| + 1))}, where {@code e^2|x| >= 3.4} leaves no
   * cancellation and an overflow to infinity gives ±1; below it the polynomial above, in fused
   * multiply-adds, which for tiny {@code x} (and ±0) gives {@code x} itself. NaN stays NaN. (Every
   * further compare and blend cost about 1.5 ns per vector in measurements, hence the spare shape.)
   */
  static FloatVector tanhExp(FloatVector x) {
    FloatVector a = x.abs();
    FloatVector one = FloatVector.broadcast(S, 1f);
    FloatVector big = one.sub(FloatVector.broadcast(S, 2f).div(VectorMath.exp(a.add(a)).add(1f)));
    FloatVector s = x.mul(x);
    FloatVector p = s.fma(T4, T3);
    p = p.fma(s, FloatVector.broadcast(S, T2));
    p = p.fma(s, FloatVector.broadcast(S, T1));
    p = p.fma(s, FloatVector.broadcast(S, T0));
    FloatVector small = x.mul(p.fma(s, one));
    return big.blend(big.neg(), x.compare(LT, 0f)).blend(small, a.compare(LT, TANH_SMALL));
  }

  /** {@code Math.max(x, 0f)}: {@code x <= 0} (-0.0 too) gives +0.0; NaN compares false, stays. */
  private static FloatVector relu(FloatVector x) {
    return x.blend(0f, x.compare(LE, 0f));
  }

  /** {@code x > 0 ? x : slope * x}. */
  private static FloatVector leaky(FloatVector x, float slope) {
    return x.mul(slope).blend(x, x.compare(GT, 0f));
  }
}
