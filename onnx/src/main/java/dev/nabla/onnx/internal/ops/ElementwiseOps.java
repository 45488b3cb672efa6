package dev.nabla.onnx.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.proto.TensorProto;
import dev.nabla.onnx.internal.runtime.Attributes;
import dev.nabla.onnx.internal.runtime.NodeSpec;
import dev.nabla.onnx.internal.runtime.OpKernel;
import dev.nabla.onnx.internal.runtime.OpRegistry;
import dev.nabla.onnx.internal.runtime.TensorCodec;
import dev.nabla.onnx.internal.runtime.UnsupportedNodeException;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Elementwise ops: arithmetic (numpy-style broadcasting, as ONNX's multidirectional broadcasting
 * is), math functions, activations, comparisons, logic, Where, Clip and Cast. Float results come
 * from nabla's differentiable tensor ops (or {@link MathOp} where core has none); the ops that are
 * not differentiable (Floor, Sign, IsNaN, integer Div, Pow and Mod) are computed directly.
 */
public final class ElementwiseOps {
  private ElementwiseOps() {}

  public static void register(OpRegistry r) {
    binary(r, "Add", Tensor::add);
    binary(r, "Sub", Tensor::sub);
    binary(r, "Mul", Tensor::mul);
    binary(r, "Div", ElementwiseOps::div);
    binary(r, "Pow", ElementwiseOps::pow);
    r.register("Mod", ElementwiseOps::mod);

    unary(r, "Sqrt", Tensor::sqrt);
    unary(r, "Exp", Tensor::exp);
    unary(r, "Log", Tensor::log);
    unary(r, "Erf", Tensor::erf);
    unary(r, "Neg", Tensor::neg);
    unary(r, "Abs", Tensor::abs);
    unary(r, "Reciprocal", x -> Tensor.scalar(x.dtype(), 1).div(x));
    unary(r, "Floor", x -> integral(x, "Floor", Math::floor));
    unary(r, "Ceil", x -> integral(x, "Ceil", Math::ceil));
    // Math.rint rounds halves to the even neighbour, as ONNX's Round
    unary(r, "Round", x -> integral(x, "Round", Math::rint));
    unary(
        r,
        "Sign",
        x ->
            x.dtype().isFloatingPoint()
                ? Direct.map("Sign", x, Math::signum)
                : Direct.mapLong("Sign", x, Long::signum));
    unary(r, "Sin", Tensor::sin);
    unary(r, "Cos", Tensor::cos);
    math(r, "Tan", MathOp.Kind.TAN);
    math(r, "Asin", MathOp.Kind.ASIN);
    math(r, "Acos", MathOp.Kind.ACOS);
    math(r, "Atan", MathOp.Kind.ATAN);
    math(r, "Sinh", MathOp.Kind.SINH);
    math(r, "Cosh", MathOp.Kind.COSH);
    math(r, "Asinh", MathOp.Kind.ASINH);
    math(r, "Acosh", MathOp.Kind.ACOSH);
    math(r, "Atanh", MathOp.Kind.ATANH);
    unary(r, "IsNaN", x -> Direct.test("IsNaN", x, Double::isNaN));
    r.register("IsInf", ElementwiseOps::isInf);

    variadic(r, "Max", Tensor::maximum);
    variadic(r, "Min", Tensor::minimum);
    variadic(r, "Sum", Tensor::add);
    r.register("Mean", ElementwiseOps::mean);

    binary(r, "Equal", Tensor::eq);
    binary(r, "Less", Tensor::lt);
    binary(r, "Greater", Tensor::gt);
    binary(r, "LessOrEqual", Tensor::le);
    binary(r, "GreaterOrEqual", Tensor::ge);
    unary(r, "Not", Tensor::logicalNot);
    binary(r, "And", Tensor::logicalAnd);
    binary(r, "Or", Tensor::logicalOr);
    binary(r, "Xor", (a, b) -> logical("Xor", a, b).ne(b));
    r.register(
        "Where",
        node -> {
          node.requireInputs(3, 3);
          return in -> new Tensor[] {Tensor.where(in[0], in[1], in[2])};
        });
    r.register("Clip", ElementwiseOps::clip);
    r.register("Cast", ElementwiseOps::cast);
    r.register(
        "CastLike",
        node -> {
          node.requireInputs(2, 2);
          return in -> new Tensor[] {in[0].to(in[1].dtype())};
        });

    unary(r, "Relu", Tensor::relu);
    unary(r, "Sigmoid", Tensor::sigmoid);
    unary(r, "Tanh", Tensor::tanh);
    math(r, "Softplus", MathOp.Kind.SOFTPLUS);
    // x / (1 + |x|)
    unary(r, "Softsign", x -> x.div(x.abs().add(1)));
    // x * max(0, min(1, x / 6 + 1 / 2))
    unary(r, "HardSwish", x -> x.mul(x.mul(1 / 6.0).add(0.5).clamp(0, 1)));
    activation(
        r,
        "LeakyRelu",
        a -> {
          double alpha = a.getFloat("alpha", 0.01f);
          return x -> x.leakyRelu(alpha);
        });
    activation(
        r,
        "Elu",
        a -> {
          double alpha = a.getFloat("alpha", 1f);
          return x -> elu(x, alpha, 1);
        });
    activation(
        r,
        "Selu",
        a -> {
          double alpha = a.getFloat("alpha", 1.67326319217681884765625f);
          double gamma = a.getFloat("gamma", 1.05070102214813232421875f);
          return x -> elu(x, alpha, 1).mul(gamma);
        });
    activation(
        r,
        "Celu",
        a -> {
          double alpha = a.getFloat("alpha", 1f);
          OpUtil.require(alpha != 0, "Celu: alpha must not be 0");
          return x -> elu(x, alpha, 1 / alpha);
        });
    activation(
        r,
        "HardSigmoid",
        a -> {
          double alpha = a.getFloat("alpha", 0.2f), beta = a.getFloat("beta", 0.5f);
          return x -> x.mul(alpha).add(beta).clamp(0, 1);
        });
    activation(
        r,
        "ThresholdedRelu",
        a -> {
          double alpha = a.getFloat("alpha", 1f);
          return x -> Tensor.where(x.gt(alpha), x, Tensor.scalar(x.dtype(), 0));
        });
    activation(
        r,
        "Shrink",
        a -> {
          double bias = a.getFloat("bias", 0f), lambd = a.getFloat("lambd", 0.5f);
          return x -> {
            Tensor zero = Tensor.scalar(x.dtype(), 0);
            Tensor above = Tensor.where(x.gt(lambd), x.sub(bias), zero);
            return Tensor.where(x.lt(-lambd), x.add(bias), above);
          };
        });
    r.register("PRelu", ElementwiseOps::prelu);
  }

  // ---------------------------------------------------------------- registration helpers

  /**
   * A two-input op without attributes from opset 7. Before 7, {@code broadcast=1} broadcasts the
   * second input to the first, its dimensions aligned from {@code axis} (default: the trailing
   * ones); without it the shapes must match.
   */
  static void binary(OpRegistry r, String op, BinaryOperator<Tensor> f) {
    r.register(
        op,
        node -> {
          node.requireInputs(2, 2);
          ignoreConsumedInputs(node);
          if (node.opset() >= 7) {
            return in -> new Tensor[] {f.apply(in[0], in[1])};
          }
          Attributes a = node.attributes();
          long broadcast = a.getInt("broadcast", 0);
          OpUtil.require(
              broadcast == 0 || broadcast == 1, "broadcast must be 0 or 1, got " + broadcast);
          Long axis = a.has("axis") ? a.getInt("axis", 0) : null;
          if (broadcast == 0) {
            OpUtil.require(axis == null, "axis is given without broadcast=1");
            return in -> {
              if (!java.util.Arrays.equals(in[0].shape(), in[1].shape())) {
                throw new IllegalArgumentException(
                    op
                        + " (opset "
                        + node.opset()
                        + ", no broadcast attribute): the shapes must match, got "
                        + java.util.Arrays.toString(in[0].shape())
                        + " and "
                        + java.util.Arrays.toString(in[1].shape()));
              }
              return new Tensor[] {f.apply(in[0], in[1])};
            };
          }
          return in -> new Tensor[] {f.apply(in[0], legacyBroadcast(op, in[0], in[1], axis))};
        });
  }

  /**
   * Before opset 6 many ops carried {@code consumed_inputs}, a memory-reuse hint of the first
   * runtimes that has no effect on the result: read and ignored.
   */
  private static void ignoreConsumedInputs(NodeSpec node) {
    if (node.opset() < 6) {
      node.attributes().getInts("consumed_inputs", null);
    }
  }

  /** {@code b} reshaped to {@code a}'s rank, its dimensions starting at {@code axis}. */
  private static Tensor legacyBroadcast(String op, Tensor a, Tensor b, Long axis) {
    int ra = a.rank(), rb = b.rank();
    long start = axis == null ? ra - rb : axis < 0 ? axis + ra : axis;
    if (rb > ra || start < 0 || start + rb > ra) {
      throw new IllegalArgumentException(
          op
              + ": cannot broadcast shape "
              + java.util.Arrays.toString(b.shape())
              + " to "
              + java.util.Arrays.toString(a.shape())
              + " from axis "
              + (axis == null ? "(default) " + start : axis));
    }
    int[] s = new int[ra];
    java.util.Arrays.fill(s, 1);
    System.arraycopy(b.shape(), 0, s, (int) start, rb);
    return b.reshape(s);
  }

  /** A one-input op without attributes. */
  static void unary(OpRegistry r, String op, UnaryOperator<Tensor> f) {
    r.register(
        op,
        node -> {
          node.requireInputs(1, 1);
          ignoreConsumedInputs(node);
          return in -> new Tensor[] {f.apply(in[0])};
        });
  }

  private static void math(OpRegistry r, String op, MathOp.Kind kind) {
    unary(r, op, x -> MathOp.apply(kind, x));
  }

  /** A one-input op whose attributes {@code read} reads at load, returning the function. */
  private static void activation(
      OpRegistry r, String op, Function<Attributes, UnaryOperator<Tensor>> read) {
    r.register(
        op,
        node -> {
          node.requireInputs(1, 1);
          ignoreConsumedInputs(node);
          UnaryOperator<Tensor> f = read.apply(node.attributes());
          return in -> new Tensor[] {f.apply(in[0])};
        });
  }

  /** An op of one or more inputs, folded left to right with {@code f} (broadcasting). */
  private static void variadic(OpRegistry r, String op, BinaryOperator<Tensor> f) {
    r.register(
        op,
        node -> {
          node.requireInputs(1, Integer.MAX_VALUE);
          ignoreConsumedInputs(node);
          return in -> new Tensor[] {fold(op, in, f)};
        });
  }

  private static Tensor fold(String op, Tensor[] in, BinaryOperator<Tensor> f) {
    Tensor acc = null;
    for (int i = 0; i < in.length; i++) {
      if (in[i] == null) {
        throw new IllegalArgumentException(op + ": input " + i + " is omitted");
      }
      acc = acc == null ? in[i] : f.apply(acc, in[i]);
    }
    return acc;
  }

  // ---------------------------------------------------------------- arithmetic

  /** Div: integer division truncates toward zero, as C's and ONNX's. */
  static Tensor div(Tensor a, Tensor b) {
    if (a.dtype().isFloatingPoint()) {
      return a.div(b);
    }
    Direct.requireSameDType("Div", a, b);
    return Direct.zipLong(
        "Div",
        a,
        b,
        (x, y) -> {
          if (y == 0) {
            throw new IllegalArgumentException("Div: integer division by zero");
          }
          return x / y;
        });
  }

  /** Pow: the result has the base's dtype; the exponent may have any numeric dtype. */
  static Tensor pow(Tensor base, Tensor exponent) {
    if (base.dtype() == DType.BOOL || exponent.dtype() == DType.BOOL) {
      throw new IllegalArgumentException("Pow: bool inputs are not numbers");
    }
    if (base.dtype().isFloatingPoint()) {
      return base.pow(exponent.to(base.dtype()));
    }
    int[] shape = Direct.broadcast("Pow", base.shape(), exponent.shape());
    long[] x = Direct.longs(base, shape);
    if (exponent.dtype().isFloatingPoint()) {
      // as NumPy: computed in double, then converted to the base's integer type (truncating)
      double[] y = Direct.doubles(exponent, shape), v = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        v[i] = Math.pow(x[i], y[i]);
      }
      return Direct.fromDoubles(base.dtype(), v, shape);
    }
    long[] y = Direct.longs(exponent, shape);
    for (int i = 0; i < x.length; i++) {
      x[i] = intPow(x[i], y[i]);
    }
    return Direct.fromLongs(base.dtype(), x, shape);
  }

  /** {@code b^e} by squaring, wrapping on overflow as integer arithmetic does. */
  private static long intPow(long b, long e) {
    if (e < 0) {
      // only 1 and -1 have integer reciprocals; NumPy refuses negative integer powers
      if (b == 1) {
        return 1;
      }
      if (b == -1) {
        return (e & 1) == 0 ? 1 : -1;
      }
      throw new IllegalArgumentException(
          "Pow: integer " + b + " to the negative power " + e + " is not an integer");
    }
    long r = 1;
    while (e > 0) {
      if ((e & 1) != 0) {
        r *= b;
      }
      b *= b;
      e >>= 1;
    }
    return r;
  }

  /**
   * Mod: with {@code fmod=0} (the default) the remainder has the divisor's sign, as Python's {@code
   * %}; with {@code fmod=1} the dividend's, as C's {@code fmod}.
   */
  private static OpKernel mod(NodeSpec node) {
    node.requireInputs(2, 2);
    long fmod = node.attributes().getInt("fmod", 0);
    OpUtil.require(fmod == 0 || fmod == 1, "fmod must be 0 or 1, got " + fmod);
    boolean c = fmod == 1;
    return in -> {
      Tensor a = in[0], b = in[1];
      if (a.dtype().isFloatingPoint()) {
        return new Tensor[] {new ModOp(c).apply(a, b)};
      }
      return new Tensor[] {
        Direct.zipLong(
            "Mod",
            a,
            b,
            (x, y) -> {
              if (y == 0) {
                throw new IllegalArgumentException("Mod: integer modulo by zero");
              }
              long m = x % y;
              return !c && m != 0 && (m < 0) != (y < 0) ? m + y : m;
            })
      };
    };
  }

  /** Floor, Ceil, Round: {@code f} of a float tensor; an integer tensor is returned as it is. */
  private static Tensor integral(Tensor x, String op, java.util.function.DoubleUnaryOperator f) {
    return x.dtype().isInteger() ? x : Direct.map(op, x, f);
  }

  private static OpKernel isInf(NodeSpec node) {
    node.requireInputs(1, 1);
    Attributes a = node.attributes();
    boolean pos = a.getInt("detect_positive", 1) != 0, neg = a.getInt("detect_negative", 1) != 0;
    return in ->
        new Tensor[] {
          Direct.test(
              "IsInf",
              in[0],
              v -> v == Double.POSITIVE_INFINITY ? pos : v == Double.NEGATIVE_INFINITY && neg)
        };
  }

  private static OpKernel mean(NodeSpec node) {
    node.requireInputs(1, Integer.MAX_VALUE);
    ignoreConsumedInputs(node);
    return in -> {
      Tensor s = fold("Mean", in, Tensor::add);
      return new Tensor[] {in.length == 1 ? s : s.div(in.length)};
    };
  }

  /** And, Or, Xor: both inputs must be BOOL. */
  private static Tensor logical(String op, Tensor a, Tensor b) {
    if (a.dtype() != DType.BOOL || b.dtype() != DType.BOOL) {
      throw new IllegalArgumentException(
          op + ": expected bool inputs, got " + a.dtype() + " and " + b.dtype());
    }
    return a;
  }

  // ---------------------------------------------------------------- activations

  /**
   * {@code x} where positive, {@code alpha (e^(scale x) - 1)} elsewhere: Elu (scale 1), Celu (scale
   * 1/alpha). The exponential sees {@code min(x, 0)}, so a large positive x overflows neither the
   * value nor the gradient.
   */
  private static Tensor elu(Tensor x, double alpha, double scale) {
    Tensor negative = x.clampMax(0);
    if (scale != 1) {
      negative = negative.mul(scale);
    }
    return x.relu().add(negative.exp().sub(1).mul(alpha));
  }

  /**
   * PRelu: {@code slope * x} where {@code x < 0}, else {@code x}. From opset 7 the slope broadcasts
   * unidirectionally to x; before, a slope of size 1 is shared and a 1-d one holds one value per
   * channel (axis 1), as Caffe2 and PyTorch's exporter have it.
   */
  private static OpKernel prelu(NodeSpec node) {
    node.requireInputs(2, 2);
    ignoreConsumedInputs(node);
    boolean perChannel = node.opset() < 7;
    return in -> {
      Tensor x = in[0], slope = in[1];
      if (perChannel && slope.rank() == 1 && slope.size() > 1 && x.rank() > 2) {
        int[] s = new int[x.rank() - 1];
        java.util.Arrays.fill(s, 1);
        s[0] = slope.size();
        slope = slope.reshape(s);
      }
      int[] shape = Direct.broadcast("PRelu", x.shape(), slope.shape());
      if (!java.util.Arrays.equals(shape, x.shape())) {
        throw new IllegalArgumentException(
            "PRelu: slope of shape "
                + java.util.Arrays.toString(slope.shape())
                + " does not broadcast to the input's shape "
                + java.util.Arrays.toString(x.shape()));
      }
      return new Tensor[] {Tensor.where(x.lt(0), x.mul(slope), x)};
    };
  }

  // ---------------------------------------------------------------- Clip, Cast

  /**
   * Clip: before opset 11 the bounds are the float attributes min and max, from 11 the optional
   * scalar inputs 1 and 2 (of the input's dtype, integers too); an absent bound does not clip.
   */
  private static OpKernel clip(NodeSpec node) {
    Attributes a = node.attributes();
    if (node.opset() < 11) {
      node.requireInputs(1, 1);
      ignoreConsumedInputs(node);
      // an absent bound does not clip (also not a double beyond float's range)
      double min = a.has("min") ? a.getFloat("min", 0) : Double.NEGATIVE_INFINITY;
      double max = a.has("max") ? a.getFloat("max", 0) : Double.POSITIVE_INFINITY;
      return in -> new Tensor[] {in[0].clamp(min, max)};
    }
    node.requireInputs(1, 3);
    boolean hasMin = node.hasInput(1), hasMax = node.hasInput(2);
    return in -> {
      Tensor x = in[0];
      if (hasMin) {
        x = x.maximum(bound(in[1], in[0], "min"));
      }
      if (hasMax) {
        x = x.minimum(bound(in[2], in[0], "max"));
      }
      return new Tensor[] {x};
    };
  }

  private static Tensor bound(Tensor b, Tensor x, String which) {
    if (b.size() != 1 || b.dtype() != x.dtype()) {
      throw new IllegalArgumentException(
          "Clip: "
              + which
              + " must be a scalar of the input's dtype "
              + x.dtype()
              + ", got "
              + b.dtype()
              + " of shape "
              + java.util.Arrays.toString(b.shape()));
    }
    return b.rank() == 0 ? b : b.reshape();
  }

  /**
   * Cast to the attribute {@code to}: float, double, int32, int64 or bool. A float to an integer
   * truncates toward zero (NaN becomes 0, out-of-range values saturate), anything to bool is {@code
   * x != 0}, bool to a number 1 or 0.
   */
  private static OpKernel cast(NodeSpec node) {
    node.requireInputs(1, 1);
    Attributes a = node.attributes();
    if (!a.has("to")) {
      throw new UnsupportedNodeException("required attribute 'to' is missing");
    }
    long to = a.getInt("to", 0);
    DType target = to == (int) to ? TensorCodec.dtype((int) to) : null;
    if (target == null) {
      throw new UnsupportedNodeException(
          "casting to "
              + TensorProto.typeName((int) to)
              + " is not supported (nabla has float, double, int32, int64 and bool)");
    }
    return in -> new Tensor[] {in[0].to(target)};
  }
}
