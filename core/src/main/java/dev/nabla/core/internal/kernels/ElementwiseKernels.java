package dev.nabla.core.internal.kernels;

/**
 * Elementwise loops over raw arrays: binary ops and comparisons that broadcast as NumPy does, unary
 * ops, their backward rules and dtype conversions.
 *
 * <p>Broadcasting methods take each operand's shape and the output shape, which the caller has
 * already computed with {@code Shapes.broadcast}; the output array is row-major and contiguous.
 * Same-shape methods work on the index range {@code [off, off + len)} of every array they are
 * given, so that a caller may split the work into chunks. Inputs are validated by the ops: a kernel
 * may assume matching lengths and shapes and a kind its dtype supports.
 *
 * <p>Arrays are passed as {@code Object} ({@code float[]}, {@code double[]} or {@code int[]});
 * where a method takes several value arrays they are all of one type (the comparisons' output is
 * always {@code boolean[]}; INT64 is {@code long[]}). An implementation dispatches on the array
 * type once, inside.
 */
public interface ElementwiseKernels {

  /** Binary arithmetic. {@link #MAX} and {@link #MIN} propagate NaN, as {@code numpy.maximum}. */
  enum Binary {
    ADD,
    SUB,
    MUL,
    DIV,
    POW,
    MAX,
    MIN;

    /** Whether INT32 operands are supported: ADD, SUB, MUL (wrapping on overflow), MAX, MIN. */
    public boolean supportsInt() {
      return this != DIV && this != POW;
    }
  }

  /** Unary functions. SIGMOID is {@code 1 / (1 + e^-x)}; RELU is {@code max(x, 0)}, NaN kept. */
  enum Unary {
    NEG,
    EXP,
    LOG,
    SQRT,
    ABS,
    TANH,
    SIGMOID,
    RELU,
    SIN,
    COS;

    /** Whether INT32 input is supported: NEG, ABS and RELU. */
    public boolean supportsInt() {
      return this == NEG || this == ABS || this == RELU;
    }
  }

  /** Backward rules of unary functions, {@code grad * f'(x)}, from the saved input or output. */
  enum UnaryGrad {
    /** {@code grad * y}, from the saved output {@code y = e^x}. */
    EXP,
    /** {@code grad / x}, from the saved input. */
    LOG,
    /** {@code grad * 0.5 / y}, from the saved output {@code y = sqrt(x)}. */
    SQRT,
    /** {@code grad * sign(x)} with {@code sign(0) = 0}, from the saved input. */
    ABS,
    /** {@code grad * (1 - y^2)}, from the saved output {@code y = tanh(x)}. */
    TANH,
    /** {@code grad * y * (1 - y)}, from the saved output {@code y = sigmoid(x)}. */
    SIGMOID,
    /** {@code grad} where {@code x > 0}, else 0, from the saved input. */
    RELU
  }

  /** Comparisons: true where they hold (every comparison with NaN is false but NE's). */
  enum Comparison {
    EQ,
    NE,
    GT,
    GE,
    LT,
    LE;

    /** The comparison giving the same answer with the operands swapped: {@code a > b == b < a}. */
    public Comparison swapped() {
      return switch (this) {
        case EQ -> EQ;
        case NE -> NE;
        case GT -> LT;
        case GE -> LE;
        case LT -> GT;
        case LE -> GE;
      };
    }
  }

  // ---------------------------------------------------------------- broadcasting

  /**
   * {@code out = a op b}, with {@code a} and {@code b} broadcast to {@code outShape}; INT32 only
   * for a kind that {@linkplain Binary#supportsInt() supports it}.
   */
  void binary(
      Binary op, Object a, int[] aShape, Object b, int[] bShape, Object out, int[] outShape);

  /** {@code out = a op b}, with {@code a} and {@code b} broadcast to {@code outShape}. */
  void compare(
      Comparison op, Object a, int[] aShape, Object b, int[] bShape, boolean[] out, int[] outShape);

  // ---------------------------------------------------------------- same shape

  /**
   * {@code out[i] = op(x[i])}; INT32 only for a kind that {@linkplain Unary#supportsInt() supports
   * it}.
   */
  void unary(Unary op, Object x, Object out, int off, int len);

  /**
   * {@code out[i] = x[i] > 0 ? x[i] : slope * x[i]}, with {@code slope} rounded to float first for
   * FLOAT32.
   */
  void leakyRelu(Object x, double slope, Object out, int off, int len);

  /**
   * {@code out[i] = gelu(x[i]) = x[i] Phi(x[i])}, GELU in its exact form ({@code Phi} the standard
   * normal CDF), and {@code cdf[i] = Phi(x[i])} for the backward rule; FLOAT32 or FLOAT64, FLOAT32
   * within a few float ulps (see {@code GeluLoops}).
   */
  void gelu(Object x, Object out, Object cdf, int off, int len);

  /**
   * {@code out[i] = grad[i] (Phi(x[i]) + x[i] phi(x[i]))}, the backward rule of {@link #gelu} from
   * its input and the {@code cdf = Phi(x)} it saved ({@code phi} the standard normal density).
   */
  void geluBackward(Object grad, Object x, Object cdf, Object out, int off, int len);

  /** {@code out[i] = grad[i] * f'(...)} from the saved input or output, as {@code op} documents. */
  void unaryBackward(UnaryGrad op, Object grad, Object saved, Object out, int off, int len);

  /** {@code out[i] = x[i] > 0 ? grad[i] : slope * grad[i]}, {@code slope} as for leakyRelu. */
  void leakyReluBackward(Object grad, Object x, double slope, Object out, int off, int len);

  /**
   * Routes {@code grad} through {@code max(a, b)} (or {@code min} when {@code !max}) of same-shape
   * {@code a} and {@code b}: to {@code gradA} where {@code a} was picked, to {@code gradB} where
   * {@code b} was, half to each where they are equal. A NaN is picked over a number ({@code a} when
   * both are NaN), as the forward pass propagates it.
   */
  void extremumBackward(
      boolean max, Object grad, Object a, Object b, Object gradA, Object gradB, int off, int len);

  /**
   * {@code out[i] = cond[i] ? a[i] : b[i]} over {@code [off, off + len)}: {@code a}, {@code b} and
   * {@code out} are arrays of one type (any dtype's), all of {@code cond}'s length.
   */
  void select(boolean[] cond, Object a, Object b, Object out, int off, int len);

  // ---------------------------------------------------------------- conversions

  /**
   * Converts each element of {@code src} into {@code dst}, an array of another type: widening
   * exactly, FLOAT64 to FLOAT32 and INT32 to FLOAT32 to the nearest float, and a float type to
   * INT32 by truncation toward zero, as Java's {@code (int)}: NaN becomes 0 and values beyond the
   * int range saturate. INT64 narrows to INT32 by wrapping; anything becomes BOOL as {@code x !=
   * 0}, and BOOL becomes 1 or 0.
   */
  void cast(Object src, Object dst, int off, int len);
}
