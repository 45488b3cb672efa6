package dev.nabla.onnx.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;

/**
 * The differentiable elementwise functions ONNX has and nabla's core lacks: tan, the inverse and
 * hyperbolic trigonometric functions, and softplus. Forward is computed in double precision for
 * FLOAT32 and FLOAT64 (FLOAT32 results are rounded once); backward is built from nabla's tensor ops
 * on the saved input (or output, for tan).
 */
public final class MathOp extends Op {
  /** The function. */
  public enum Kind {
    TAN,
    ASIN,
    ACOS,
    ATAN,
    SINH,
    COSH,
    ASINH,
    ACOSH,
    ATANH,
    /** {@code ln(1 + e^x)}, computed without overflow. */
    SOFTPLUS
  }

  private final Kind kind;

  public MathOp(Kind kind) {
    this.kind = kind;
  }

  /** {@code kind(x)}. */
  public static Tensor apply(Kind kind, Tensor x) {
    return new MathOp(kind).apply(x);
  }

  @Override
  public String name() {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The function at one point, in double precision. */
  static double value(Kind kind, double x) {
    return switch (kind) {
      case TAN -> Math.tan(x);
      case ASIN -> Math.asin(x);
      case ACOS -> Math.acos(x);
      case ATAN -> Math.atan(x);
      case SINH -> Math.sinh(x);
      case COSH -> Math.cosh(x);
      case ASINH -> {
        // sign(x) * log1p(|x| + x^2 / (1 + sqrt(1 + x^2))): no cancellation for negative x
        double a = Math.abs(x);
        double r =
            a > 1e154
                ? Math.log(a) + Math.log(2)
                : Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
        yield Math.copySign(r, x);
      }
      // NaN below 1, as the square root of a negative number
      case ACOSH -> x > 1e154 ? Math.log(x) + Math.log(2) : Math.log(x + Math.sqrt(x * x - 1));
      case ATANH -> 0.5 * Math.log1p(2 * x / (1 - x));
      case SOFTPLUS -> x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    };
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    Tensor x = in[0];
    Tensor out = Direct.map(name(), x, v -> value(kind, v));
    ctx.save(x, out);
    return out;
  }

  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor x = ctx.saved(0);
    Tensor d =
        switch (kind) {
          case TAN -> {
            Tensor y = ctx.saved(1);
            yield y.mul(y).add(1);
          }
          case ASIN -> x.mul(x).neg().add(1).sqrt().pow(-1);
          case ACOS -> x.mul(x).neg().add(1).sqrt().pow(-1).neg();
          case ATAN -> x.mul(x).add(1).pow(-1);
          case SINH -> apply(Kind.COSH, x);
          case COSH -> apply(Kind.SINH, x);
          case ASINH -> x.mul(x).add(1).sqrt().pow(-1);
          case ACOSH -> x.mul(x).sub(1).sqrt().pow(-1);
          case ATANH -> x.mul(x).neg().add(1).pow(-1);
          case SOFTPLUS -> x.sigmoid();
        };
    return new Tensor[] {grad.mul(d)};
  }
}
