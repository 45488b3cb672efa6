package dev.nabla.core.internal.kernels;

import static dev.nabla.core.internal.kernels.VectorFloatLoops.L;
import static dev.nabla.core.internal.kernels.VectorFloatLoops.S;
import static dev.nabla.core.internal.kernels.VectorFloatLoops.load;
import static jdk.incubator.vector.VectorOperators.EXP;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LE;
import static jdk.incubator.vector.VectorOperators.LOG;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.SQRT;
import static jdk.incubator.vector.VectorOperators.TANH;

import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The FLOAT32 unary loops of {@link VectorElementwiseKernels}, the Vector API counterparts of
 * {@link FloatLoops#unary} and {@link FloatLoops#leakyRelu}, built as {@link VectorFloatLoops}
 * explains: one small method per kind, whole vectors then one masked vector.
 *
 * <p>NEG, ABS, RELU and leaky ReLU give bit for bit the plain loops' results, and so does SQRT
 * (correctly rounded in float, as the plain loop's double square root rounded once). EXP, LOG,
 * TANH and SIGMOID use the lanewise SVML approximations in single precision where the plain loops
 * round a double result once: they agree within a few ulps.
 */
final class VectorFloatUnaryLoops {
  private VectorFloatUnaryLoops() {}

  /** {@code o[i] = op(x[i])} for {@code off <= i < off + len}. */
  static void unary(Unary op, float[] x, float[] o, int off, int len) {
    switch (op) {
      case NEG -> neg(x, o, off, len);
      case EXP -> exp(x, o, off, len);
      case LOG -> log(x, o, off, len);
      case SQRT -> sqrt(x, o, off, len);
      case ABS -> abs(x, o, off, len);
      case TANH -> tanh(x, o, off, len);
      case SIGMOID -> sigmoid(x, o, off, len);
      case RELU -> relu(x, o, off, len);
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
      load(x, i, m).neg().intoArray(o, i, m);
    }
  }

  /** {@code o = e^x (SVML)}. */
  private static void exp(float[] x, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      load(x, i).lanewise(EXP).intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      load(x, i, m).lanewise(EXP).intoArray(o, i, m);
    }
  }

  /** {@code o = ln x (SVML)}. */
  private static void log(float[] x, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      load(x, i).lanewise(LOG).intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      load(x, i, m).lanewise(LOG).intoArray(o, i, m);
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
      load(x, i, m).lanewise(SQRT).intoArray(o, i, m);
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
      load(x, i, m).abs().intoArray(o, i, m);
    }
  }

  /** {@code o = tanh x (SVML)}. */
  private static void tanh(float[] x, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      load(x, i).lanewise(TANH).intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      load(x, i, m).lanewise(TANH).intoArray(o, i, m);
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
      sigmoid(load(x, i, m)).intoArray(o, i, m);
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
      relu(load(x, i, m)).intoArray(o, i, m);
    }
  }

  /** {@code o = x > 0 ? x : slope * x}. */
  static void leakyRelu(float[] x, float slope, float[] o, int off, int len) {
    int end = off + len;
    int i = off;
    for (int ub = off + S.loopBound(len); i < ub; i += L) {
      leaky(load(x, i), slope).intoArray(o, i);
    }
    if (i < end) {
      VectorMask<Float> m = S.indexInRange(i, end);
      leaky(load(x, i, m), slope).intoArray(o, i, m);
    }
  }

  /**
   * {@code 1 / (1 + e^-x)}, from {@code t = e^-|x|}, which never overflows: {@code 1 / (1 + t)} for
   * {@code x >= 0} and {@code t / (1 + t)} for {@code x < 0}. In single precision {@code e^-x}
   * overflows below {@code x = -88.7}, where the plain formula would flush results that are still
   * representable (down to about {@code x = -103}) to 0. NaN stays NaN.
   */
  private static FloatVector sigmoid(FloatVector x) {
    FloatVector t = x.abs().neg().lanewise(EXP);
    FloatVector r = FloatVector.broadcast(S, 1f).div(t.add(1f));
    return r.blend(t.mul(r), x.compare(LT, 0f));
  }

  /** {@code Math.max(x, 0f)}: {@code x <= 0} (-0.0 included) gives +0.0, NaN compares false and stays. */
  private static FloatVector relu(FloatVector x) {
    return x.blend(0f, x.compare(LE, 0f));
  }

  /** {@code x > 0 ? x : slope * x}. */
  private static FloatVector leaky(FloatVector x, float slope) {
    return x.mul(slope).blend(x, x.compare(GT, 0f));
  }
}
