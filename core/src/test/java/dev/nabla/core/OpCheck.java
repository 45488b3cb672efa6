package dev.nabla.core;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

/**
 * Test helper in the spirit of tinygrad's {@code helper_test_op}: one call checks an op against a
 * reference written in plain Java over doubles.
 *
 * <pre>{@code
 * OpCheck.unary("exp", Tensor::exp, Math::exp).check();
 * OpCheck.binary("mul", Tensor::mul, (a, b) -> a * b).check();          // broadcast, 0-d, size-1
 * OpCheck.of("sum(1)", in -> in[0].sum(1), in -> in[0].reduce(1, false, Double::sum))
 *     .shapes(new int[] {2, 3}).check();
 * }</pre>
 *
 * For every input shape set, {@link #check()} asserts
 *
 * <ul>
 *   <li>the forward values in FLOAT32 and FLOAT64 against the reference (computed in double from
 *       the very values the op received), within a few ulps of the dtype ({@link #ulps});
 *   <li>the output shape against the reference's;
 *   <li>the FLOAT64 gradients against finite differences ({@link GradCheck}), on the cases small
 *       enough for it ({@link #gradientLimit});
 * </ul>
 *
 * under the kernels this JVM chose ({@link Backend#kernels()}) <em>and</em> under the other kernel
 * set. The kernels are chosen once per JVM, so for the second set OpCheck replays the calling
 * {@code @Test} method once in a class loader of its own, where {@code nabla.kernels} names the
 * other set (plain when this JVM runs the Vector API ones; vector when it runs plain and the module
 * is present). The replay runs the test method alone (no {@code @BeforeEach}), so call OpCheck from
 * a {@code @Test} method without parameters. A failure names the op, the dtype, the kernels, the
 * input shapes and the worst index.
 *
 * <p>Scope: ops on floating-point inputs whose output has the inputs' dtype (elementwise,
 * reductions, softmax, most of what is to come); comparisons, casts and INT32 paths are tested by
 * hand. The inputs are seeded, so a check fails or passes the same way on every run.
 */
public final class OpCheck {
  /**
   * Unary ops' default shapes: 0-d, size-1, a vector, a matrix and one longer than a vector
   * register with a tail.
   */
  public static final int[][][] UNARY_SHAPES = {{{}}, {{1}}, {{1, 1}}, {{3}}, {{2, 3}}, {{4, 19}}};

  /**
   * Binary ops' default shape pairs: equal shapes, 0-d on either side, size-1 axes and broadcasting
   * both ways.
   */
  public static final int[][][] BINARY_SHAPES = {
    {{}, {}},
    {{1}, {1}},
    {{2, 3}, {2, 3}},
    {{4, 19}, {4, 19}},
    {{}, {2, 3}},
    {{2, 3}, {}},
    {{2, 3}, {3}},
    {{3}, {2, 3}},
    {{2, 1}, {1, 3}},
    {{2, 1, 19}, {3, 1}}
  };

  /** A row-major array of doubles with its shape: what a reference receives and returns. */
  public record Array(int[] shape, double[] values) {
    /** Row-major strides of {@code shape}. */
    public static int[] strides(int... shape) {
      int[] s = new int[shape.length];
      int stride = 1;
      for (int i = shape.length - 1; i >= 0; i--) {
        s[i] = stride;
        stride *= shape[i];
      }
      return s;
    }

    /** The value at multi-index {@code idx}. */
    public double at(int... idx) {
      int[] st = strides(shape);
      int flat = 0;
      for (int i = 0; i < idx.length; i++) {
        flat += idx[i] * st[i];
      }
      return values[flat];
    }

    /**
     * Reduces along {@code axis} with {@code fn} starting from the first element of each line; the
     * axis is kept with size 1 when {@code keepDim}. The reference for sum, max and the like.
     */
    public Array reduce(int axis, boolean keepDim, DoubleBinaryOperator fn) {
      int[] st = strides(shape);
      int outer = Naive.size(Arrays.copyOfRange(shape, 0, axis));
      int inner = st[axis];
      double[] out = new double[outer * inner];
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < inner; i++) {
          int base = o * shape[axis] * inner + i;
          double acc = values[base];
          for (int k = 1; k < shape[axis]; k++) {
            acc = fn.applyAsDouble(acc, values[base + k * inner]);
          }
          out[o * inner + i] = acc;
        }
      }
      int[] outShape = shape.clone();
      outShape[axis] = 1;
      if (!keepDim) {
        int[] s = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
          if (i != axis) {
            s[j++] = shape[i];
          }
        }
        outShape = s;
      }
      return new Array(outShape, out);
    }
  }

  /** The reference: the expected output, computed from the inputs the op received. */
  @FunctionalInterface
  public interface Reference {
    Array apply(Array... inputs);
  }

  private final String name;
  private final Function<Tensor[], Tensor> op;
  private final Reference reference;
  private int[][][] shapes;
  private double low = -2;
  private double high = 2;
  private double awayFrom = Double.NaN;
  private int ulps32 = 2;
  private int ulps64 = 4;
  private boolean gradients = true;
  private int gradientLimit = 5000;

  private OpCheck(
      String name, Function<Tensor[], Tensor> op, Reference reference, int[][][] shapes) {
    this.name = name;
    this.op = op;
    this.reference = reference;
    this.shapes = shapes;
  }

  /** An op of any arity; give its input shapes with {@link #shapes}. */
  public static OpCheck of(String name, Function<Tensor[], Tensor> op, Reference reference) {
    return new OpCheck(name, op, reference, null);
  }

  /** An elementwise unary op, checked on {@link #UNARY_SHAPES} by default. */
  public static OpCheck unary(
      String name, Function<Tensor, Tensor> op, DoubleUnaryOperator reference) {
    return new OpCheck(name, in -> op.apply(in[0]), in -> map(in[0], reference), UNARY_SHAPES);
  }

  /** An elementwise binary op with broadcasting, checked on {@link #BINARY_SHAPES} by default. */
  public static OpCheck binary(
      String name, BinaryOperator<Tensor> op, DoubleBinaryOperator reference) {
    return new OpCheck(
        name,
        in -> op.apply(in[0], in[1]),
        in -> broadcast(in[0], in[1], reference),
        BINARY_SHAPES);
  }

  /** One case: the shape of each input, in order. */
  public OpCheck shapes(int[]... oneCase) {
    return shapeCases(new int[][][] {oneCase});
  }

  /** Several cases, each the shapes of the inputs in order. */
  public OpCheck shapeCases(int[][]... cases) {
    this.shapes = cases;
    return this;
  }

  /**
   * Inputs are drawn uniformly from [low, high) (default [-2, 2)): for ops with a restricted
   * domain.
   */
  public OpCheck domain(double low, double high) {
    this.low = low;
    this.high = high;
    return this;
  }

  /**
   * Inputs closer than 0.1 to {@code point} are moved 0.2 away from it: for kinks such as relu's at
   * 0.
   */
  public OpCheck awayFrom(double point) {
    this.awayFrom = point;
    return this;
  }

  /**
   * Forward tolerance in units in the last place of max(|expected|, 1): defaults 2 (FLOAT32), 4
   * (FLOAT64).
   */
  public OpCheck ulps(int float32, int float64) {
    this.ulps32 = float32;
    this.ulps64 = float64;
    return this;
  }

  /**
   * GradCheck runs on the cases with at most this many input elements in all (default 5000): finite
   * differences cost two forward passes per element, so large cases check values only.
   */
  public OpCheck gradientLimit(int elements) {
    this.gradientLimit = elements;
    return this;
  }

  /** Skips GradCheck, for ops that are not differentiable. */
  public OpCheck noGradients() {
    this.gradients = false;
    return this;
  }

  /** Runs every check, under this JVM's kernels and (once per test method) under the other set. */
  public void check() {
    if (shapes == null) {
      throw new IllegalStateException("OpCheck " + name + ": no input shapes, call shapes(...)");
    }
    String kernels = Backend.kernels();
    for (int c = 0; c < shapes.length; c++) {
      int[][] caseShapes = shapes[c];
      Tensor[] in64 = inputs(c, caseShapes);
      for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
        checkForward(dtype, kernels, caseShapes, in64);
      }
      int elements = 0;
      for (Tensor t : in64) {
        elements += t.size();
      }
      if (gradients && elements <= gradientLimit) {
        GradCheck.Result r = GradCheck.check(op, in64);
        if (!r.passed()) {
          throw new AssertionError(
              "OpCheck "
                  + name
                  + " gradient FLOAT64 kernels="
                  + kernels
                  + " shapes "
                  + str(caseShapes)
                  + ": "
                  + r);
        }
      }
    }
    Replay.afterCheck();
  }

  private Tensor[] inputs(int c, int[][] caseShapes) {
    Tensor[] in = new Tensor[caseShapes.length];
    for (int i = 0; i < in.length; i++) {
      double[] v =
          Tensor.uniform(1000L * c + i + 1, DType.FLOAT64, low, high, caseShapes[i])
              .toDoubleArray();
      if (!Double.isNaN(awayFrom)) {
        for (int k = 0; k < v.length; k++) {
          double d = v[k] - awayFrom;
          if (Math.abs(d) < 0.1) {
            v[k] = awayFrom + (d < 0 ? -0.2 : 0.2);
          }
        }
      }
      in[i] = Tensor.of(v, caseShapes[i]);
    }
    return in;
  }

  private void checkForward(DType dtype, String kernels, int[][] caseShapes, Tensor[] in64) {
    Tensor[] in = new Tensor[in64.length];
    Array[] ref = new Array[in64.length];
    for (int i = 0; i < in.length; i++) {
      in[i] = dtype == DType.FLOAT64 ? in64[i] : in64[i].to(dtype);
      // the reference sees exactly the values the op sees (FLOAT32 inputs are rounded)
      ref[i] = new Array(caseShapes[i], in[i].toDoubleArray());
    }
    String where =
        "OpCheck " + name + " " + dtype + " kernels=" + kernels + " shapes " + str(caseShapes);
    Tensor out;
    try (Grad.Scope off = Grad.disabled()) {
      out = op.apply(in);
    } catch (RuntimeException e) {
      throw new AssertionError(where + ": the op threw " + e, e);
    }
    Array expected = reference.apply(ref);
    if (out.dtype() != dtype) {
      throw new AssertionError(where + ": output dtype " + out.dtype() + ", expected " + dtype);
    }
    if (!Arrays.equals(out.shape(), expected.shape())) {
      throw new AssertionError(
          where
              + ": output shape "
              + Arrays.toString(out.shape())
              + ", expected "
              + Arrays.toString(expected.shape()));
    }
    double[] got = out.toDoubleArray();
    int ulps = dtype == DType.FLOAT64 ? ulps64 : ulps32;
    int worst = -1;
    double worstRatio = 1;
    for (int k = 0; k < got.length; k++) {
      double e = dtype == DType.FLOAT64 ? expected.values()[k] : (float) expected.values()[k];
      double ratio;
      if (Double.isNaN(e) || Double.isNaN(got[k])) {
        ratio = Double.isNaN(e) == Double.isNaN(got[k]) ? 0 : Double.POSITIVE_INFINITY;
      } else if (Double.isInfinite(e) || Double.isInfinite(got[k])) {
        ratio = e == got[k] ? 0 : Double.POSITIVE_INFINITY;
      } else {
        double scale = Math.max(Math.abs(e), 1);
        double ulp = dtype == DType.FLOAT64 ? Math.ulp(scale) : Math.ulp((float) scale);
        ratio = Math.abs(got[k] - e) / (ulps * ulp);
      }
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worst = k;
      }
    }
    if (worst >= 0) {
      throw new AssertionError(
          where
              + ": worst index "
              + Arrays.toString(Naive.unravel(worst, out.shape()))
              + " got "
              + got[worst]
              + ", expected "
              + expected.values()[worst]
              + " (off by "
              + String.format("%.3g", worstRatio * ulps)
              + " ulps, tolerance "
              + ulps
              + ")");
    }
  }

  private static Array map(Array x, DoubleUnaryOperator f) {
    double[] out = new double[x.values().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.applyAsDouble(x.values()[i]);
    }
    return new Array(x.shape(), out);
  }

  /** NumPy broadcasting of two arrays, elementwise {@code f}. */
  public static Array broadcast(Array a, Array b, DoubleBinaryOperator f) {
    int rank = Math.max(a.shape().length, b.shape().length);
    int[] shape = new int[rank];
    int[] sa = padded(a.shape(), rank);
    int[] sb = padded(b.shape(), rank);
    for (int i = 0; i < rank; i++) {
      shape[i] = sa[i] == 1 ? sb[i] : sa[i];
    }
    int[] sta = Array.strides(sa);
    int[] stb = Array.strides(sb);
    double[] out = new double[Naive.size(shape)];
    for (int k = 0; k < out.length; k++) {
      int[] idx = Naive.unravel(k, shape);
      int ia = 0;
      int ib = 0;
      for (int d = 0; d < rank; d++) {
        ia += (sa[d] == 1 ? 0 : idx[d]) * sta[d];
        ib += (sb[d] == 1 ? 0 : idx[d]) * stb[d];
      }
      out[k] = f.applyAsDouble(a.values()[ia], b.values()[ib]);
    }
    return new Array(shape, out);
  }

  private static int[] padded(int[] shape, int rank) {
    int[] p = new int[rank];
    Arrays.fill(p, 1);
    System.arraycopy(shape, 0, p, rank - shape.length, shape.length);
    return p;
  }

  private static String str(int[][] shapes) {
    StringBuilder sb = new StringBuilder();
    for (int[] s : shapes) {
      sb.append(sb.isEmpty() ? "" : ", ").append(Arrays.toString(s));
    }
    return sb.toString();
  }

  /**
   * Replays the calling test method under the other kernel set, in a class loader that loads nabla
   * (main and test classes) afresh and delegates everything else (JUnit, AssertJ, the JDK) upward.
   */
  static final class Replay {
    /**
     * True in the replaying class loader's copy of this class: checks there run, and replay
     * nothing.
     */
    static boolean replaying;

    private static final Set<String> REPLAYED = new HashSet<>();
    private static final Map<String, ClassLoader> LOADERS = new HashMap<>();

    private Replay() {}

    static void afterCheck() {
      if (replaying) {
        return;
      }
      String other =
          Backend.kernels().equals("vector")
              ? "plain"
              : ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "vector" : null;
      if (other == null) {
        return; // the Vector API module is absent: the plain kernels are all there is
      }
      Method test = callingTestMethod();
      String key = test.getDeclaringClass().getName() + "#" + test.getName();
      synchronized (REPLAYED) {
        if (!REPLAYED.add(key)) {
          return; // the first check of the method replayed the whole method
        }
      }
      try {
        Class<?> replay = Class.forName(Replay.class.getName(), true, loader(other));
        Method run = replay.getDeclaredMethod("run", String.class, String.class);
        run.setAccessible(
            true); // the replay's classes live in its loader's unnamed module, open to all
        run.invoke(null, test.getDeclaringClass().getName(), test.getName());
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        throw new AssertionError(
            "under kernels=" + other + " (replay of " + key + "): " + cause.getMessage(), cause);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("OpCheck could not replay " + key, e);
      }
    }

    /** Entry point in the replaying loader: runs the test method once. */
    public static void run(String className, String methodName) throws Throwable {
      replaying = true;
      Class<?> c = Class.forName(className);
      var constructor = c.getDeclaredConstructor();
      constructor.setAccessible(true);
      Method m = c.getDeclaredMethod(methodName);
      m.setAccessible(true);
      try {
        m.invoke(constructor.newInstance());
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    private static Method callingTestMethod() {
      return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
          .walk(
              frames ->
                  frames
                      .map(
                          f -> {
                            try {
                              Method m = f.getDeclaringClass().getDeclaredMethod(f.getMethodName());
                              return Arrays.stream(m.getAnnotations())
                                      .anyMatch(
                                          a ->
                                              a.annotationType()
                                                  .getName()
                                                  .equals("org.junit.jupiter.api.Test"))
                                  ? m
                                  : null;
                            } catch (NoSuchMethodException e) {
                              return null;
                            }
                          })
                      .filter(m -> m != null)
                      .findFirst()
                      .orElseThrow(
                          () ->
                              new IllegalStateException(
                                  "OpCheck.check() must be called from a @Test method without parameters, so that it can"
                                      + " replay the method under the other kernel set")));
    }

    private static synchronized ClassLoader loader(String kernels) {
      return LOADERS.computeIfAbsent(
          kernels,
          k -> {
            List<URL> urls = new ArrayList<>();
            try {
              urls.add(
                  Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI().toURL());
              urls.add(
                  OpCheck.class
                      .getProtectionDomain()
                      .getCodeSource()
                      .getLocation()
                      .toURI()
                      .toURL());
            } catch (URISyntaxException | IOException e) {
              throw new IllegalStateException(e);
            }
            ClassLoader loader =
                new ChildFirst(urls.toArray(URL[]::new), OpCheck.class.getClassLoader());
            String saved = System.getProperty("nabla.kernels");
            System.setProperty("nabla.kernels", k);
            try {
              // Backend.kernels() initialises the kernel choice in the new loader, under the
              // property
              Object chosen =
                  Class.forName(Backend.class.getName(), true, loader)
                      .getMethod("kernels")
                      .invoke(null);
              if (!k.equals(chosen)) {
                throw new IllegalStateException(
                    "OpCheck asked for kernels=" + k + ", got " + chosen);
              }
            } catch (ReflectiveOperationException e) {
              throw new IllegalStateException("OpCheck could not load nabla with kernels=" + k, e);
            } finally {
              if (saved == null) {
                System.clearProperty("nabla.kernels");
              } else {
                System.setProperty("nabla.kernels", saved);
              }
            }
            return loader;
          });
    }
  }

  /** Loads {@code dev.nabla.*} from its own URLs, everything else from the parent. */
  private static final class ChildFirst extends URLClassLoader {
    ChildFirst(URL[] urls, ClassLoader parent) {
      super("opcheck-replay", urls, parent);
    }

    @Override
    protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
      if (!className.startsWith("dev.nabla.")) {
        return super.loadClass(className, resolve);
      }
      synchronized (getClassLoadingLock(className)) {
        Class<?> c = findLoadedClass(className);
        if (c == null) {
          c = findClass(className);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }
}
